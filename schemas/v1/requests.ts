// v1 request bodies and query strings (docs/reference/v1.md, seed v1-legacy-create-service-account).
// TypeBox schemas: ajv validates with them, and `Static<typeof schema>` is the type the bindings read.
import { Type, type Static } from '@sinclair/typebox';
import { about, description, enumOf, name, nullable, permissions, uuid } from '../common/fields';

const { Optional } = Type;

/** What `scope` a v1 api key may have; "read" makes a read-only key. */
export const API_KEY_SCOPES = ['read', 'read-write'] as const;

export const createServiceAccount = about(
  'A new service account (v1 makes it without keys).',
  Type.Object(
    {
      name: about("The account's name, unique in the organization (case and width folded).", name),
      description: Optional(about('What the account is for; null for none.', nullable(description))),
      permissions: about('What the account may do: permissions like `service_account:read` (`resource:action`).', permissions),
    },
    { additionalProperties: false },
  ),
);

/** Any of the three fields; one that is absent stays as it is. */
export const updateServiceAccount = about(
  'What to change; a field left out stays as it is.',
  Type.Object(
    {
      name: Optional(about('A new name, unique in the organization.', name)),
      description: Optional(about('A new description; null removes it.', nullable(description))),
      permissions: Optional(about("The account's permissions from now on (they replace the old ones).", permissions)),
    },
    { additionalProperties: false },
  ),
);

export const createApiKey = about(
  'A new key of a service account.',
  Type.Object(
    {
      name: Optional(about('A name for the key (not unique); null for none.', nullable(name))),
      description: Optional(about('What the key is for; null for none.', nullable(description))),
      scope: Optional(
        about(
          "`read`: a read-only key (the account's `:read` permissions); `read-write` (the default): all the account can do.",
          enumOf(API_KEY_SCOPES),
        ),
      ),
      serviceAccountId: about('The account the key belongs to.', uuid),
    },
    { additionalProperties: false },
  ),
);

/** Offset paging; the offset is capped so no database is asked for an absurd one. */
const page = {
  limit: Optional(about('How many items a page holds (default 20).', Type.Integer({ minimum: 1, maximum: 100 }))),
  offset: Optional(about('How many items to skip (default 0).', Type.Integer({ minimum: 0, maximum: 2_147_483_647 }))),
};

export const listServiceAccountsQuery = Type.Object(page, { additionalProperties: false });
export const listOrganizationsQuery = listServiceAccountsQuery;

export const listApiKeysQuery = Type.Object(
  { ...page, serviceAccountId: Optional(about('Only the keys of this account.', uuid)) },
  { additionalProperties: false },
);

export const noQuery = Type.Object({}, { additionalProperties: false });

export type CreateServiceAccount = Static<typeof createServiceAccount>;
export type UpdateServiceAccount = Static<typeof updateServiceAccount>;
export type CreateApiKey = Static<typeof createApiKey>;
