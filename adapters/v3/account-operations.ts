// /service-accounts (and Ctrl-Hub's /members): each route binds a catalogue entry, and its codec
// reads the document and query into the core's terms and renders JSON:API from the core's result.
import { accounts } from '../../src/core/catalogue';
import type { AccountAnswer } from '../../src/core/catalogue/accounts';
import { related } from '../../src/core/model';
import { etag, NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { canonicalId } from '../../src/http/path-ids';
import { created, deleted, ok, okVersioned, ORG_IAM } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/requests';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { accountsWithKeys } from './compound';
import { features } from './features';
import { deleted as deletedAnswer, document } from './document';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { parseSort, resourceOptions, type ResourceOptions } from './query';
import { readCreateAccount, readDelete, readUpdateAccount } from './request-documents';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { accountResource, keyResource } from './resources';
import { ACCOUNT_TYPE } from './resource-types';
import { bind } from './bind';

/** v3 shows every account's groups (`relationships.groups`, `include=groups`) and federated credentials. */
const WITH_GROUPS = { groups: true, federatedCredentials: true };
const ACCOUNTS = `${ORG_IAM}/service-accounts`;
const ACCOUNT = `${ACCOUNTS}/{id}`;

/** What v3 reads beside accounts: the view it shows, and the groups `include` asks for. */
const reads = (options: ResourceOptions) => ({ view: WITH_GROUPS, includeGroups: options.include.has('groups') });

/** One account, with its effective permissions, what `include` asked for and the ETag a later If-Match can name. */
function answerAccount(view: AccountAnswer, request: WireRequest, options: ResourceOptions) {
  const { data, included } = accountsWithKeys([view], urlsOf(request), options, view.includedGroups, true);
  return document(request, 200, { data: data[0], included, links: { self: selfLink(request) } }, etag(view.account.version));
}

/** The account the path names, and what the query asks to show of it. */
function accountAt({ params, query }: Pick<WireRequest<unknown, queries.AccountQuery>, 'params' | 'query'>) {
  const options = resourceOptions(query, ACCOUNT_TYPE);
  return { id: params.id, options, ...reads(options) };
}

/** A page of the organization's accounts, as …/service-accounts and …/members (issue 26) answer it. */
export const accountPage = (entry: typeof accounts.listAccounts, path: string, description: string, what: string) =>
  bind(entry, {
    method: 'get',
    path,
    description,
    query: queries.accountListQuery,
    responses: ok(what, res.accountCollection),
    parse: ({ query: q }) => {
      const options = resourceOptions(q, ACCOUNT_TYPE);
      const page = parsePage(q);
      const group = q['filter[group]'];
      const filter = { nameContains: q['filter[name]'], enabled: q['filter[enabled]'], groupId: group && canonicalId(group) };
      return { filter, sort: parseSort(q.sort), ...page, ...reads(options), count: true, options };
    },
    reply: (list, request, parsed) => {
      const parts = paginate(request, parsed, { total: list.total ?? 0 });
      return document(request, 200, {
        ...accountsWithKeys(list.items, urlsOf(request), parsed.options, list.includedGroups),
        links: parts.links,
        meta: { ...parts.meta, ...features(ACCOUNT_TYPE) },
      });
    },
  });

export const accountOperations = [
  bind(accounts.createAccount, {
    method: 'post',
    path: ACCOUNTS,
    description:
      'A `service-accounts` document with `name` (and `description`, `enabled`). The response includes the first key with its ' +
      '`client_secret`, the only time it is shown (`Cache-Control: no-store`), and `Location` names the account. A client-made `id` or ' +
      '`lid` is 403; the name must be unique in the organization (409).',
    query: queries.accountQuery,
    body: schema.createServiceAccount,
    example: { data: { type: 'service-accounts', attributes: { name: 'ACME Corp', description: 'Integration with ACME Corp' } } },
    responses: created('Created; the first key, with its secret, is in `included`', res.createdAccountDocument),
    parse: ({ query, body }) => {
      const options = resourceOptions(query, ACCOUNT_TYPE);
      return { ...readCreateAccount(body), options };
    },
    problemInput: ({ body }) => readCreateAccount(body),
    reply: ({ view, issued }, request, { options }) => {
      const urls = urlsOf(request);
      // v3 always asks for the first key: this response is the only place its secret is ever shown.
      const key = issued!;
      return document(
        request,
        201,
        {
          data: accountResource({ ...view, groups: related([]), federatedCredentials: [] }, urls, options.fields, true),
          included: [keyResource(key.key, { clientId: key.account.clientId, secret: key.secret }, urls, options.fields)],
        },
        { Location: urls.account(view.account.id), ...etag(view.account.version), ...NO_STORE },
      );
    },
  }),
  accountPage(
    accounts.listAccounts,
    ACCOUNTS,
    'Offset pages (`limit`/`offset` or `page[limit]`/`page[offset]`) with counts and `first`, `prev`, `next`, `last` links; ' +
      '`filter[name]`, `filter[enabled]`, `filter[group]` (the members of a group), `sort`, `include=keys,groups` and sparse ' +
      'fieldsets. Each relationship names at most 100 resources (`meta.truncated` and `links.related` when there are more), and ' +
      '`included` holds at most 1,000.',
    'A page of accounts',
  ),
  bind(accounts.getAccount, {
    method: 'get',
    path: ACCOUNT,
    description: 'The account with its effective permissions in `meta`, and the `ETag` a later `If-Match` can name; `include=keys,groups`.',
    query: queries.accountQuery,
    responses: okVersioned('The account', res.accountDocument),
    parse: (request) => accountAt(request),
    reply: (view, request, { options }) => answerAccount(view, request, options),
  }),
  bind(accounts.updateAccount, {
    method: 'patch',
    path: ACCOUNT,
    summary: 'Change name, description or enabled',
    description:
      "Changes `name`, `description` or `enabled`; the document's `type` and `id` must be the path's (409). A fetched record " +
      'may be sent back whole: read-only members (`email`, `keys`, `groups`) repeated unchanged are ignored, changed ones are 403. ' +
      "With `If-Match`, only while the account is still at that version (412). Disabling the organization's last active Admin is 409.",
    query: queries.accountQuery,
    body: schema.updateServiceAccount,
    example: { data: { type: 'service-accounts', id: EXAMPLE_IDS.account, attributes: { description: 'Integration with ACME Corp' } } },
    responses: okVersioned('The account', res.accountDocument),
    parse: (request) => {
      const at = accountAt(request);
      const { data } = request.body;
      const changes = readUpdateAccount(request.body, at.id);
      // A fetched record sent back whole repeats email and keys: compared with the account as it is.
      const unchanged = namesFixedMembers(ACCOUNT_TYPE, data)
        ? (current: AccountAnswer) => assertUnchanged(ACCOUNT_TYPE, data, accountResource(current, urlsOf(request)))
        : undefined;
      return { ...at, changes, unchanged };
    },
    problemInput: (request) => ({ id: request.params.id, changes: readUpdateAccount(request.body, request.params.id) }),
    reply: (view, request, { options }) => answerAccount(view, request, options),
  }),
  bind(accounts.deleteAccount, {
    method: 'delete',
    path: ACCOUNT,
    description:
      'The account and all its keys are gone at once. A body naming it (`{data: {type, id}}`, as kitsu sends) is accepted. ' +
      "Deleting the organization's last active Admin is 409.",
    query: queries.noQuery,
    body: schema.deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    parse: ({ params, body }) => {
      readDelete(body, ACCOUNT_TYPE, params.id);
      return { id: params.id };
    },
    reply: (_gone, request, { id }) => deletedAnswer(request, ACCOUNT_TYPE, id),
  }),
];
