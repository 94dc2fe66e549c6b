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
 * The audit log is paged by keyset in the core, and an offset names no event to start after, so an
 * offset page is read from the log's start: the offset is kept low enough to make that cheap.
 */
export const MAX_LOG_OFFSET = 10_000;
const logOffset = { ...pageOffset, maximum: MAX_LOG_OFFSET } as const;

export const logQuery = query({
  'fields[logs]': list,
  limit: pageLimit,
  offset: logOffset,
  'page[limit]': pageLimit,
  'page[offset]': logOffset,
});

export const keyQuery = query({ include: list, 'fields[service-account-keys]': list });

export const noQuery = query({});
