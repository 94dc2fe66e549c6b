// v3 request documents (contract section 5): JSON:API resource objects under `data`.
// `type` is only checked to be a string here; a wrong type is a 409 (JSON:API), decided in the adapter.
import { dateTime, description, name, nullable } from '../common/fields';

const member = { type: 'string', minLength: 1 } as const;
/** JSON:API lets a client send `meta` (and `jsonapi`) anywhere; they carry nothing for us. */
const freeForm = { type: 'object' } as const;

function attributes(properties: Record<string, object>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, required, properties };
}

/** `{data: {type, id?, attributes?}}`: the single resource object a POST or PATCH carries. */
function resourceDocument(data: { attributes: object; attributesRequired?: boolean; idRequired: boolean }) {
  const required = ['type', ...(data.idRequired ? ['id'] : []), ...(data.attributesRequired ? ['attributes'] : [])];
  const properties: Record<string, object> = { type: member, attributes: data.attributes, meta: freeForm };
  // A client-generated id on create is refused as a read-only member.
  if (data.idRequired) properties.id = member;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: { type: 'object', additionalProperties: false, required, properties },
      meta: freeForm,
      jsonapi: freeForm,
    },
  };
}

export const createServiceAccount = resourceDocument({
  attributes: attributes({ name, description: nullable(description), enabled: { type: 'boolean' } }, ['name']),
  attributesRequired: true,
  idRequired: false,
});

export const updateServiceAccount = resourceDocument({
  attributes: attributes({ name, description: nullable(description), enabled: { type: 'boolean' } }),
  idRequired: true,
});

export const createKey = resourceDocument({
  attributes: attributes({ expires_at: nullable(dateTime) }),
  idRequired: false,
});

export const updateKey = resourceDocument({
  attributes: attributes({ enabled: { type: 'boolean' } }),
  idRequired: true,
});

/** DELETE takes no body, but a client may name what it deletes (kitsu sends `{data:{type, id}}`). */
export const deleteResource = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: { type: 'object', additionalProperties: false, required: ['type', 'id'], properties: { type: member, id: member, meta: freeForm } },
    meta: freeForm,
    jsonapi: freeForm,
  },
};
