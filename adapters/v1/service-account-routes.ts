// v1 service-account routes: parse and validate, call the core, render. Nothing else lives here.
import { Router, type Request, type Response } from 'express';
import type { AccountView } from '../../src/core/model';
import type { AppContext } from '../../src/http/context';
import { principalOf } from '../../src/http/context';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { lowerCaseIds } from '../../src/http/path-ids';
import { compile } from '../../src/http/validator';
import { emptyBody } from '../../schemas/common/fields';
import * as schema from '../../schemas/v1/requests';
import { sendV1 } from './envelope';
import * as map from './mapper';

interface PageQuery { limit?: number; offset?: number }

const validate = {
  create: compile<map.V1CreateBody>(schema.createServiceAccount),
  update: compile<map.V1UpdateBody>(schema.updateServiceAccount),
  empty: compile<null>(emptyBody),
  listQuery: compile<PageQuery>(schema.listServiceAccountsQuery, { source: 'query' }),
  noQuery: compile<object>(schema.noQuery, { source: 'query' }),
};

const DEFAULT_LIMIT = 20;

/** Every single-account response carries the ETag a later If-Match can name. */
function sendAccount(req: Request, res: Response, view: AccountView): void {
  setEtag(res, view.account.version);
  sendV1(req, res, map.renderAccount(view));
}

export function serviceAccountRoutes({ core }: AppContext): Router {
  const r = lowerCaseIds(Router(), 'id');

  r.post('/service-accounts', async (req, res) => {
    const created = await core.createAccount(principalOf(req), map.toCreateRequest(validate.create(req.body)));
    sendAccount(req, res, created.view);
  });

  r.get('/service-accounts', async (req, res) => {
    const { limit = DEFAULT_LIMIT, offset = 0 } = validate.listQuery(req.query);
    const page = await core.listAccounts(principalOf(req), { filter: {}, limit, offset });
    sendV1(req, res, { items: page.items.map(map.renderAccount), limit, offset, hasMore: page.hasMore });
  });

  r.get('/service-accounts/:id', async (req, res) => {
    validate.noQuery(req.query);
    sendAccount(req, res, await core.getAccount(principalOf(req), req.params.id));
  });

  r.patch('/service-accounts/:id', async (req, res) => {
    const changes = map.toChanges(validate.update(req.body));
    sendAccount(req, res, await core.updateAccount(principalOf(req), req.params.id, changes, expectedVersion(req)));
  });

  r.delete('/service-accounts/:id', async (req, res) => {
    await core.deleteAccount(principalOf(req), req.params.id, expectedVersion(req));
    sendV1(req, res, null);
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    r.post(`/service-accounts/:id/${action}`, async (req, res) => {
      validate.empty(req.body ?? null);
      sendAccount(req, res, await core.setAccountEnabled(principalOf(req), req.params.id, enabled, expectedVersion(req)));
    });
  }

  return r;
}
