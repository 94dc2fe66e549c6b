// GET /v3/iam/whoami: the caller as a service-accounts resource, with its organization, role and the
// scopes its credential can use right now (a narrowed token or capped key shows only those).
import { hasFullPower, usableScopes } from '../../src/core/authorization';
import { caller } from '../../src/core/catalogue';
import { ok } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { selfLink, urlsOf } from './links';
import { ACCOUNT_TYPE } from './resource-types';
import { bind } from './bind';

export const whoamiOperations = [
  bind(caller.whoami, {
    path: '/iam/whoami',
    method: 'get',
    summary: 'The calling service account, its role and usable scopes',
    description:
      'The service account behind the credential: its organization (`meta.organisation_id`, the `{orgId}` of the other paths), ' +
      'its role, the scopes the credential can use right now (a capped key or a narrowed token shows fewer), and whether it is ' +
      'capped (`meta.capped`): what a client needs to offer only what the caller may grant. Any working credential may ask, one ' +
      'with no permission at all too.',
    query: queries.noQuery,
    responses: ok('The caller', res.whoamiDocument),
    parse: () => undefined,
    reply: ({ principal, view: { account } }, request) =>
      document(request, 200, {
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
          links: { self: urlsOf(request, account.organizationId).account(account.id) },
        },
        links: { self: selfLink(request) },
      }),
  }),
];
