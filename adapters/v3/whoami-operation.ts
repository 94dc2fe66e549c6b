// GET /v3/iam/whoami: the caller as a service-accounts resource, with its organization, role and the
// scopes its credential can use right now (a narrowed token or capped key shows only those).
import { hasFullPower, usableScopes } from '../../src/core/authorization';
import { operation } from '../../src/http/operation';
import { ok, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import { selfLink, urlsOf } from './links';
import { ACCOUNT_TYPE } from './resource-types';

export const whoamiOperations = [
  operation({
    method: 'get',
    path: '/iam/whoami',
    // Any working credential may learn who it is, as in v1 (issue 26): a Member with no permissions too.
    needs: 'authenticated',
    query: queries.noQuery,
    operationId: 'getWhoami',
    tag: TAGS.caller,
    description:
      'The service account behind the credential: its organization (`meta.organisation_id`, the `{orgId}` of the other paths), ' +
      'its role, the scopes the credential can use right now (a capped key or a narrowed token shows fewer), and whether it is ' +
      'capped (`meta.capped`): what a client needs to offer only what the caller may grant. Any working credential may ask, one ' +
      'with no permission at all too.',
    summary: 'The calling service account, its role and usable scopes',
    responses: ok('The caller', res.whoamiDocument),
    async handle({ req, res: out, core, principal }) {
      const { account } = await core.getSelf(principal);
      sendDocument(req, out, 200, {
        data: {
          type: ACCOUNT_TYPE,
          id: account.id,
          attributes: { name: account.name, email: account.email, enabled: account.status === 'active' },
          meta: {
            organisation_id: account.organizationId,
            role: account.role,
            scopes: usableScopes(principal),
            capped: !hasFullPower(principal),
          },
          links: { self: urlsOf(req).account(account.id) },
        },
        links: { self: selfLink(req) },
      });
    },
  }),
];
