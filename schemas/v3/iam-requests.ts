// v3 request documents for roles, groups and group membership (issue 15).
import { description, name, nullable, permissions, uuid } from '../common/fields';
import { attributes, resourceDocument } from './requests';

const roleFields = { name, description: nullable(description), permissions };
export const createRole = resourceDocument({ attributes: attributes(roleFields, ['name', 'permissions']), attributesRequired: true, idRequired: false });
export const updateRole = resourceDocument({ attributes: attributes(roleFields), idRequired: true });

/** A binding names a role by id; `condition` is listed only so that it gets its own 400. */
const binding = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: { id: uuid, role: uuid, condition: {} },
} as const;
const groupFields = { name, description: nullable(description), bindings: { type: 'array', maxItems: 50, items: binding } };
export const createGroup = resourceDocument({ attributes: attributes(groupFields, ['name']), attributesRequired: true, idRequired: false });
export const updateGroup = resourceDocument({ attributes: attributes(groupFields), idRequired: true });

/** `{data: [{type: "service-accounts", id}, …]}`: a relationship's members, added, replaced or removed. */
export const memberIdentifiers = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: {
      type: 'array',
      maxItems: 100,
      items: { type: 'object', additionalProperties: false, required: ['type', 'id'], properties: { type: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 }, meta: { type: 'object' } } },
    },
    meta: { type: 'object' },
    jsonapi: { type: 'object' },
  },
};
