// Ctrl-Hub's `stats()` (issue 26): GET …/service-accounts/stats and …/members/stats, one resource of
// figures each, its id the organization's. Listed before …/service-accounts/{id}, which would
// otherwise take `stats` for an id.
import { operation } from '../../src/http/operation';
import { ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import { selfLink } from './links';
import { ACCOUNT_STATS_TYPE, MEMBER_STATS_TYPE } from './resource-types';

export const statsOperations = [
  operation({
    method: 'get',
    path: `${ORG_IAM}/service-accounts/stats`,
    summary: "The organization's service accounts and keys in figures",
    needs: 'read',
    operationId: 'getServiceAccountStats',
    tag: TAGS.accounts,
    description:
      'How many service accounts the organization has (enabled and disabled) and how many keys (those not revoked, and of ' +
      "them the enabled ones), counted by the database: `service-accounts-stats`, its id the organization's.",
    query: queries.noQuery,
    responses: ok('The figures', res.accountStatsDocument),
    async handle({ req, res: out, core, principal }) {
      const { accounts, keys } = await core.accountStats(principal);
      sendDocument(req, out, 200, {
        data: {
          type: ACCOUNT_STATS_TYPE,
          id: principal.organizationId,
          attributes: {
            service_accounts: { total: accounts.total, enabled: accounts.enabled, disabled: accounts.disabled },
            keys: { total: keys.total, enabled: keys.enabled },
          },
        },
        links: { self: selfLink(req) },
      });
    },
  }),
  operation({
    method: 'get',
    path: `${ORG_IAM}/members/stats`,
    summary: 'How many members the organization has, of each kind',
    needs: 'read',
    operationId: 'getMemberStats',
    tag: TAGS.members,
    description: "Ctrl-Hub's `members-stats`: `users` is always 0 (iamgate has no users), `service_accounts` the organization's accounts.",
    query: queries.noQuery,
    responses: ok('The figures', res.memberStatsDocument),
    async handle({ req, res: out, core, principal }) {
      const accounts = await core.countAccounts(principal, {});
      sendDocument(req, out, 200, {
        data: { type: MEMBER_STATS_TYPE, id: principal.organizationId, attributes: { members: { users: 0, service_accounts: accounts } } },
        links: { self: selfLink(req) },
      });
    },
  }),
];
