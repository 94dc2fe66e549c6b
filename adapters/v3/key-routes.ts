// /service-accounts/{id}/keys and the keys relationship. Keys are read through their account: its
// client id is every key's client_id, and its version is the ETag (any key change bumps it).
import { Router, type Request, type Response } from 'express';
import type { IamCore } from '../../src/core';
import { notFound } from '../../src/core/errors';
import type { AccountView, KeyView } from '../../src/core/model';
import { principalOf } from '../../src/http/context';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { lowerCaseIds } from '../../src/http/path-ids';
import * as queries from '../../schemas/v3/queries';
import { sendDocument } from './document';
import { selfLink, urlsOf } from './links';
import { resourceOptions, type ResourceOptions } from './query';
import { queryReader } from './query-reader';
import { readCreateKey, readDelete, readUpdateKey } from './request-documents';
import { identifier, keyResource, visibleKeys } from './resources';
import { KEY_TYPE } from './resource-types';

const validate = {
  keys: queryReader(queries.keyQuery),
  none: queryReader(queries.noQuery),
};

const keyOptions = (req: Request): ResourceOptions => resourceOptions(validate.keys(req.query), KEY_TYPE);

function visibleKey(view: AccountView, keyId: string): KeyView {
  const key = visibleKeys(view.keys).find((k) => k.id === keyId);
  if (!key) throw notFound('Key');
  return key;
}

interface KeyReply { view: AccountView; key: KeyView; secret?: string; options: ResourceOptions }

function sendKey(req: Request, res: Response, status: number, { view, key, secret, options }: KeyReply): void {
  setEtag(res, view.account.version);
  if (secret !== undefined) noStore(res);
  const data = keyResource(key, { clientId: view.account.clientId, secret }, urlsOf(req), options.fields);
  sendDocument(req, res, status, { data, links: { self: selfLink(req) } });
}

export function keyRoutes(core: IamCore): Router {
  const r = lowerCaseIds(Router({ mergeParams: true }), 'id', 'keyId');

  r.get('/service-accounts/:id/keys', async (req, res) => {
    const options = keyOptions(req);
    const view = await core.getAccount(principalOf(req), req.params.id);
    const urls = urlsOf(req);
    const data = visibleKeys(view.keys).map((k) => keyResource(k, { clientId: view.account.clientId }, urls, options.fields));
    sendDocument(req, res, 200, { data, links: { self: selfLink(req) } });
  });

  r.post('/service-accounts/:id/keys', async (req, res) => {
    const options = keyOptions(req);
    const p = principalOf(req);
    const issued = await core.createKey(p, req.params.id, readCreateKey(req.body));
    const view = await core.getAccount(p, req.params.id);
    res.location(urlsOf(req).key(req.params.id, issued.key.id));
    sendKey(req, res, 201, { view, key: issued.key, secret: issued.secret, options });
  });

  r.get('/service-accounts/:id/keys/:keyId', async (req, res) => {
    const options = keyOptions(req);
    const view = await core.getAccount(principalOf(req), req.params.id);
    sendKey(req, res, 200, { view, key: visibleKey(view, req.params.keyId), options });
  });

  r.patch('/service-accounts/:id/keys/:keyId', async (req, res) => {
    const options = keyOptions(req);
    const { id, keyId } = req.params;
    const { enabled } = readUpdateKey(req.body, keyId);
    const p = principalOf(req);
    const current = visibleKey(await core.getAccount(p, id), keyId);
    // Always through the core, even with nothing to change, so a stale If-Match is still a 412.
    await core.setKeyEnabled(p, keyId, enabled ?? current.enabled, id, expectedVersion(req));
    const view = await core.getAccount(p, id);
    sendKey(req, res, 200, { view, key: visibleKey(view, keyId), options });
  });

  r.delete('/service-accounts/:id/keys/:keyId', async (req, res) => {
    validate.none(req.query);
    const { id, keyId } = req.params;
    readDelete(req.body, KEY_TYPE, keyId);
    const p = principalOf(req);
    visibleKey(await core.getAccount(p, id), keyId);
    await core.revokeKey(p, keyId, id, expectedVersion(req));
    res.status(204).end();
  });

  r.get('/service-accounts/:id/relationships/keys', async (req, res) => {
    validate.none(req.query);
    const view = await core.getAccount(principalOf(req), req.params.id);
    const urls = urlsOf(req);
    sendDocument(req, res, 200, {
      data: visibleKeys(view.keys).map((k) => identifier(KEY_TYPE, k.id)),
      links: { self: urls.keysRelationship(view.account.id), related: urls.keys(view.account.id) },
    });
  });

  return r;
}
