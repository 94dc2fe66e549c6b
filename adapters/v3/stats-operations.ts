// Ctrl-Hub's `stats()` (issue 26): GET …/service-accounts/stats and …/members/stats, one resource of
// figures each, its id the organization's. Listed before …/service-accounts/{id}, which would
// otherwise take `stats` for an id.
import { accounts } from '../../src/core/catalogue';
import { ok, ORG_IAM } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { selfLink } from './links';
import { ACCOUNT_STATS_TYPE, MEMBER_STATS_TYPE } from './resource-types';
import { bind } from './bind';

export const statsOperations = [
  bind(accounts.accountStats, {
    method: 'get',
    path: `${ORG_IAM}/service-accounts/stats`,
    description:
      'How many service accounts the organization has (enabled and disabled) and how many keys (those not revoked, and of ' +
      "them the enabled ones), counted by the database: `service-accounts-stats`, its id the organization's.",
    query: queries.noQuery,
    responses: ok('The figures', res.accountStatsDocument),
    parse: () => undefined,
    reply: ({ organizationId, accounts: a, keys }, request) =>
      document(request, 200, {
        data: {
          type: ACCOUNT_STATS_TYPE,
          id: organizationId,
          attributes: {
            service_accounts: { total: a.total, enabled: a.enabled, disabled: a.disabled },
            keys: { total: keys.total, enabled: keys.enabled },
          },
        },
        links: { self: selfLink(request) },
      }),
  }),
  bind(accounts.memberStats, {
    method: 'get',
    path: `${ORG_IAM}/members/stats`,
    description: "Ctrl-Hub's `members-stats`: `users` is always 0 (iamgate has no users), `service_accounts` the organization's accounts.",
    query: queries.noQuery,
    responses: ok('The figures', res.memberStatsDocument),
    parse: () => undefined,
    reply: ({ organizationId, accounts: count }, request) =>
      document(request, 200, {
        data: { type: MEMBER_STATS_TYPE, id: organizationId, attributes: { members: { users: 0, service_accounts: count } } },
        links: { self: selfLink(request) },
      }),
  }),
];
