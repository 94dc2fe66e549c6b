// v1 request bodies and query strings (docs/reference/v1.md, seed v1-legacy-create-service-account).
import { about, description, name, nullable, permissions, uuid } from '../common/fields';

/** What `scope` a v1 api key may have; "read" makes a read-only key. */
export const API_KEY_SCOPES = ['read', 'read-write'] as const;

export const createServiceAccount = {
  type: 'object',
  description: 'A new service account (v1 makes it without keys).',
  additionalProperties: false,
  required: ['name', 'permissions'],
  properties: {
    name: about("The account's name, unique in the organization (case and width folded).", name),
    description: about('What the account is for; null for none.', nullable(description)),
    permissions: about('What the account may do: permissions like `service_account:read` (`resource:action`).', permissions),
  },
};

/** Any of the three fields; one that is absent stays as it is. */
export const updateServiceAccount = {
  type: 'object',
  description: 'What to change; a field left out stays as it is.',
  additionalProperties: false,
  properties: {
    name: about('A new name, unique in the organization.', name),
    description: about('A new description; null removes it.', nullable(description)),
    permissions: about("The account's permissions from now on (they replace the old ones).", permissions),
  },
};

export const createApiKey = {
  type: 'object',
  description: 'A new key of a service account.',
  additionalProperties: false,
  required: ['serviceAccountId'],
  properties: {
    name: about('A name for the key (not unique); null for none.', nullable(name)),
    description: about('What the key is for; null for none.', nullable(description)),
    scope: about("`read`: a read-only key (the account's `:read` permissions); `read-write` (the default): all the account can do.", {
      type: 'string',
      enum: [...API_KEY_SCOPES],
    }),
    serviceAccountId: about('The account the key belongs to.', uuid),
  },
};

/** Offset paging; the offset is capped so no database is asked for an absurd one. */
const page = {
  limit: about('How many items a page holds (default 20).', { type: 'integer', minimum: 1, maximum: 100 }),
  offset: about('How many items to skip (default 0).', { type: 'integer', minimum: 0, maximum: 2_147_483_647 }),
};

export const listServiceAccountsQuery = { type: 'object', additionalProperties: false, properties: page };
export const listOrganizationsQuery = listServiceAccountsQuery;

export const listApiKeysQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...page, serviceAccountId: about('Only the keys of this account.', uuid) },
};

export const noQuery = { type: 'object', additionalProperties: false, properties: {} };
