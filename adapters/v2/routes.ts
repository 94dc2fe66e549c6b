// v2 routes: parse and validate, call the core, render. Nothing else lives here.
import { Router } from 'express';
import type { AppContext } from '../../src/http/context';
import { principalOf } from '../../src/http/context';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { lowerCaseIds } from '../../src/http/path-ids';
import { compile } from '../../src/http/validator';
import { emptyBody } from '../../schemas/common/fields';
import * as schema from '../../schemas/v2/requests';
import { decodeToken, encodeToken } from './continuation';
import { sendItem, sendList } from './envelope';
import * as map from './mapper';

interface ListQuery { limit?: number; continuationToken?: string; isActive?: boolean; search?: string }

const validate = {
  create: compile<map.V2CreateBody>(schema.createServiceAccount),
  update: compile<map.V2UpdateBody>(schema.updateServiceAccount),
  credential: compile<map.V2CredentialBody | null>(schema.createCredential),
  workspace: compile<{ name: string }>(schema.createWorkspace),
  empty: compile<null>(emptyBody),
  listQuery: compile<ListQuery>(schema.listServiceAccountsQuery, { source: 'query' }),
  auditQuery: compile<{ limit?: number; continuationToken?: string }>(schema.listAuditEventsQuery, { source: 'query' }),
  noQuery: compile<object>(schema.noQuery, { source: 'query' }),
};

const DEFAULT_LIMIT = 50;

export function v2Routes({ core }: AppContext): Router {
  const r = lowerCaseIds(Router(), 'id', 'credentialId');

  r.post('/service-accounts', async (req, res) => {
    const created = await core.createAccount(principalOf(req), map.toCreateRequest(validate.create(req.body)));
    setEtag(res, created.view.account.version);
    noStore(res);
    sendItem(req, res, 201, map.renderCreatedAccount(created.view, created.issued!));
  });

  r.get('/service-accounts', async (req, res) => {
    const q = validate.listQuery(req.query);
    const filter = { enabled: q.isActive, nameContains: q.search };
    const limit = q.limit ?? DEFAULT_LIMIT;
    const afterId = q.continuationToken ? decodeToken(q.continuationToken, filter) : undefined;
    const page = await core.listAccounts(principalOf(req), { filter, limit, afterId });
    const last = page.items.at(-1);
    sendList(req, res, page.items.map(map.renderAccount), page.hasMore && last ? encodeToken(last.account.id, filter) : null);
  });

  r.get('/service-accounts/:id', async (req, res) => {
    validate.noQuery(req.query);
    const view = await core.getAccount(principalOf(req), req.params.id);
    setEtag(res, view.account.version);
    sendItem(req, res, 200, map.renderAccount(view));
  });

  r.put('/service-accounts/:id', async (req, res) => {
    const changes = map.toChanges(validate.update(req.body));
    const view = await core.updateAccount(principalOf(req), req.params.id, changes, expectedVersion(req));
    setEtag(res, view.account.version);
    sendItem(req, res, 200, map.renderAccount(view));
  });

  r.delete('/service-accounts/:id', async (req, res) => {
    await core.deleteAccount(principalOf(req), req.params.id, expectedVersion(req));
    res.status(204).end();
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    r.post(`/service-accounts/:id/${action}`, async (req, res) => {
      validate.empty(req.body ?? null);
      const view = await core.setAccountEnabled(principalOf(req), req.params.id, enabled, expectedVersion(req));
      setEtag(res, view.account.version);
      sendItem(req, res, 200, map.renderAccount(view));
    });
  }

  r.get('/service-accounts/:id/credentials', async (req, res) => {
    validate.noQuery(req.query);
    const keys = await core.listKeys(principalOf(req), req.params.id);
    sendList(req, res, keys.map(map.renderCredential));
  });

  r.post('/service-accounts/:id/credentials', async (req, res) => {
    const body = validate.credential(req.body ?? null);
    const issued = await core.createKey(principalOf(req), req.params.id, map.toKeyRequest(body));
    noStore(res);
    sendItem(req, res, 201, map.renderIssuedCredential(issued));
  });

  r.post('/service-accounts/:id/credentials/:credentialId/revoke', async (req, res) => {
    validate.empty(req.body ?? null);
    const key = await core.revokeKey(principalOf(req), req.params.credentialId, req.params.id);
    sendItem(req, res, 200, map.renderCredential(key));
  });

  r.get('/service-accounts/:id/audit-events', async (req, res) => {
    const q = validate.auditQuery(req.query);
    const scope = { auditOf: req.params.id };
    const afterId = q.continuationToken ? decodeToken(q.continuationToken, scope) : undefined;
    const page = await core.listAuditEvents(principalOf(req), req.params.id, q.limit ?? DEFAULT_LIMIT, afterId);
    const last = page.items.at(-1);
    sendList(req, res, page.items.map(map.renderAuditEvent), page.hasMore && last ? encodeToken(last.id, scope) : null);
  });

  r.get('/workspaces', async (req, res) => {
    validate.noQuery(req.query);
    const list = await core.listWorkspaces(principalOf(req));
    sendList(req, res, list.map(map.renderWorkspace));
  });

  r.post('/workspaces', async (req, res) => {
    const ws = await core.createWorkspace(principalOf(req), validate.workspace(req.body).name);
    sendItem(req, res, 201, map.renderWorkspace(ws));
  });

  return r;
}
