// v1's api keys: made under /api-keys naming their account, listed by the organization or one
// account, revoked by DELETE. Bound from the catalogue.
import { Type } from '@sinclair/typebox';
import { keys } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { NO_STORE } from '../../src/http/kernel/wire';
import { canonicalId } from '../../src/http/path-ids';
import { about, EXAMPLE_IDS } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { DEFAULT_LIMIT } from './account-operations';
import { ok, success } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);

export const keyOperations = [
  bind(keys.createKey, {
    method: 'post',
    path: '/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an api key (the secret is shown once)',
    description:
      'A key of `serviceAccountId`. `scope: "read"` makes a read-only key (the account\'s `:read` permissions), `read-write` ' +
      "(the default) a key with all the account can do. The response holds the secret (`key`) and the account's `clientId` " +
      '(Basic `clientId:key` works too): the only time the secret is shown, so it says `Cache-Control: no-store`.',
    body: schema.createApiKey,
    example: { serviceAccountId: EXAMPLE_IDS.account, scope: 'read' },
    responses: ok('The key with its secret', res.issuedApiKey),
    parse: ({ body }) => ({ accountId: canonicalId(body.serviceAccountId), request: map.toKeyRequest(body) }),
    reply: (issued, request) => success(request, map.renderIssuedApiKey(issued), NO_STORE),
  }),
  bind(keys.listKeys, {
    method: 'get',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: 'List api keys (never their secrets)',
    description:
      "The organization's keys, or one account's (`serviceAccountId`), in offset pages. Revoked keys are gone from the list; " +
      'disabled and expired ones are listed, with `enabled`.',
    query: schema.listApiKeysQuery,
    responses: ok('A page of keys', res.apiKeyPage),
    parse: ({ query: q }) => ({
      accountId: q.serviceAccountId === undefined ? undefined : canonicalId(q.serviceAccountId),
      // v1 has no key status: DELETE is how a v1 client gets rid of a key, so a revoked key (by any
      // dialect) is gone from v1's list. Disabled and expired keys still exist and are listed.
      excludeRevoked: true,
      limit: q.limit ?? DEFAULT_LIMIT,
      offset: q.offset ?? 0,
    }),
    reply: (page, request, { limit, offset }) =>
      success(request, { items: page.items.map(map.renderApiKey), limit, offset, hasMore: page.hasMore }),
  }),
  bind(keys.revokeKey, {
    method: 'delete',
    path: '/api-keys/{id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an api key',
    description:
      "The key stops working on the next request and is no longer listed. Revoking the last usable key of the organization's " +
      'last active Admin is 409. `data` is null.',
    responses: ok('Revoked', about('Nothing: the key is revoked.', Type.Null())),
    parse: (request) => ({ keyId: request.params.id }),
    reply: (_change, request) => success(request, null),
  }),
];
