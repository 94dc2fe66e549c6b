// /service-accounts/{id}/keys and the keys relationship. A key's client_id is its account's, and
// its ETag the account's version (any key change bumps it): every key change returns both, so one
// core call answers one request. Revoked keys are gone in v3 (revoking is deleting).
import { keys } from '../../src/core/catalogue';
import type { OwnedKey } from '../../src/core/catalogue/keys';
import type { KeyOwner, KeyView } from '../../src/core/model';
import { etag, NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { created, deleted, ok, okVersioned, ORG_IAM } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/requests';
import * as res from '../../schemas/v3/responses';
import { deleted as deletedAnswer, document } from './document';
import { features } from './features';
import { selfLink, urlsOf } from './links';
import { resourceOptions, type ResourceOptions } from './query';
import { readCreateKey, readDelete, readUpdateKey } from './request-documents';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { identifier, keyResource } from './resources';
import { KEY_TYPE } from './resource-types';
import { bind } from './bind';

const ACCOUNT = `${ORG_IAM}/service-accounts/{id}`;
const KEYS = `${ACCOUNT}/keys`;
const KEY = `${KEYS}/{keyId}`;
/** Revoking is deleting in v3: a revoked key is not found. */
const NOT_REVOKED = { notRevoked: true };

/** One key with its account's client id (the secret only when it was just made) and the account's version as its ETag. */
function answerKey(request: WireRequest, status: number, key: KeyView, owner: KeyOwner, options: ResourceOptions, secret?: string) {
  const data = keyResource(key, { clientId: owner.clientId, secret }, urlsOf(request), options.fields);
  const headers = { ...etag(owner.version), ...(secret === undefined ? {} : NO_STORE) };
  return document(request, status, { data, links: { self: selfLink(request) } }, headers);
}

/** The key the path names, and what the query asks to show of it. */
const keyAt = ({ params, query }: Pick<WireRequest<unknown, { include?: string }>, 'params' | 'query'>) => ({
  options: resourceOptions(query, KEY_TYPE),
  accountId: params.id,
  keyId: params.keyId,
  ...NOT_REVOKED,
});

export const keyOperations = [
  bind(keys.listAccountKeys, {
    method: 'get',
    path: KEYS,
    description: "The account's keys that are not revoked (revoking deletes, in v3), oldest first; never their secrets.",
    query: queries.keyQuery,
    responses: ok('The keys', res.keyCollection),
    parse: ({ params, query }) => ({ options: resourceOptions(query, KEY_TYPE), accountId: params.id, ...NOT_REVOKED }),
    reply: ({ account, keys: shown }, request, { options }) => {
      const urls = urlsOf(request);
      const data = shown.map((k) => keyResource(k, { clientId: account.clientId }, urls, options.fields));
      return document(request, 200, { data, links: { self: selfLink(request) }, meta: features(KEY_TYPE) });
    },
  }),
  bind(keys.createKey, {
    method: 'post',
    path: KEYS,
    operationId: 'createKey',
    description:
      'A new key beside the others (rotate: make one, move clients to it, delete the old one), with an optional `expires_at`. ' +
      'The response holds `client_secret`, the only time it is shown, and `Location` names the key.',
    query: queries.keyQuery,
    body: schema.createKey,
    example: { data: { type: 'service-account-keys', attributes: { expires_at: null } } },
    responses: created('Created; the secret is shown only here', res.issuedKeyDocument),
    parse: ({ params, query, body }) => {
      const options = resourceOptions(query, KEY_TYPE);
      return { accountId: params.id, request: readCreateKey(body, params.id), options };
    },
    problemInput: ({ params, body }) => ({ accountId: params.id, request: readCreateKey(body, params.id) }),
    reply: (issued, request, { accountId, options }) => {
      const answer = answerKey(request, 201, issued.key, issued.account, options, issued.secret);
      return { ...answer, headers: { Location: urlsOf(request).key(accountId, issued.key.id), ...answer.headers } };
    },
  }),
  bind(keys.getKey, {
    method: 'get',
    path: KEY,
    description: "The key, with the `ETag` (its account's version) a later `If-Match` can name. A revoked key is 404.",
    query: queries.keyQuery,
    responses: okVersioned('The key', res.keyDocument),
    parse: (request) => keyAt(request),
    reply: ({ key, owner }, request, { options }) => answerKey(request, 200, key, owner, options),
  }),
  bind(keys.updateKey, {
    method: 'patch',
    path: KEY,
    description:
      '`enabled: false` disables the key (it stops working on the next request), `true` enables it again. With `If-Match` ' +
      "(its account's version, which every key change bumps), only while nothing changed (412). Disabling the last usable key of the " +
      "organization's last active Admin is 409.",
    query: queries.keyQuery,
    body: schema.updateKey,
    example: { data: { type: 'service-account-keys', id: EXAMPLE_IDS.key, attributes: { enabled: false } } },
    responses: okVersioned('The key', res.keyDocument),
    parse: (request) => {
      const at = keyAt(request);
      const { data } = request.body;
      const { enabled } = readUpdateKey(request.body, at.keyId);
      // A fetched key sent back whole repeats client_id and its account: compared with the key as it is.
      const unchanged = namesFixedMembers(KEY_TYPE, data)
        ? ({ key, owner }: OwnedKey) => assertUnchanged(KEY_TYPE, data, keyResource(key, { clientId: owner.clientId }, urlsOf(request)))
        : undefined;
      return { ...at, enabled, unchanged };
    },
    reply: (change, request, { options }) => answerKey(request, 200, change.key, change.account, options),
  }),
  bind(keys.revokeKey, {
    method: 'delete',
    path: KEY,
    operationId: 'revokeKey',
    description:
      'The key stops working for good on the next request (its access tokens too) and is gone from v3 (v2 still lists it as ' +
      "`Revoked`). Revoking the last usable key of the organization's last active Admin is 409.",
    // Only at the version read: the account's, which every key change bumps.
    ifMatch: true,
    query: queries.noQuery,
    body: schema.deleteResource,
    bodyRequired: false,
    responses: deleted('Revoked'),
    parse: ({ params, body }) => {
      readDelete(body, KEY_TYPE, params.keyId);
      return { keyId: params.keyId, accountId: params.id, ...NOT_REVOKED };
    },
    reply: (_change, request, { keyId }) => deletedAnswer(request, KEY_TYPE, keyId),
  }),
  bind(keys.listAccountKeys, {
    method: 'get',
    path: `${ACCOUNT}/relationships/keys`,
    operationId: 'getKeysRelationship',
    summary: "The account's keys as resource identifiers",
    description: "JSON:API's relationship endpoint: the keys as `{type, id}`, with links to the relationship and to the keys.",
    query: queries.noQuery,
    responses: ok('Resource identifiers', res.keyIdentifiers),
    parse: ({ params }) => ({ accountId: params.id, ...NOT_REVOKED }),
    reply: ({ account, keys: shown }, request) => {
      const urls = urlsOf(request);
      return document(request, 200, {
        data: shown.map((k) => identifier(KEY_TYPE, k.id)),
        links: { self: urls.keysRelationship(account.id), related: urls.keys(account.id) },
      });
    },
  }),
];
