// GET /v3/orgs/{orgId}/iam/usage?filter[dialect]=v1: the accounts that called a dialect, as
// `dialect-usage` resources, most recently used first (issue 18).
import { usage as catalogue } from '../../src/core/catalogue';
import type { DialectUser } from '../../src/core/usage';
import { ok, ORG_IAM } from '../../schemas/v3/api';
import * as usage from '../../schemas/v3/usage';
import { document } from './document';
import { urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import { identifier } from './resources';
import { ACCOUNT_TYPE } from './resource-types';
import { bind } from './bind';

function usageResource(u: DialectUser, dialect: string, urls: V3Urls) {
  return {
    type: 'dialect-usage',
    // One account's use of one dialect: the pair names the resource.
    id: `${dialect}:${u.accountId}`,
    attributes: {
      dialect,
      name: u.name,
      requests: u.requests,
      last_used_at: u.lastUsedAt,
      keys: u.keys.map((k) => ({ id: k.id, requests: k.requests, last_used_at: k.lastUsedAt })),
      routes: u.routes.map((r) => ({ method: r.method, route: r.route, requests: r.requests })),
    },
    relationships: { service_account: { data: identifier(ACCOUNT_TYPE, u.accountId), links: { related: urls.account(u.accountId) } } },
  };
}

export const usageOperations = [
  bind(catalogue.dialectUsers, {
    method: 'get',
    path: `${ORG_IAM}/usage`,
    operationId: 'listDialectUsage',
    summary: 'The accounts that called a dialect (filter[dialect]), most recently used first',
    description:
      'Every account that called `filter[dialect]` in the last `filter[since_days]` days (default 30), with how often and ' +
      'through which keys and routes: who to tell before retiring the dialect. Offset pages with counts.',
    query: usage.usageQuery,
    exampleQuery: { 'filter[dialect]': 'v1' },
    responses: ok('A page of dialect-usage resources', usage.usageCollection),
    parse: ({ query }) => ({ ...parsePage(query), dialect: query['filter[dialect]'], sinceDays: query['filter[since_days]'] ?? 30 }),
    // The core answers every user; v3 pages them by offset.
    reply: (users, request, page) => {
      const urls = urlsOf(request);
      return document(request, 200, {
        data: users.slice(page.offset, page.offset + page.limit).map((u) => usageResource(u, page.dialect, urls)),
        ...paginate(request, page, { total: users.length }),
      });
    },
  }),
];
