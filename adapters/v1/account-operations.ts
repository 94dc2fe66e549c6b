// v1's service-account routes: each binds a catalogue entry to its path, and its codec reads the
// core's input from the request and makes the envelope from the core's result.
import { Type } from '@sinclair/typebox';
import { accounts } from '../../src/core/catalogue';
import type { AccountView } from '../../src/core/model';
import { binder } from '../../src/http/kernel/bind';
import { etag, type WireRequest } from '../../src/http/kernel/wire';
import { about, emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { ok, success } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);
const ACCOUNT = '/service-accounts/{id}';
export const DEFAULT_LIMIT = 20;
/** The account the path names. */
const accountAt = (request: WireRequest) => ({ id: request.params.id });
/** Every single-account answer carries the ETag a later If-Match can name. */
const answerAccount = (view: AccountView, request: WireRequest) => success(request, map.renderAccount(view), etag(view.account.version));
/** How every route that answers one account says so. */
const oneAccount = { responses: ok('The account', res.account, ['ETag']), parse: accountAt, reply: answerAccount };
/** Actions take no body, or `{}`. */
const NO_BODY = { body: emptyBody, bodyRequired: false };

const setEnabled = (entry: typeof accounts.enableAccount, action: 'enable' | 'disable', description: string) =>
  bind(entry, {
    method: 'post',
    path: `${ACCOUNT}/${action}`,
    description: `${description} No body, or \`{}\`.`,
    ...NO_BODY,
    ...oneAccount,
  });

export const accountOperations = [
  bind(accounts.createAccount, {
    method: 'post',
    path: '/service-accounts',
    summary: 'Create a service account (no key)',
    description:
      'Makes an account with its `permissions` and no key: make one with `POST /v1/api-keys`. The name must be unique in the ' +
      'organization (409); the caller cannot grant permissions its own credential cannot use (403).',
    body: schema.createServiceAccount,
    example: { name: 'ACME Corp', permissions: ['service_account:read'] },
    responses: oneAccount.responses,
    parse: (request) => map.toCreateRequest(request.body),
    reply: ({ view }, request) => answerAccount(view, request),
  }),
  bind(accounts.listAccounts, {
    method: 'get',
    path: '/service-accounts',
    description:
      "The organization's accounts in the order they were made, in offset pages (`limit` 1–100, default 20, and `offset`); " +
      '`hasMore` says whether another page follows.',
    query: schema.listServiceAccountsQuery,
    responses: ok('A page of accounts', res.accountPage),
    parse: ({ query: q }) => ({ filter: {}, limit: q.limit ?? DEFAULT_LIMIT, offset: q.offset ?? 0 }),
    reply: (page, request, { limit, offset }) =>
      success(request, { items: page.items.map(map.renderAccount), limit, offset, hasMore: page.hasMore }),
  }),
  bind(accounts.getAccount, {
    method: 'get',
    path: ACCOUNT,
    description: 'The account, with the `ETag` a later `If-Match` can name.',
    query: schema.noQuery,
    ...oneAccount,
  }),
  bind(accounts.updateAccount, {
    method: 'patch',
    path: ACCOUNT,
    summary: 'Change name, description or permissions',
    description:
      'Any of `name`, `description` and `permissions`; a field left out stays as it is. With `If-Match`, only while the ' +
      'account is still at that version (412 otherwise).',
    body: schema.updateServiceAccount,
    example: { description: 'Integration with ACME Corp' },
    ...oneAccount,
    parse: (request) => ({ ...accountAt(request), changes: map.toChanges(request.body) }),
  }),
  bind(accounts.deleteAccount, {
    method: 'delete',
    path: ACCOUNT,
    description:
      "The account and every key of it are gone at once: their secrets stop working. Deleting the organization's last active " +
      'Admin is 409. `data` is null.',
    responses: ok('Deleted', about('Nothing: the account is gone.', Type.Null())),
    parse: accountAt,
    reply: (_done, request) => success(request, null),
  }),
  setEnabled(
    accounts.disableAccount,
    'disable',
    'Its keys stop working on the next request (every request re-reads the account); nothing is deleted, and enabling it brings them back. ' +
      "Disabling the organization's last active Admin is 409.",
  ),
  setEnabled(accounts.enableAccount, 'enable', 'Its keys work again, but for those revoked, expired or disabled themselves.'),
];
