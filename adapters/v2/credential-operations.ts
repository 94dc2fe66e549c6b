// v2's credential routes (an account's keys) and its audit events, bound from the catalogue.
import { audit, keys } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { NO_STORE } from '../../src/http/kernel/wire';
import { emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeToken, DEFAULT_LIMIT, encodeToken } from './continuation';
import { item, list, ok, okList } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);
const CREDENTIALS = '/service-accounts/{id}/credentials';

export const credentialOperations = [
  bind(keys.listKeys, {
    method: 'get',
    path: CREDENTIALS,
    summary: 'List credentials',
    description: "All the account's credentials, revoked and expired ones too, oldest first; never their secrets.",
    query: schema.noQuery,
    responses: okList('Credentials', res.credential),
    parse: (request) => ({ accountId: request.params.id }),
    reply: (page, request) => list(request, page.items.map(map.renderCredential)),
  }),
  bind(keys.createKey, {
    method: 'post',
    path: CREDENTIALS,
    summary: 'Create a credential (rotation)',
    description:
      'A new credential beside the others (rotate: make one, move clients to it, revoke the old one). The response holds its ' +
      '`clientSecret`, the only time it is shown. `scopes` cap it below the account; the body may be absent.',
    body: schema.createCredential,
    bodyRequired: false,
    example: { expirationDate: null },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.issuedCredential) } },
    parse: (request) => ({ accountId: request.params.id, request: map.toKeyRequest(request.body) }),
    reply: (issued, request) => item(request, 201, map.renderIssuedCredential(issued), NO_STORE),
  }),
  bind(keys.revokeKey, {
    method: 'post',
    path: `${CREDENTIALS}/{credentialId}/revoke`,
    summary: 'Revoke a credential',
    description:
      'The credential stops working on the next request, for good (its access tokens too); it stays listed as `Revoked`. ' +
      "Revoking the last usable credential of the organization's last active Admin is 409. No body, or `{}`.",
    body: emptyBody,
    bodyRequired: false,
    responses: ok('The credential', res.credential),
    parse: (request) => ({ keyId: request.params.credentialId, accountId: request.params.id }),
    reply: (change, request) => item(request, 200, map.renderCredential(change.key)),
  }),
  bind(audit.listAccountAuditEvents, {
    method: 'get',
    path: '/service-accounts/{id}/audit-events',
    description:
      'What was done to the account and its credentials, oldest first, a page at a time (`continuationToken`): who did it, ' +
      'through which dialect, from which address, and each changed value before and after. Secrets never appear.',
    query: schema.listAuditEventsQuery,
    responses: okList('A page of events', res.auditEvent),
    parse: ({ params, query: q }) => ({
      accountId: params.id,
      page: {
        limit: q.limit ?? DEFAULT_LIMIT,
        afterId: q.continuationToken ? decodeToken(q.continuationToken, { auditOf: params.id }) : undefined,
      },
    }),
    reply: (page, request, { accountId }) => {
      const last = page.items.at(-1);
      return list(
        request,
        page.items.map(map.renderAuditEvent),
        page.hasMore && last ? encodeToken(last.id, { auditOf: accountId }) : null,
      );
    },
  }),
];
