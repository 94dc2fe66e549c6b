// /service-accounts/{id}/keys and the keys relationship. A key's client_id is its account's, and
// its ETag the account's version (any key change bumps it): every key change returns both, so one
// core call answers one request. Revoked keys are gone in v3 (revoking is deleting).
import type { Request, Response } from 'express';
import { notFound } from '../../src/core/errors';
import type { AccountView, KeyOwner, KeyView } from '../../src/core/model';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { created, deleted, ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/requests';
import * as res from '../../schemas/v3/responses';
import { sendDeleted, sendDocument } from './document';
import { features } from './features';
import { selfLink, urlsOf } from './links';
import { resourceOptions, type Query, type ResourceOptions } from './query';
import {
  readCreateKey,
  readDelete,
  readUpdateKey,
  type CreateKeyDocument,
  type DeleteDocument,
  type UpdateKeyDocument,
} from './request-documents';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { identifier, keyResource, visibleKeys } from './resources';
import { KEY_TYPE } from './resource-types';

const ACCOUNT = `${ORG_IAM}/service-accounts/{id}`;
const KEYS = `${ACCOUNT}/keys`;
const KEY = `${KEYS}/{keyId}`;
const NOT_REVOKED = { notRevoked: true };

function visibleKey(view: AccountView, keyId: string): KeyView {
  const key = visibleKeys(view.keys).find((k) => k.id === keyId);
  if (!key) throw notFound('Key');
  return key;
}

interface KeyReply {
  key: KeyView;
  owner: KeyOwner;
  secret?: string;
  options: ResourceOptions;
}

function sendKey(req: Request, out: Response, status: number, { key, owner, secret, options }: KeyReply): void {
  setEtag(out, owner.version);
  if (secret !== undefined) noStore(out);
  const data = keyResource(key, { clientId: owner.clientId, secret }, urlsOf(req), options.fields);
  sendDocument(req, out, status, { data, links: { self: selfLink(req) } });
}

const keyOptions = (query: Query) => resourceOptions(query, KEY_TYPE);

export const keyOperations = [
  operation<unknown, Query>({
    method: 'get',
    path: KEYS,
    summary: "An account's keys (never their secrets)",
    needs: 'read',
    operationId: 'listKeys',
    tag: TAGS.keys,
    description: "The account's keys that are not revoked (revoking deletes, in v3), oldest first; never their secrets.",
    query: queries.keyQuery,
    responses: ok('The keys', res.keyCollection),
    async handle({ req, res: out, core, principal, params, query }) {
      const options = keyOptions(query);
      const view = await core.getAccount(principal, params.id);
      const urls = urlsOf(req);
      const data = visibleKeys(view.keys).map((k) => keyResource(k, { clientId: view.account.clientId }, urls, options.fields));
      sendDocument(req, out, 200, { data, links: { self: selfLink(req) }, meta: features(KEY_TYPE) });
    },
  }),
  operation<CreateKeyDocument, Query>({
    method: 'post',
    path: KEYS,
    summary: 'Create a key (rotation)',
    needs: 'keys:write',
    operationId: 'createKey',
    tag: TAGS.keys,
    description:
      'A new key beside the others (rotate: make one, move clients to it, delete the old one), with an optional `expires_at`. ' +
      'The response holds `client_secret`, the only time it is shown, and `Location` names the key.',
    query: queries.keyQuery,
    body: schema.createKey,
    example: { data: { type: 'service-account-keys', attributes: { expires_at: null } } },
    responses: created('Created; the secret is shown only here', res.issuedKeyDocument),
    async handle({ req, res: out, core, principal, params, query, body }) {
      const options = keyOptions(query);
      const issued = await core.createKey(principal, params.id, readCreateKey(body, params.id));
      out.location(urlsOf(req).key(params.id, issued.key.id));
      sendKey(req, out, 201, { key: issued.key, owner: issued.account, secret: issued.secret, options });
    },
    otherProblems: ({ core, principal, params, body }) => core.keyRequestProblems(principal, params.id, readCreateKey(body, params.id)),
  }),
  operation<unknown, Query>({
    method: 'get',
    path: KEY,
    summary: 'Get a key',
    needs: 'read',
    operationId: 'getKey',
    tag: TAGS.keys,
    description: "The key, with the `ETag` (its account's version) a later `If-Match` can name. A revoked key is 404.",
    query: queries.keyQuery,
    responses: ok('The key', res.keyDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query }) {
      const view = await core.getAccount(principal, params.id);
      const owner = { id: view.account.id, clientId: view.account.clientId, version: view.account.version };
      sendKey(req, out, 200, { key: visibleKey(view, params.keyId), owner, options: keyOptions(query) });
    },
  }),
  operation<UpdateKeyDocument, Query>({
    method: 'patch',
    path: KEY,
    summary: 'Disable or re-enable a key',
    needs: 'keys:write',
    operationId: 'updateKey',
    tag: TAGS.keys,
    ifMatch: true,
    description:
      '`enabled: false` disables the key (it stops working on the next request), `true` enables it again. With `If-Match` ' +
      "(its account's version, which every key change bumps), only while nothing changed (412). Disabling the last usable key of the " +
      "organization's last active Admin is 409.",
    query: queries.keyQuery,
    body: schema.updateKey,
    example: { data: { type: 'service-account-keys', id: EXAMPLE_IDS.key, attributes: { enabled: false } } },
    responses: ok('The key', res.keyDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query, body }) {
      const options = keyOptions(query);
      const { enabled } = readUpdateKey(body, params.keyId);
      // A fetched key sent back whole repeats client_id and its account: compared with the key as it is.
      if (namesFixedMembers(KEY_TYPE, body.data)) {
        const view = await core.getAccount(principal, params.id);
        assertUnchanged(KEY_TYPE, body.data, keyResource(visibleKey(view, params.keyId), { clientId: view.account.clientId }, urlsOf(req)));
      }
      // Always through the core, even with nothing to change, so a stale If-Match is still a 412.
      const change = await core.setKeyEnabled(principal, params.keyId, enabled, {
        accountId: params.id,
        expectedVersion: expectedVersion(req),
        ...NOT_REVOKED,
      });
      sendKey(req, out, 200, { key: change.key, owner: change.account, options });
    },
  }),
  operation<DeleteDocument>({
    method: 'delete',
    path: KEY,
    summary: 'Revoke a key',
    needs: 'keys:write',
    operationId: 'revokeKey',
    tag: TAGS.keys,
    ifMatch: true,
    description:
      'The key stops working for good on the next request (its access tokens too) and is gone from v3 (v2 still lists it as ' +
      "`Revoked`). Revoking the last usable key of the organization's last active Admin is 409.",
    query: queries.noQuery,
    body: schema.deleteResource,
    bodyRequired: false,
    responses: deleted('Revoked'),
    async handle({ req, res: out, core, principal, params, body }) {
      readDelete(body, KEY_TYPE, params.keyId);
      await core.revokeKey(principal, params.keyId, { accountId: params.id, expectedVersion: expectedVersion(req), ...NOT_REVOKED });
      sendDeleted(req, out, KEY_TYPE, params.keyId);
    },
  }),
  operation({
    method: 'get',
    path: `${ACCOUNT}/relationships/keys`,
    summary: "The account's keys as resource identifiers",
    needs: 'read',
    operationId: 'getKeysRelationship',
    tag: TAGS.keys,
    description: "JSON:API's relationship endpoint: the keys as `{type, id}`, with links to the relationship and to the keys.",
    query: queries.noQuery,
    responses: ok('Resource identifiers', res.keyIdentifiers),
    async handle({ req, res: out, core, principal, params }) {
      const view = await core.getAccount(principal, params.id);
      const urls = urlsOf(req);
      sendDocument(req, out, 200, {
        data: visibleKeys(view.keys).map((k) => identifier(KEY_TYPE, k.id)),
        links: { self: urls.keysRelationship(view.account.id), related: urls.keys(view.account.id) },
      });
    },
  }),
];
