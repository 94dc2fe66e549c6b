// v3 query strings. JSON:API reserves every all-lower-case parameter name, so anything not listed
// (`foo`, `page[size]`, `filter[role]` …) is a 400; Ctrl-Hub adds `limit` and `offset`.
// List values (include, sort, fields) are strings here and parsed by the adapter.
import { about, name } from '../common/fields';

const list = { type: 'string', maxLength: 1000 } as const;
/** Large enough for any real page, small enough for every database's OFFSET. */
const MAX_OFFSET = 2_147_483_647;
const pageLimit = about('How many items a page holds (default 10); `limit` and `page[limit]` are one parameter: send one.', {
  type: 'integer',
  minimum: 1,
  maximum: 100,
} as const);
const pageOffset = about('How many items to skip (default 0); `offset` and `page[offset]` are one parameter: send one.', {
  type: 'integer',
  minimum: 0,
  maximum: MAX_OFFSET,
} as const);
const include = (paths: string) => about(`Comma-separated relationship paths to include in \`included\`: ${paths}.`, list);
const fieldsOf = (type: string) => about(`Comma-separated \`${type}\` fields to show (sparse fieldset); the others are left out.`, list);

export function query(properties: Record<string, object>) {
  return { type: 'object', additionalProperties: false, properties };
}

const accountShape = {
  include: include('`keys`, `groups`'),
  'fields[service-accounts]': fieldsOf('service-accounts'),
  'fields[service-account-keys]': fieldsOf('service-account-keys'),
  'fields[groups]': fieldsOf('groups'),
};

export const accountQuery = query(accountShape);

export const accountListQuery = query({
  ...accountShape,
  sort: about('`name` or `created_at`, `-` first for descending (`-created_at`).', list),
  'filter[name]': about('Only accounts whose name contains this (case-insensitive).', name),
  'filter[enabled]': about('Only enabled (true) or only disabled (false) accounts.', { type: 'boolean' }),
  'filter[group]': about("Only the members of this group (a group's `relationships.service_accounts.links.related`).", {
    type: 'string',
    format: 'uuid',
  }),
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
const logOffset = {
  ...pageOffset,
  maximum: MAX_LOG_OFFSET,
  description: `How many items to skip (default 0, at most ${MAX_LOG_OFFSET}); \`offset\` and \`page[offset]\` are one parameter: send one.`,
} as const;
const historyPage = { limit: pageLimit, offset: logOffset, 'page[limit]': pageLimit, 'page[offset]': logOffset };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export const logQuery = query({
  'fields[logs]': fieldsOf('logs'),
  ...historyPage,
  'filter[status]': about('Only requests answered with this status (`404`) or class of statuses (`4xx`).', {
    type: 'string',
    pattern: '^[1-5](?:[0-9]{2}|xx)$',
  }),
  'filter[method]': about('Only requests with this method (either case).', {
    type: 'string',
    enum: [...METHODS, ...METHODS.map((m) => m.toLowerCase())],
  }),
});

export const logItemQuery = query({ 'fields[logs]': fieldsOf('logs') });

/** The v3 names of what an audit event can be about, and the verbs of its operations. */
export const AUDIT_RESOURCE_TYPES = [
  'service-accounts',
  'service-account-keys',
  'workspaces',
  'organisations',
  'roles',
  'groups',
  'federated-credentials',
  'credential-policies',
  'webhooks',
] as const;
/** `roll` (issue 30), `exchange` (issue 31), `rotate` (a webhook's secret), `expiring` and `over-lifetime` (the janitor's notices about keys): issue 32. */
export const AUDIT_OPERATIONS = [
  'create',
  'update',
  'delete',
  'enable',
  'disable',
  'revoke',
  'roll',
  'add',
  'remove',
  'exchange',
  'rotate',
  'expiring',
  'over-lifetime',
] as const;

export const auditEventQuery = query({
  'fields[audit-events]': fieldsOf('audit-events'),
  ...historyPage,
  'filter[resource.id]': about('Only changes to the resource with this id.', { type: 'string', format: 'uuid' }),
  'filter[resource.type]': about('Only changes to resources of this type.', { type: 'string', enum: [...AUDIT_RESOURCE_TYPES] }),
  'filter[operation]': about('Only changes of this kind.', { type: 'string', enum: [...AUDIT_OPERATIONS] }),
});

export const keyQuery = query({
  include: about('Accepted as Ctrl-Hub clients send it, but a key has no relationship that can be included: any path is 400.', list),
  'fields[service-account-keys]': fieldsOf('service-account-keys'),
});

export const noQuery = query({});

/** Roles and groups: offset pages; groups may include their service accounts. */
export const page = { limit: pageLimit, offset: pageOffset, 'page[limit]': pageLimit, 'page[offset]': pageOffset };
export const roleQuery = query({ 'fields[roles]': fieldsOf('roles') });
export const roleListQuery = query({ 'fields[roles]': fieldsOf('roles'), ...page });
const groupShape = {
  include: include('`service_accounts`'),
  'fields[groups]': fieldsOf('groups'),
  'fields[service-accounts]': fieldsOf('service-accounts'),
};
export const groupQuery = query(groupShape);
export const groupListQuery = query({
  ...groupShape,
  ...page,
  'filter[service_account]': about("Only the groups this service account is in (an account's `relationships.groups.links.related`).", {
    type: 'string',
    format: 'uuid',
  }),
});
const memberLimit = about('How many members a page holds (default 100); `limit` and `page[limit]` are one parameter: send one.', {
  type: 'integer',
  minimum: 1,
  maximum: 100,
} as const);
/** A group's members (the relationship endpoint): pages of up to 100, 100 by default. */
export const memberPageQuery = query({ limit: memberLimit, offset: pageOffset, 'page[limit]': memberLimit, 'page[offset]': pageOffset });

/** The permission catalogue: offset pages by name, filtered by name, category or component. */
const permissionShape = { 'fields[permissions]': fieldsOf('permissions') };
export const permissionQuery = query(permissionShape);
export const permissionListQuery = query({
  ...permissionShape,
  sort: about('`name` (the default) or `-name`.', { type: 'string', enum: ['name', '-name'] }),
  'filter[name]': about('Only permissions whose name contains this (case-insensitive).', { type: 'string', minLength: 1, maxLength: 128 }),
  'filter[category]': about('Only permissions of this category (`iam` for those iamgate grants something with).', {
    type: 'string',
    minLength: 1,
    maxLength: 128,
  }),
  'filter[component]': about('Only permissions of this component (the part of the name before the first `:`).', {
    type: 'string',
    minLength: 1,
    maxLength: 128,
  }),
  ...page,
});

/** The caller's organization, alone or as a page of one. */
const organisationShape = { 'fields[organisations]': fieldsOf('organisations') };
export const organisationQuery = query(organisationShape);
export const organisationListQuery = query({ ...organisationShape, ...page });
