// v1 request bodies and query strings (docs/reference/v1.md, seed v1-legacy-create-service-account).
import { description, name, nullable, permissions, uuid } from '../common/fields';

/** What `scope` a v1 api key may have; "read" makes a read-only key. */
export const API_KEY_SCOPES = ['read', 'read-write'] as const;

export const createServiceAccount = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'permissions'],
  properties: { name, description: nullable(description), permissions },
};

/** Any of the three fields; one that is absent stays as it is. */
export const updateServiceAccount = {
  type: 'object',
  additionalProperties: false,
  properties: { name, description: nullable(description), permissions },
};

export const createApiKey = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceAccountId'],
  properties: {
    name: nullable(name),
    description: nullable(description),
    scope: { type: 'string', enum: [...API_KEY_SCOPES] },
    serviceAccountId: uuid,
  },
};

/** Offset paging; the offset is capped so no database is asked for an absurd one. */
const page = {
  limit: { type: 'integer', minimum: 1, maximum: 100 },
  offset: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
};

export const listServiceAccountsQuery = { type: 'object', additionalProperties: false, properties: page };
export const listOrganizationsQuery = listServiceAccountsQuery;

export const listApiKeysQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...page, serviceAccountId: uuid },
};

export const noQuery = { type: 'object', additionalProperties: false, properties: {} };
