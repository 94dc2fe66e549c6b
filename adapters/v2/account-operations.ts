// v2's service-account routes: each binds a catalogue entry to its path, and its codec reads the
// core's input from the request and makes the answer from the core's result.
import { accounts } from '../../src/core/catalogue';
import type { AccountView } from '../../src/core/model';
import { binder } from '../../src/http/kernel/bind';
import { etag, NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeToken, DEFAULT_LIMIT, encodeToken } from './continuation';
import { item, list, ok, okList } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);
const ACCOUNT = '/service-accounts/{id}';
/** The account the path names. */
const accountAt = (request: WireRequest) => ({ id: request.params.id });
/** One account, with the ETag a later If-Match can name. */
const answerAccount = (view: AccountView, request: WireRequest) => item(request, 200, map.renderAccount(view), etag(view.account.version));

const setEnabled = (entry: typeof accounts.enableAccount, action: 'enable' | 'disable') =>
  bind(entry, {
    method: 'post',
    path: `${ACCOUNT}/${action}`,
    description:
      action === 'enable'
        ? 'Its credentials work again, but for those revoked, expired or disabled themselves. No body, or `{}`.'
        : 'None of its credentials works from the next request on (every request re-reads the account); nothing is deleted, and enabling ' +
          "it brings them back. Disabling the organization's last active Admin is 409. No body, or `{}`.",
    body: emptyBody,
    bodyRequired: false,
    responses: ok('The account', res.account, ['ETag']),
    parse: accountAt,
    reply: answerAccount,
  });

export const accountOperations = [
  bind(accounts.createAccount, {
    method: 'post',
    path: '/service-accounts',
    summary: 'Create a service account and its first credential',
    description:
      'The account and its first credential: the response holds `clientId` and `clientSecret`, the only time the secret is ' +
      "shown (`Cache-Control: no-store`). `scopes` are the account's permissions. The name must be unique in the organization (409); " +
      'the caller cannot grant a role or scopes above what its own credential can use (403).',
    body: schema.createServiceAccount,
    example: { name: 'ACME Corp', scopes: ['service-accounts:read'] },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.createdAccount), headers: ['ETag'] } },
    parse: (request) => map.toCreateRequest(request.body),
    reply: ({ view, issued }, request) =>
      // v2 always asks for the first key (toCreateRequest), so `issued` is there.
      item(request, 201, map.renderCreatedAccount(view, issued!), { ...etag(view.account.version), ...NO_STORE }),
  }),
  bind(accounts.listAccounts, {
    method: 'get',
    path: '/service-accounts',
    description:
      "The organization's accounts in the order they were made, a page at a time: pass `pagination.continuationToken` back " +
      'as `continuationToken`, with the same filters, for the next page.',
    query: schema.listServiceAccountsQuery,
    responses: okList('A page', res.account),
    parse: ({ query: q }) => {
      const filter = { enabled: q.isActive, nameContains: q.search };
      return {
        filter,
        limit: q.limit ?? DEFAULT_LIMIT,
        afterId: q.continuationToken ? decodeToken(q.continuationToken, filter) : undefined,
      };
    },
    reply: (page, request, { filter }) => {
      const last = page.items.at(-1);
      return list(request, page.items.map(map.renderAccount), page.hasMore && last ? encodeToken(last.account.id, filter) : null);
    },
  }),
  bind(accounts.getAccount, {
    method: 'get',
    path: ACCOUNT,
    description: 'The account with its credentials (never their secrets), and the `ETag` a later `If-Match` can name.',
    query: schema.noQuery,
    responses: ok('The account', res.account, ['ETag']),
    parse: accountAt,
    reply: answerAccount,
  }),
  bind(accounts.updateAccount, {
    method: 'put',
    path: ACCOUNT,
    summary: 'Update; absent or null fields stay as they are',
    description:
      'Changes `name`, `description`, `organizationalRole` or `workspaceAssignments`; a field that is absent or null stays as ' +
      "it is. With `If-Match`, only while the account is still at that version (412 otherwise). Demoting the organization's last " +
      'active Admin is 409.',
    body: schema.updateServiceAccount,
    example: { description: 'Integration with ACME Corp' },
    responses: ok('The account', res.account, ['ETag']),
    parse: (request) => ({ ...accountAt(request), changes: map.toChanges(request.body) }),
    reply: answerAccount,
  }),
  bind(accounts.deleteAccount, {
    method: 'delete',
    path: ACCOUNT,
    summary: 'Delete a service account and its credentials',
    description:
      "The account and all its credentials are gone at once: their secrets stop working. Deleting the organization's last " +
      'active Admin is 409.',
    responses: { 204: { description: 'Deleted' } },
    parse: accountAt,
    reply: () => ({ status: 204, headers: {} }),
  }),
  setEnabled(accounts.disableAccount, 'disable'),
  setEnabled(accounts.enableAccount, 'enable'),
];
