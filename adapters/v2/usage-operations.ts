// v2 dialect usage (issue 18): one account's use of every dialect over the last days, and the
// organization's accounts that called one dialect — "who still uses v1?".
import { operation } from '../../src/http/operation';
import * as res from '../../schemas/v2/responses';
import * as usage from '../../schemas/v2/usage';
import { TAGS } from '../../schemas/v2/api';
import { decodeOffset, encodeOffset } from './continuation';
import { sendItem, sendList } from './envelope';

interface UsageQuery {
  dialect: string;
  sinceDays?: number;
  limit?: number;
  continuationToken?: string;
}

export const usageOperations = [
  operation<unknown, { days?: number }>({
    method: 'get',
    path: '/service-accounts/{id}/usage',
    summary: "An account's use of every dialect, per key and per day (default 90 days)",
    needs: 'read',
    operationId: 'getAccountUsage',
    tag: TAGS.usage,
    description:
      'How often the account called each dialect (and `oauth2`, `forward-auth`) over the last `days` days, in all, per key ' +
      'and per day (UTC), from the daily sums every process keeps.',
    query: usage.accountUsageQuery,
    responses: { 200: { description: 'Usage', schema: res.item(usage.accountUsage) } },
    async handle({ req, res: out, core, principal, params, query }) {
      const u = await core.accountUsage(principal, params.id, query.days ?? 90);
      sendItem(req, out, 200, { dialects: u.dialects, keys: u.keys, days: u.days });
    },
  }),
  operation<unknown, UsageQuery>({
    method: 'get',
    path: '/usage',
    summary: 'The accounts that called a dialect, most recently used first',
    needs: 'read',
    operationId: 'listDialectUsers',
    tag: TAGS.usage,
    description:
      'Every account that called `dialect` in the last `sinceDays` days, with how often and through which keys and routes: ' +
      'who to tell before retiring it. A page at a time (`continuationToken`).',
    query: usage.usageQuery,
    exampleQuery: { dialect: 'v1', sinceDays: '30' },
    responses: { 200: { description: 'A page of accounts', schema: res.list(usage.dialectUser) } },
    async handle({ req, res: out, core, principal, query: q }) {
      const sinceDays = q.sinceDays ?? 30;
      const scope = { usageOf: q.dialect, sinceDays };
      const offset = q.continuationToken ? decodeOffset(q.continuationToken, scope) : 0;
      const limit = q.limit ?? 50;
      const users = await core.dialectUsers(principal, q.dialect, sinceDays);
      const page = users.slice(offset, offset + limit).map((u) => ({
        // v2's accountId is the organization (Contraforce's word); the caller here is a service account.
        serviceAccountId: u.accountId,
        name: u.name,
        requests: u.requests,
        lastUsedAt: u.lastUsedAt,
        keys: u.keys,
        routes: u.routes,
      }));
      sendList(req, out, page, offset + limit < users.length ? encodeOffset(offset + limit, scope) : null);
    },
  }),
];
