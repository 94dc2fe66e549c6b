// v3 request documents for roles, groups and group membership (issue 15).
import { Type, type Static } from '@sinclair/typebox';
import { about, description, name, nullable, permissions, uuid } from '../common/fields';
import { attributes, ignored, resourceDocument } from './requests';

const { Optional } = Type;

const roleFields = {
  name: about("The role's name, unique among the organization's roles.", name),
  description: about('What the role is for; null for none.', nullable(description)),
  permissions: about("What the role grants (all of them the caller's credential must be able to use).", permissions),
};
export const createRole = about(
  'A new `roles` resource.',
  resourceDocument({ attributes: attributes(roleFields, ['name', 'permissions']), attributesRequired: true, idRequired: false }),
);
export const updateRole = about('What to change in a role.', resourceDocument({ attributes: attributes(roleFields), idRequired: true }));

/** A binding names a role by id; `condition` is listed only so that it gets its own 400. */
const binding = Type.Object(
  {
    id: Optional(about("The binding's id, to keep an existing binding.", uuid)),
    role: about("The role's id.", uuid),
    condition: Optional(about('Not supported: a binding applies unconditionally (400).', Type.Unknown())),
  },
  { additionalProperties: false },
);
const groupFields = {
  name: about("The group's name, unique in the organization.", name),
  description: about('What the group is for; null for none.', nullable(description)),
  bindings: about('The roles the group grants its members (they replace the old ones).', Type.Array(binding, { maxItems: 50 })),
};
export const createGroup = about(
  'A new `groups` resource.',
  resourceDocument({ attributes: attributes(groupFields, ['name']), attributesRequired: true, idRequired: false }),
);
export const updateGroup = about('What to change in a group.', resourceDocument({ attributes: attributes(groupFields), idRequired: true }));

/**
 * `{data: [{type: "service-accounts", id}, …]}`: a relationship's members, added, replaced or removed;
 * `words` say what the members are, in each endpoint's terms.
 */
function identifiers(words: { document: string; data: string; type: string; id: string }) {
  const member = Type.String({ minLength: 1 });
  return about(
    words.document,
    Type.Object(
      {
        data: about(
          words.data,
          Type.Array(
            Type.Object(
              { type: about(words.type, member), id: about(words.id, member), meta: ignored('Meta') },
              { additionalProperties: false },
            ),
            { maxItems: 100 },
          ),
        ),
        meta: ignored('Meta'),
        jsonapi: ignored('The JSON:API object'),
      },
      { additionalProperties: false },
    ),
  );
}

export const memberIdentifiers = identifiers({
  document: 'Service accounts, by type and id: the members to add, to have, or to remove.',
  data: 'The service accounts, by type and id.',
  type: 'Always `service-accounts` (another type is 409).',
  id: "The service account's id.",
});
/** Ctrl-Hub's `…/relationships/members` (issue 26): the same identifiers, where a `users` one is a 422 naming it. */
export const memberOrUserIdentifiers = identifiers({
  document: "Members, by type and id, as Ctrl-Hub's SDK sends them: service accounts are members; iamgate has no users.",
  data: 'The members, by type and id.',
  type: '`service-accounts`; `users` is 422 naming the member (iamgate has no users), any other type 409.',
  id: "The member's id.",
});

export type RoleDocument = Static<typeof createRole> | Static<typeof updateRole>;
export type GroupDocument = Static<typeof createGroup> | Static<typeof updateGroup>;
export type MemberDocument = Static<typeof memberIdentifiers>;
