// v3 query strings. JSON:API reserves every all-lower-case parameter name, so anything not listed
// (`foo`, `page[size]`, `filter[role]` …) is a 400; Ctrl-Hub adds `limit` and `offset`.
// List values (include, sort, fields) are strings here and parsed by the adapter.
import { name } from '../common/fields';

const list = { type: 'string', maxLength: 1000 } as const;
/** Large enough for any real page, small enough for every database's OFFSET. */
const MAX_OFFSET = 2_147_483_647;
const pageLimit = { type: 'integer', minimum: 1, maximum: 100 } as const;
const pageOffset = { type: 'integer', minimum: 0, maximum: MAX_OFFSET } as const;

function query(properties: Record<string, object>) {
  return { type: 'object', additionalProperties: false, properties };
}

const accountShape = {
  include: list,
  'fields[service-accounts]': list,
  'fields[service-account-keys]': list,
  'fields[groups]': list,
};

export const accountQuery = query(accountShape);

export const accountListQuery = query({
  ...accountShape,
  sort: list,
  'filter[name]': name,
  'filter[enabled]': { type: 'boolean' },
  limit: pageLimit,
  offset: pageOffset,
  'page[limit]': pageLimit,
  'page[offset]': pageOffset,
});

/**
 * Request logs and audit events are histories read from their newest end: an offset page skips that
 * many rows, so the offset is kept low enough to make that cheap (filters narrow further).
 */
export const MAX_LOG_OFFSET = 10_000;
const logOffset = { ...pageOffset, maximum: MAX_LOG_OFFSET } as const;
const historyPage = { limit: pageLimit, offset: logOffset, 'page[limit]': pageLimit, 'page[offset]': logOffset };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export const logQuery = query({
  'fields[logs]': list,
  ...historyPage,
  /** A status (`404`) or a class of them (`4xx`). */
  'filter[status]': { type: 'string', pattern: '^[1-5](?:[0-9]{2}|xx)$' },
  'filter[method]': { type: 'string', enum: [...METHODS, ...METHODS.map((m) => m.toLowerCase())] },
});

export const logItemQuery = query({ 'fields[logs]': list });

/** The v3 names of what an audit event can be about, and the verbs of its operations. */
export const AUDIT_RESOURCE_TYPES = ['service-accounts', 'service-account-keys', 'workspaces', 'organisations', 'roles', 'groups'] as const;
export const AUDIT_OPERATIONS = ['create', 'update', 'delete', 'enable', 'disable', 'revoke', 'add', 'remove'] as const;

export const auditEventQuery = query({
  'fields[audit-events]': list,
  ...historyPage,
  'filter[resource.id]': { type: 'string', format: 'uuid' },
  'filter[resource.type]': { type: 'string', enum: [...AUDIT_RESOURCE_TYPES] },
  'filter[operation]': { type: 'string', enum: [...AUDIT_OPERATIONS] },
});

export const keyQuery = query({ include: list, 'fields[service-account-keys]': list });

export const noQuery = query({});

/** Roles and groups: offset pages; groups may include their service accounts. */
const page = { limit: pageLimit, offset: pageOffset, 'page[limit]': pageLimit, 'page[offset]': pageOffset };
export const roleQuery = query({ 'fields[roles]': list });
export const roleListQuery = query({ 'fields[roles]': list, ...page });
const groupShape = { include: list, 'fields[groups]': list, 'fields[service-accounts]': list };
export const groupQuery = query(groupShape);
export const groupListQuery = query({ ...groupShape, ...page });
