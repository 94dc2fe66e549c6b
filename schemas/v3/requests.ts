// v3 request documents (docs/reference/v3.md): JSON:API resource objects under `data`.
// `type` is only checked to be a string here; a wrong type is a 409 (JSON:API), decided in the adapter,
// as are a client-generated `id`/`lid` on create and changed read-only members (403, issue 14).
// Relationships are the ones adapters/v3/resource-types.ts lists for the type; any other is a 400.
import {
  ACCOUNT_TYPE, KEY_TYPE, READ_ONLY_ATTRIBUTES, RELATIONSHIPS, type RelationshipSpec, type ResourceType,
} from '../../adapters/v3/resource-types';
import { dateTime, description, name, nullable } from '../common/fields';

const member = { type: 'string', minLength: 1 } as const;
/** JSON:API lets a client send `meta` (and `jsonapi`) anywhere; they carry nothing for us. */
const freeForm = { type: 'object' } as const;

export function attributes(properties: Record<string, object>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, required, properties };
}

const identifier = { type: 'object', additionalProperties: false, required: ['type', 'id'], properties: { type: member, id: member, meta: freeForm } };

/** `relationships`: only the names listed, each a relationship object whose `data` is linkage. */
function relationshipsOf(specs: Record<string, RelationshipSpec> = {}) {
  const properties = Object.fromEntries(Object.entries(specs).map(([relationship, spec]) => [relationship, {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: spec.many ? { type: 'array', items: identifier } : { ...identifier, type: ['object', 'null'] },
      links: freeForm,
      meta: freeForm,
    },
  }]));
  return { type: 'object', additionalProperties: false, properties };
}

/** An update's attributes may repeat read-only ones (any value here; the adapter compares them). */
function withReadOnly(type: ResourceType, properties: Record<string, object>): Record<string, object> {
  return { ...properties, ...Object.fromEntries((READ_ONLY_ATTRIBUTES[type] ?? []).map((a) => [a, {}])) };
}

/**
 * `{data: {type, id?, attributes?, relationships?, meta?, links?}}`: the single resource object a
 * POST or PATCH carries. On create, `id` and `lid` are let through for the adapter's 403.
 */
export function resourceDocument(data: {
  attributes: object; attributesRequired?: boolean; idRequired: boolean; relationships?: Record<string, RelationshipSpec>;
}) {
  const required = ['type', ...(data.idRequired ? ['id'] : []), ...(data.attributesRequired ? ['attributes'] : [])];
  const properties: Record<string, object> = {
    type: member, id: member, attributes: data.attributes, relationships: relationshipsOf(data.relationships), meta: freeForm, links: freeForm,
  };
  if (!data.idRequired) properties.lid = member;
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

const accountAttributes = { name, description: nullable(description), enabled: { type: 'boolean' } };

export const createServiceAccount = resourceDocument({
  attributes: attributes(accountAttributes, ['name']),
  attributesRequired: true,
  idRequired: false,
  relationships: RELATIONSHIPS[ACCOUNT_TYPE],
});

export const updateServiceAccount = resourceDocument({
  attributes: attributes(withReadOnly(ACCOUNT_TYPE, accountAttributes)),
  idRequired: true,
  relationships: RELATIONSHIPS[ACCOUNT_TYPE],
});

export const createKey = resourceDocument({
  attributes: attributes({ expires_at: nullable(dateTime) }),
  idRequired: false,
  relationships: RELATIONSHIPS[KEY_TYPE],
});

export const updateKey = resourceDocument({
  attributes: attributes(withReadOnly(KEY_TYPE, { enabled: { type: 'boolean' } })),
  idRequired: true,
  relationships: RELATIONSHIPS[KEY_TYPE],
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
