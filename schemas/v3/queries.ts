// v3 query strings. JSON:API reserves every all-lower-case parameter name, so anything not listed
// (`foo`, `page[size]`, `filter[role]` …) is a 400; Ctrl-Hub adds `limit` and `offset`.
// List values (include, sort, fields) are strings here and parsed by the adapter. TypeBox schemas:
// their static types are what the query reader hands the bindings (numbers and booleans coerced,
// `page[limit]` a number), every parameter optional unless the schema requires it.
import { Type, type Static, type TObject, type TOptional, type TProperties } from '@sinclair/typebox';
import { about, enumOf, name } from '../common/fields';

const list = Type.String({ maxLength: 1000 });
/** Large enough for any real page, small enough for every database's OFFSET. */
const MAX_OFFSET = 2_147_483_647;
const pageLimit = about(
  'How many items a page holds (default 10); `limit` and `page[limit]` are one parameter: send one.',
  Type.Integer({ minimum: 1, maximum: 100 }),
);
const pageOffset = about(
  'How many items to skip (default 0); `offset` and `page[offset]` are one parameter: send one.',
  Type.Integer({ minimum: 0, maximum: MAX_OFFSET }),
);
const include = (paths: string) => about(`Comma-separated relationship paths to include in \`included\`: ${paths}.`, list);
const fieldsOf = (type: string) => about(`Comma-separated \`${type}\` fields to show (sparse fieldset); the others are left out.`, list);

/** A query string of these parameters, each optional, nothing else (the query reader names any other). */
export function query<P extends TProperties>(properties: P): TObject<{ [K in keyof P]: TOptional<P[K]> }> {
  const optional: TProperties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, Type.Optional(v)]));
  return Type.Object(optional, { additionalProperties: false }) as TObject<{ [K in keyof P]: TOptional<P[K]> }>;
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
  'filter[enabled]': about('Only enabled (true) or only disabled (false) accounts.', Type.Boolean()),
  'filter[group]': about(
    "Only the members of this group (a group's `relationships.service_accounts.links.related`).",
    Type.String({ format: 'uuid' }),
  ),
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
const logOffset = about(
  `How many items to skip (default 0, at most ${MAX_LOG_OFFSET}); \`offset\` and \`page[offset]\` are one parameter: send one.`,
  Type.Integer({ minimum: 0, maximum: MAX_LOG_OFFSET }),
);
const historyPage = { limit: pageLimit, offset: logOffset, 'page[limit]': pageLimit, 'page[offset]': logOffset };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const logQuery = query({
  'fields[logs]': fieldsOf('logs'),
  ...historyPage,
  'filter[status]': about(
    'Only requests answered with this status (`404`) or class of statuses (`4xx`).',
    Type.String({ pattern: '^[1-5](?:[0-9]{2}|xx)$' }),
  ),
  'filter[method]': about(
    'Only requests with this method (either case).',
    enumOf([...METHODS, ...METHODS.map((m) => m.toLowerCase() as Lowercase<(typeof METHODS)[number]>)]),
  ),
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
  'filter[resource.id]': about('Only changes to the resource with this id.', Type.String({ format: 'uuid' })),
  'filter[resource.type]': about('Only changes to resources of this type.', enumOf(AUDIT_RESOURCE_TYPES)),
  'filter[operation]': about('Only changes of this kind.', enumOf(AUDIT_OPERATIONS)),
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
  'filter[service_account]': about(
    "Only the groups this service account is in (an account's `relationships.groups.links.related`).",
    Type.String({ format: 'uuid' }),
  ),
});
const memberLimit = about(
  'How many members a page holds (default 100); `limit` and `page[limit]` are one parameter: send one.',
  Type.Integer({ minimum: 1, maximum: 100 }),
);
/** A group's members (the relationship endpoint): pages of up to 100, 100 by default. */
export const memberPageQuery = query({ limit: memberLimit, offset: pageOffset, 'page[limit]': memberLimit, 'page[offset]': pageOffset });

/** The permission catalogue: offset pages by name, filtered by name, category or component. */
const permissionShape = { 'fields[permissions]': fieldsOf('permissions') };
export const permissionQuery = query(permissionShape);
export const permissionListQuery = query({
  ...permissionShape,
  sort: about('`name` (the default) or `-name`.', enumOf(['name', '-name'] as const)),
  'filter[name]': about('Only permissions whose name contains this (case-insensitive).', Type.String({ minLength: 1, maxLength: 128 })),
  'filter[category]': about(
    'Only permissions of this category (`iam` for those iamgate grants something with).',
    Type.String({ minLength: 1, maxLength: 128 }),
  ),
  'filter[component]': about(
    'Only permissions of this component (the part of the name before the first `:`).',
    Type.String({ minLength: 1, maxLength: 128 }),
  ),
  ...page,
});

/** The caller's organization, alone or as a page of one. */
const organisationShape = { 'fields[organisations]': fieldsOf('organisations') };
export const organisationQuery = query(organisationShape);
export const organisationListQuery = query({ ...organisationShape, ...page });

/** What the query reader hands the bindings: numbers and booleans coerced, every parameter optional. */
export type AccountQuery = Static<typeof accountQuery>;
export type AccountListQuery = Static<typeof accountListQuery>;
