// GET /v3/orgs/{orgId}/iam/usage?filter[dialect]=v1: the accounts that called a dialect, as
// `dialect-usage` resources, most recently used first (issue 18).
import { operation } from '../../src/http/operation';
import type { DialectUser } from '../../src/core/usage';
import { ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as usage from '../../schemas/v3/usage';
import { sendDocument } from './document';
import { urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import type { Query } from './query';
import { identifier } from './resources';
import { ACCOUNT_TYPE } from './resource-types';

type UsageQuery = Query & { 'filter[dialect]': string; 'filter[since_days]'?: number };

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
  operation<unknown, UsageQuery>({
    method: 'get',
    path: `${ORG_IAM}/usage`,
    summary: 'The accounts that called a dialect (filter[dialect]), most recently used first',
    needs: 'read',
    operationId: 'listDialectUsage',
    tag: TAGS.usage,
    description:
      'Every account that called `filter[dialect]` in the last `filter[since_days]` days (default 30), with how often and ' +
      'through which keys and routes: who to tell before retiring the dialect. Offset pages with counts.',
    query: usage.usageQuery,
    exampleQuery: { 'filter[dialect]': 'v1' },
    responses: ok('A page of dialect-usage resources', usage.usageCollection),
    async handle({ req, res: out, core, principal, query }) {
      const page = parsePage(query);
      const dialect = query['filter[dialect]'];
      const users = await core.dialectUsers(principal, dialect, query['filter[since_days]'] ?? 30);
      const urls = urlsOf(req);
      sendDocument(req, out, 200, {
        data: users.slice(page.offset, page.offset + page.limit).map((u) => usageResource(u, dialect, urls)),
        ...paginate(req, page, { total: users.length }),
      });
    },
  }),
];
