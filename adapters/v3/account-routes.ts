// /service-accounts: parse the document and query, call the core, render JSON:API. Nothing else.
import { Router, type Request, type Response } from 'express';
import type { IamCore } from '../../src/core';
import type { AccountView } from '../../src/core/model';
import type { AccountFilter } from '../../src/core/ports';
import { principalOf } from '../../src/http/context';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { lowerCaseIds } from '../../src/http/path-ids';
import * as queries from '../../schemas/v3/queries';
import { accountsWithKeys } from './compound';
import { sendDocument } from './document';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { parseSort, resourceOptions, type ResourceOptions } from './query';
import { queryReader } from './query-reader';
import { readCreateAccount, readDelete, readUpdateAccount } from './request-documents';
import { accountResource, keyResource } from './resources';
import { ACCOUNT_TYPE } from './resource-types';

type ListQuery = Record<string, unknown> & { 'filter[name]'?: string; 'filter[enabled]'?: boolean };

const validate = {
  one: queryReader(queries.accountQuery),
  list: queryReader<ListQuery>(queries.accountListQuery),
  none: queryReader(queries.noQuery),
};

export function accountRoutes(core: IamCore): Router {
  const r = lowerCaseIds(Router({ mergeParams: true }), 'id');

  r.post('/service-accounts', async (req, res) => {
    const options = resourceOptions(validate.one(req.query), ACCOUNT_TYPE);
    const created = await core.createAccount(principalOf(req), readCreateAccount(req.body));
    const urls = urlsOf(req);
    const { view, issued } = created;
    res.location(urls.account(view.account.id));
    setEtag(res, view.account.version);
    noStore(res);
    // The first key is always included: this response is the only place its secret is ever shown.
    sendDocument(req, res, 201, {
      data: accountResource(view, urls, options.fields),
      included: [keyResource(issued!.key, { clientId: issued!.clientId, secret: issued!.secret }, urls, options.fields)],
    });
  });

  r.get('/service-accounts', async (req, res) => {
    const q = validate.list(req.query);
    const options = resourceOptions(q, ACCOUNT_TYPE);
    const page = parsePage(q);
    const filter: AccountFilter = { nameContains: q['filter[name]'], enabled: q['filter[enabled]'] };
    const p = principalOf(req);
    const [list, total] = await Promise.all([
      core.listAccounts(p, { filter, sort: parseSort(q.sort), ...page }),
      core.countAccounts(p, filter),
    ]);
    sendDocument(req, res, 200, { ...accountsWithKeys(list.items, urlsOf(req), options), ...paginate(req, page, { total }) });
  });

  r.get('/service-accounts/:id', async (req, res) => {
    const options = resourceOptions(validate.one(req.query), ACCOUNT_TYPE);
    sendAccount(req, res, await core.getAccount(principalOf(req), req.params.id), options);
  });

  r.patch('/service-accounts/:id', async (req, res) => {
    const options = resourceOptions(validate.one(req.query), ACCOUNT_TYPE);
    const changes = readUpdateAccount(req.body, req.params.id);
    sendAccount(req, res, await core.updateAccount(principalOf(req), req.params.id, changes, expectedVersion(req)), options);
  });

  r.delete('/service-accounts/:id', async (req, res) => {
    validate.none(req.query);
    readDelete(req.body, ACCOUNT_TYPE, req.params.id);
    await core.deleteAccount(principalOf(req), req.params.id, expectedVersion(req));
    res.status(204).end();
  });

  return r;
}

function sendAccount(req: Request, res: Response, view: AccountView, options: ResourceOptions): void {
  setEtag(res, view.account.version);
  const { data, included } = accountsWithKeys([view], urlsOf(req), options);
  sendDocument(req, res, 200, { data: data[0], included, links: { self: selfLink(req) } });
}
