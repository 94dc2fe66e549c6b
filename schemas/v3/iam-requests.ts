// v3 request documents for roles, groups and group membership (issue 15).
import { Type } from '@sinclair/typebox';
import { about, description, name, nullable, permissions, uuid } from '../common/fields';
import { attributes, resourceDocument, type ResourceDocument } from './requests';

type RoleAttributes = {
  name?: string;
  description?: string | null;
  permissions?: string[];
};
type GroupAttributes = {
  name?: string;
  description?: string | null;
  bindings?: { id?: string; role: string; condition?: unknown }[];
};
export type RoleDocument = ResourceDocument<RoleAttributes>;
export type GroupDocument = ResourceDocument<GroupAttributes>;
export interface MemberDocument {
  data: { type: string; id: string; meta?: object }[];
}

const roleFields = {
  name: about("The role's name, unique among the organization's roles.", name),
  description: about('What the role is for; null for none.', nullable(description)),
  permissions: about("What the role grants (all of them the caller's credential must be able to use).", permissions),
};
export const createRole = Type.Unsafe<RoleDocument>(
  about(
    'A new `roles` resource.',
    resourceDocument({ attributes: attributes(roleFields, ['name', 'permissions']), attributesRequired: true, idRequired: false }),
  ),
);
export const updateRole = Type.Unsafe<RoleDocument>(
  about('What to change in a role.', resourceDocument({ attributes: attributes(roleFields), idRequired: true })),
);

/** A binding names a role by id; `condition` is listed only so that it gets its own 400. */
const binding = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    id: about("The binding's id, to keep an existing binding.", uuid),
    role: about("The role's id.", uuid),
    condition: about('Not supported: a binding applies unconditionally (400).', {}),
  },
} as const;
const groupFields = {
  name: about("The group's name, unique in the organization.", name),
  description: about('What the group is for; null for none.', nullable(description)),
  bindings: about('The roles the group grants its members (they replace the old ones).', { type: 'array', maxItems: 50, items: binding }),
};
export const createGroup = Type.Unsafe<GroupDocument>(
  about(
    'A new `groups` resource.',
    resourceDocument({ attributes: attributes(groupFields, ['name']), attributesRequired: true, idRequired: false }),
  ),
);
export const updateGroup = Type.Unsafe<GroupDocument>(
  about('What to change in a group.', resourceDocument({ attributes: attributes(groupFields), idRequired: true })),
);

/** `{data: [{type: "service-accounts", id}, …]}`: a relationship's members, added, replaced or removed. */
const identifiers = {
  type: 'object',
  description: 'Service accounts, by type and id: the members to add, to have, or to remove.',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: about('The service accounts, by type and id.', {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'id'],
        properties: {
          type: about('Always `service-accounts` (another type is 409).', { type: 'string', minLength: 1 }),
          id: about("The service account's id.", { type: 'string', minLength: 1 }),
          meta: about('Meta JSON:API allows; accepted and ignored.', { type: 'object' }),
        },
      },
    }),
    meta: about('Meta JSON:API allows; accepted and ignored.', { type: 'object' }),
    jsonapi: about('The JSON:API object JSON:API allows; accepted and ignored.', { type: 'object' }),
  },
};

/** Ctrl-Hub's `…/relationships/members` (issue 26): the same identifiers, where a `users` one is a 422 naming it. */
export const memberIdentifiers = Type.Unsafe<MemberDocument>(identifiers);
const memberItems = identifiers.properties.data.items;
export const memberOrUserIdentifiers = Type.Unsafe<MemberDocument>({
  ...identifiers,
  description: "Members, by type and id, as Ctrl-Hub's SDK sends them: service accounts are members; iamgate has no users.",
  properties: {
    ...identifiers.properties,
    data: about('The members, by type and id.', {
      ...identifiers.properties.data,
      items: {
        ...memberItems,
        properties: {
          ...memberItems.properties,
          type: about('`service-accounts`; `users` is 422 naming the member (iamgate has no users), any other type 409.', {
            type: 'string',
            minLength: 1,
          }),
          id: about("The member's id.", { type: 'string', minLength: 1 }),
        },
      },
    }),
  },
});
