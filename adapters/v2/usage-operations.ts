// v2 dialect usage (issue 18): one account's use of every dialect over the last days, and the
// organization's accounts that called one dialect — "who still uses v1?".
import { usage } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v2/api';
import * as res from '../../schemas/v2/responses';
import * as schema from '../../schemas/v2/usage';
import { decodeOffset, DEFAULT_LIMIT, encodeOffset } from './continuation';
import { item, list } from './envelope';

const bind = binder(TAGS);

export const usageOperations = [
  bind(usage.accountUsage, {
    method: 'get',
    path: '/service-accounts/{id}/usage',
    query: schema.accountUsageQuery,
    responses: { 200: { description: 'Usage', schema: res.item(schema.accountUsage) } },
    parse: ({ params, query }) => ({ accountId: params.id, days: query.days ?? 90 }),
    reply: (u, request) => item(request, 200, { dialects: u.dialects, keys: u.keys, days: u.days } satisfies schema.V2AccountUsage),
  }),
  bind(usage.dialectUsers, {
    method: 'get',
    path: '/usage',
    description:
      'Every account that called `dialect` in the last `sinceDays` days, with how often and through which keys and routes: ' +
      'who to tell before retiring it. A page at a time (`continuationToken`).',
    query: schema.usageQuery,
    exampleQuery: { dialect: 'v1', sinceDays: '30' },
    responses: { 200: { description: 'A page of accounts', schema: res.list(schema.dialectUser) } },
    parse: ({ query: q }) => {
      const sinceDays = q.sinceDays ?? 30;
      const scope = { usageOf: q.dialect, sinceDays };
      // The core answers every user; v2 pages them by offset, in a token bound to the query.
      const offset = q.continuationToken ? decodeOffset(q.continuationToken, scope) : 0;
      return { dialect: q.dialect, sinceDays, scope, offset, limit: q.limit ?? DEFAULT_LIMIT };
    },
    reply: (users, request, { scope, offset, limit }) => {
      const page = users.slice(offset, offset + limit).map((u): schema.V2DialectUser => ({
        // v2's accountId is the organization (Contraforce's word); the caller here is a service account.
        serviceAccountId: u.accountId,
        name: u.name,
        requests: u.requests,
        lastUsedAt: u.lastUsedAt,
        keys: u.keys,
        routes: u.routes,
      }));
      return list(request, page, offset + limit < users.length ? encodeOffset(offset + limit, scope) : null);
    },
  }),
];
