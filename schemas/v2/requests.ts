// v2 request bodies and query strings (docs/reference/v2.md).
import { about, dateTime, description, name, nullable, permissions, role, workspaceAssignment } from '../common/fields';

const assignments = { type: 'array', maxItems: 100, items: workspaceAssignment } as const;

export const createServiceAccount = {
  type: 'object',
  description: 'A new service account, made with its first credential.',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: about("The account's name, unique in the organization (case and width folded).", name),
    description: about('What the account is for; null for none.', nullable(description)),
    organizationalRole: about('Its role in the organization (default Member); the caller cannot grant more than it holds.', nullable(role)),
    workspaceAssignments: about('The workspaces it works in, and its role in each.', nullable(assignments)),
    expirationDate: about('When its first credential stops working; null for never.', nullable(dateTime)),
    scopes: about("The account's permissions (the first credential follows them); null or absent for none.", nullable(permissions)),
  },
};

export const updateServiceAccount = {
  type: 'object',
  description: 'What to change; a field that is absent or null stays as it is.',
  additionalProperties: false,
  properties: {
    name: about('A new name; absent or null leaves it as it is.', nullable(name)),
    description: about('A new description; absent or null leaves it as it is.', nullable(description)),
    organizationalRole: about('A new role; absent or null leaves it as it is.', nullable(role)),
    workspaceAssignments: about(
      'The assignments from now on (they replace the old ones); absent or null leaves them.',
      nullable(assignments),
    ),
  },
};

export const createCredential = {
  type: ['object', 'null'],
  description: 'A new credential; the body may be absent.',
  additionalProperties: false,
  properties: {
    expirationDate: about('When the credential stops working; null for never.', nullable(dateTime)),
    scopes: about(
      'Caps the credential to these scopes (the account must hold them); absent or null: it can use all the account can.',
      nullable(permissions),
    ),
  },
};

export const createWorkspace = {
  type: 'object',
  description: 'A new workspace.',
  additionalProperties: false,
  required: ['name'],
  properties: { name: about("The workspace's name, unique in the organization.", name) },
};

export const listServiceAccountsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: about('How many accounts a page holds (default 50).', { type: 'integer', minimum: 1, maximum: 100 }),
    continuationToken: about("The previous page's `pagination.continuationToken`, for the next page (with the same filters).", {
      type: 'string',
      minLength: 1,
      maxLength: 512,
    }),
    isActive: about('Only active (true) or only disabled (false) accounts.', { type: 'boolean' }),
    search: about('Only accounts whose name contains this (case-insensitive).', { type: 'string', minLength: 1, maxLength: 200 }),
  },
};

export const listAuditEventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: about('How many events a page holds (default 50).', { type: 'integer', minimum: 1, maximum: 100 }),
    continuationToken: about("The previous page's `pagination.continuationToken`, for the next page.", {
      type: 'string',
      minLength: 1,
      maxLength: 512,
    }),
  },
};

export const noQuery = { type: 'object', additionalProperties: false, properties: {} };
