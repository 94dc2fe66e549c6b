// v2 request bodies and query strings (docs/reference/v2.md).
import { dateTime, description, name, nullable, permissions, role, workspaceAssignment } from '../common/fields';

const assignments = { type: 'array', maxItems: 100, items: workspaceAssignment } as const;

export const createServiceAccount = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name,
    description: nullable(description),
    organizationalRole: nullable(role),
    workspaceAssignments: nullable(assignments),
    expirationDate: nullable(dateTime),
    scopes: nullable(permissions),
  },
};

export const updateServiceAccount = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: nullable(name),
    description: nullable(description),
    organizationalRole: nullable(role),
    workspaceAssignments: nullable(assignments),
  },
};

export const createCredential = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { expirationDate: nullable(dateTime), scopes: nullable(permissions) },
};

export const createWorkspace = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name },
};

export const listServiceAccountsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    continuationToken: { type: 'string', minLength: 1, maxLength: 512 },
    isActive: { type: 'boolean' },
    search: { type: 'string', minLength: 1, maxLength: 200 },
  },
};

export const listAuditEventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    continuationToken: { type: 'string', minLength: 1, maxLength: 512 },
  },
};

export const noQuery = { type: 'object', additionalProperties: false, properties: {} };
