// /service-accounts: parse the document and query, call the core, render JSON:API. Nothing else.
import type { Request, Response } from 'express';
import { related, type AccountView } from '../../src/core/model';
import type { AccountFilter } from '../../src/core/ports';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { canonicalId } from '../../src/http/path-ids';
import { operation, type Call } from '../../src/http/operation';
import { created, deleted, ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/requests';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { accountsWithKeys, type Reader } from './compound';
import { features } from './features';
import { sendDeleted, sendDocument } from './document';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { parseSort, resourceOptions, type Query, type ResourceOptions } from './query';
import {
  readCreateAccount,
  readDelete,
  readUpdateAccount,
  type CreateAccountDocument,
  type DeleteDocument,
  type UpdateAccountDocument,
} from './request-documents';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { accountResource, keyResource } from './resources';
import { ACCOUNT_TYPE } from './resource-types';

export type AccountListQuery = Query & { 'filter[name]'?: string; 'filter[enabled]'?: boolean; 'filter[group]'?: string };

/** v3 shows every account's groups (`relationships.groups`, `include=groups`) and federated credentials. */
const WITH_GROUPS = { groups: true, federatedCredentials: true };
const ACCOUNTS = `${ORG_IAM}/service-accounts`;
const ACCOUNT = `${ACCOUNTS}/{id}`;

async function sendAccount(req: Request, out: Response, view: AccountView, options: ResourceOptions, reader: Reader): Promise<void> {
  setEtag(out, view.account.version);
  const { data, included } = await accountsWithKeys([view], urlsOf(req), options, reader, true);
  sendDocument(req, out, 200, { data: data[0], included, links: { self: selfLink(req) } });
}

/** A page of the organization's accounts, as …/service-accounts (and …/members, issue 26) answer it. */
export async function sendAccountPage({ req, res: out, core, principal, query: q }: Call<unknown, AccountListQuery>): Promise<void> {
  const options = resourceOptions(q, ACCOUNT_TYPE);
  const page = parsePage(q);
  const group = q['filter[group]'];
  const filter: AccountFilter = { nameContains: q['filter[name]'], enabled: q['filter[enabled]'], groupId: group && canonicalId(group) };
  const [list, total] = await Promise.all([
    core.listAccounts(principal, { filter, sort: parseSort(q.sort), ...page }, WITH_GROUPS),
    core.countAccounts(principal, filter),
  ]);
  const parts = paginate(req, page, { total });
  sendDocument(req, out, 200, {
    ...(await accountsWithKeys(list.items, urlsOf(req), options, { core, principal })),
    links: parts.links,
    meta: { ...parts.meta, ...features(ACCOUNT_TYPE) },
  });
}

export const accountOperations = [
  operation<CreateAccountDocument, Query>({
    method: 'post',
    path: ACCOUNTS,
    summary: 'Create a service account and its first key',
    needs: 'write',
    operationId: 'createServiceAccount',
    tag: TAGS.accounts,
    description:
      'A `service-accounts` document with `name` (and `description`, `enabled`). The response includes the first key with its ' +
      '`client_secret`, the only time it is shown (`Cache-Control: no-store`), and `Location` names the account. A client-made `id` or ' +
      '`lid` is 403; the name must be unique in the organization (409).',
    query: queries.accountQuery,
    body: schema.createServiceAccount,
    example: { data: { type: 'service-accounts', attributes: { name: 'ACME Corp', description: 'Integration with ACME Corp' } } },
    responses: created('Created; the first key, with its secret, is in `included`', res.createdAccountDocument),
    async handle({ req, res: out, core, principal, query, body }) {
      const options = resourceOptions(query, ACCOUNT_TYPE);
      const { view, issued } = await core.createAccount(principal, readCreateAccount(body));
      const urls = urlsOf(req);
      out.location(urls.account(view.account.id));
      setEtag(out, view.account.version);
      noStore(out);
      // The first key is always included: this response is the only place its secret is ever shown.
      sendDocument(req, out, 201, {
        data: accountResource({ ...view, groups: related([]), federatedCredentials: [] }, urls, options.fields, true),
        included: [keyResource(issued!.key, { clientId: issued!.account.clientId, secret: issued!.secret }, urls, options.fields)],
      });
    },
    otherProblems: ({ core, principal, body }) => core.accountRequestProblems(principal, readCreateAccount(body)),
  }),
  operation<unknown, AccountListQuery>({
    method: 'get',
    path: ACCOUNTS,
    summary: 'List service accounts',
    needs: 'read',
    operationId: 'listServiceAccounts',
    tag: TAGS.accounts,
    description:
      'Offset pages (`limit`/`offset` or `page[limit]`/`page[offset]`) with counts and `first`, `prev`, `next`, `last` links; ' +
      '`filter[name]`, `filter[enabled]`, `filter[group]` (the members of a group), `sort`, `include=keys,groups` and sparse ' +
      'fieldsets. Each relationship names at most 100 resources (`meta.truncated` and `links.related` when there are more), and ' +
      '`included` holds at most 1,000.',
    query: queries.accountListQuery,
    responses: ok('A page of accounts', res.accountCollection),
    handle: sendAccountPage,
  }),
  operation<unknown, Query>({
    method: 'get',
    path: ACCOUNT,
    summary: 'Get a service account',
    needs: 'read',
    operationId: 'getServiceAccount',
    tag: TAGS.accounts,
    description: 'The account with its effective permissions in `meta`, and the `ETag` a later `If-Match` can name; `include=keys,groups`.',
    query: queries.accountQuery,
    responses: ok('The account', res.accountDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query }) {
      const view = await core.getAccount(principal, params.id, WITH_GROUPS);
      await sendAccount(req, out, view, resourceOptions(query, ACCOUNT_TYPE), { core, principal });
    },
  }),
  operation<UpdateAccountDocument, Query>({
    method: 'patch',
    path: ACCOUNT,
    summary: 'Change name, description or enabled',
    needs: 'write',
    operationId: 'updateServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      "Changes `name`, `description` or `enabled`; the document's `type` and `id` must be the path's (409). A fetched record " +
      'may be sent back whole: read-only members (`email`, `keys`, `groups`) repeated unchanged are ignored, changed ones are 403. ' +
      "With `If-Match`, only while the account is still at that version (412). Disabling the organization's last active Admin is 409.",
    query: queries.accountQuery,
    body: schema.updateServiceAccount,
    example: { data: { type: 'service-accounts', id: EXAMPLE_IDS.account, attributes: { description: 'Integration with ACME Corp' } } },
    responses: ok('The account', res.accountDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query, body }) {
      const options = resourceOptions(query, ACCOUNT_TYPE);
      const changes = readUpdateAccount(body, params.id);
      // A fetched record sent back whole repeats email and keys: compared with the account as it is.
      if (namesFixedMembers(ACCOUNT_TYPE, body.data)) {
        assertUnchanged(ACCOUNT_TYPE, body.data, accountResource(await core.getAccount(principal, params.id, WITH_GROUPS), urlsOf(req)));
      }
      const view = await core.updateAccount(principal, params.id, changes, expectedVersion(req), WITH_GROUPS);
      await sendAccount(req, out, view, options, { core, principal });
    },
    otherProblems: ({ core, principal, params, body }) => core.accountRequestProblems(principal, readUpdateAccount(body, params.id)),
  }),
  operation<DeleteDocument>({
    method: 'delete',
    path: ACCOUNT,
    summary: 'Delete a service account and its keys',
    needs: 'write',
    operationId: 'deleteServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      'The account and all its keys are gone at once. A body naming it (`{data: {type, id}}`, as kitsu sends) is accepted. ' +
      "Deleting the organization's last active Admin is 409.",
    query: queries.noQuery,
    body: schema.deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    async handle({ req, res: out, core, principal, params, body }) {
      readDelete(body, ACCOUNT_TYPE, params.id);
      await core.deleteAccount(principal, params.id, expectedVersion(req));
      sendDeleted(req, out, ACCOUNT_TYPE, params.id);
    },
  }),
];
