// The v1 operation table: every route with its schemas, what the caller needs, and the handler
// (parse, call the core, render). Routes, validation, /openapi/v1.json and the test matrix read it.
import type { Request, Response } from 'express';
import type { AccountView } from '../../src/core/model';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { canonicalId } from '../../src/http/path-ids';
import { EXAMPLE_IDS, emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { sendV1 } from './envelope';
import * as map from './mapper';

interface PageQuery {
  limit?: number;
  offset?: number;
}
interface KeyListQuery extends PageQuery {
  serviceAccountId?: string;
}

const DEFAULT_LIMIT = 20;
const ACCOUNT = '/service-accounts/{id}';
const ok = (description: string, data: object, headers?: string[]) => ({ 200: { description, schema: res.envelope(data), headers } });
/** What sendAccount answers: the account, with its ETag. */
const okAccount = () => ok('The account', res.account, ['ETag']);

/** Every single-account response carries the ETag a later If-Match can name. */
function sendAccount(req: Request, out: Response, view: AccountView): void {
  setEtag(out, view.account.version);
  sendV1(req, out, map.renderAccount(view));
}

const setEnabled = (action: 'enable' | 'disable', enabled: boolean) =>
  operation<null>({
    method: 'post',
    path: `${ACCOUNT}/${action}`,
    summary: `${action === 'enable' ? 'Enable' : 'Disable'} a service account`,
    needs: 'write',
    operationId: `${action}ServiceAccount`,
    tag: TAGS.accounts,
    ifMatch: true,
    description: enabled
      ? 'Its keys work again, but for those revoked, expired or disabled themselves. No body, or `{}`.'
      : 'Its keys stop working on the next request (every request re-reads the account); nothing is deleted, and enabling it brings them back. ' +
        "Disabling the organization's last active Admin is 409. No body, or `{}`.",
    body: emptyBody,
    bodyRequired: false,
    responses: okAccount(),
    async handle({ req, res: out, core, principal, params }) {
      sendAccount(req, out, await core.setAccountEnabled(principal, params.id, enabled, expectedVersion(req)));
    },
  });

export const v1Operations = [
  operation<map.V1CreateBody>({
    method: 'post',
    path: '/service-accounts',
    summary: 'Create a service account (no key)',
    needs: 'write',
    operationId: 'createServiceAccount',
    tag: TAGS.accounts,
    description:
      'Makes an account with its `permissions` and no key: make one with `POST /v1/api-keys`. The name must be unique in the ' +
      'organization (409); the caller cannot grant permissions its own credential cannot use (403).',
    body: schema.createServiceAccount,
    example: { name: 'ACME Corp', permissions: ['service_account:read'] },
    responses: okAccount(),
    async handle({ req, res: out, core, principal, body }) {
      sendAccount(req, out, (await core.createAccount(principal, map.toCreateRequest(body))).view);
    },
    otherProblems: ({ core, principal, body }) => core.accountRequestProblems(principal, map.toCreateRequest(body)),
  }),
  operation<unknown, PageQuery>({
    method: 'get',
    path: '/service-accounts',
    summary: 'List service accounts',
    needs: 'read',
    operationId: 'listServiceAccounts',
    tag: TAGS.accounts,
    description:
      "The organization's accounts in the order they were made, in offset pages (`limit` 1–100, default 20, and `offset`); " +
      '`hasMore` says whether another page follows.',
    query: schema.listServiceAccountsQuery,
    responses: ok('A page of accounts', res.accountPage),
    async handle({ req, res: out, core, principal, query }) {
      const { limit = DEFAULT_LIMIT, offset = 0 } = query;
      const page = await core.listAccounts(principal, { filter: {}, limit, offset });
      sendV1(req, out, { items: page.items.map(map.renderAccount), limit, offset, hasMore: page.hasMore });
    },
  }),
  operation({
    method: 'get',
    path: ACCOUNT,
    summary: 'Get a service account',
    needs: 'read',
    operationId: 'getServiceAccount',
    tag: TAGS.accounts,
    description: 'The account, with the `ETag` a later `If-Match` can name.',
    query: schema.noQuery,
    responses: okAccount(),
    async handle({ req, res: out, core, principal, params }) {
      sendAccount(req, out, await core.getAccount(principal, params.id));
    },
  }),
  operation<map.V1UpdateBody>({
    method: 'patch',
    path: ACCOUNT,
    summary: 'Change name, description or permissions',
    needs: 'write',
    operationId: 'updateServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      'Any of `name`, `description` and `permissions`; a field left out stays as it is. With `If-Match`, only while the ' +
      'account is still at that version (412 otherwise).',
    body: schema.updateServiceAccount,
    example: { description: 'Integration with ACME Corp' },
    responses: okAccount(),
    async handle({ req, res: out, core, principal, params, body }) {
      sendAccount(req, out, await core.updateAccount(principal, params.id, map.toChanges(body), expectedVersion(req)));
    },
    otherProblems: ({ core, principal, body }) => core.accountRequestProblems(principal, map.toChanges(body)),
  }),
  operation({
    method: 'delete',
    path: ACCOUNT,
    summary: 'Delete a service account and its keys',
    needs: 'write',
    operationId: 'deleteServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      "The account and every key of it are gone at once: their secrets stop working. Deleting the organization's last active " +
      'Admin is 409. `data` is null.',
    responses: ok('Deleted', { type: 'null', description: 'Nothing: the account is gone.' }),
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteAccount(principal, params.id, expectedVersion(req));
      sendV1(req, out, null);
    },
  }),
  setEnabled('disable', false),
  setEnabled('enable', true),
  operation<map.V1ApiKeyBody>({
    method: 'post',
    path: '/api-keys',
    summary: 'Create an api key (the secret is shown once)',
    needs: 'keys:write',
    operationId: 'createApiKey',
    tag: TAGS.keys,
    description:
      'A key of `serviceAccountId`. `scope: "read"` makes a read-only key (the account\'s `:read` permissions), `read-write` ' +
      "(the default) a key with all the account can do. The response holds the secret (`key`) and the account's `clientId` " +
      '(Basic `clientId:key` works too): the only time the secret is shown, so it says `Cache-Control: no-store`.',
    body: schema.createApiKey,
    example: { serviceAccountId: EXAMPLE_IDS.account, scope: 'read' },
    responses: ok('The key with its secret', res.issuedApiKey),
    async handle({ req, res: out, core, principal, body }) {
      const issued = await core.createKey(principal, canonicalId(body.serviceAccountId), map.toKeyRequest(body));
      noStore(out);
      sendV1(req, out, map.renderIssuedApiKey(issued));
    },
    otherProblems: ({ core, principal, body }) =>
      core.keyRequestProblems(principal, canonicalId(body.serviceAccountId), map.toKeyRequest(body)),
  }),
  operation<unknown, KeyListQuery>({
    method: 'get',
    path: '/api-keys',
    summary: 'List api keys (never their secrets)',
    needs: 'read',
    operationId: 'listApiKeys',
    tag: TAGS.keys,
    description:
      "The organization's keys, or one account's (`serviceAccountId`), in offset pages. Revoked keys are gone from the list; " +
      'disabled and expired ones are listed, with `enabled`.',
    query: schema.listApiKeysQuery,
    responses: ok('A page of keys', res.apiKeyPage),
    async handle({ req, res: out, core, principal, query }) {
      const { limit = DEFAULT_LIMIT, offset = 0, serviceAccountId } = query;
      const accountId = serviceAccountId === undefined ? undefined : canonicalId(serviceAccountId);
      // v1 has no key status: DELETE is how a v1 client gets rid of a key, so a revoked key (by any
      // dialect) is gone from v1's list. Disabled and expired keys still exist and are listed.
      const page = await core.listKeys(principal, { accountId, excludeRevoked: true, limit, offset });
      sendV1(req, out, { items: page.items.map(map.renderApiKey), limit, offset, hasMore: page.hasMore });
    },
  }),
  operation({
    method: 'delete',
    path: '/api-keys/{id}',
    summary: 'Revoke an api key',
    needs: 'keys:write',
    operationId: 'revokeApiKey',
    tag: TAGS.keys,
    description:
      "The key stops working on the next request and is no longer listed. Revoking the last usable key of the organization's " +
      'last active Admin is 409. `data` is null.',
    responses: ok('Revoked', { type: 'null', description: 'Nothing: the key is revoked.' }),
    async handle({ req, res: out, core, principal, params }) {
      await core.revokeKey(principal, params.id);
      sendV1(req, out, null);
    },
  }),
  operation({
    method: 'get',
    path: '/whoami',
    summary: 'The caller: its account, key and usable permissions',
    needs: 'authenticated',
    operationId: 'getWhoami',
    tag: TAGS.caller,
    description:
      'The account and key behind the credential, and the permissions it can use right now (a read key or a narrowed token ' +
      'shows fewer than the account holds). Any working credential may ask.',
    query: schema.noQuery,
    responses: ok('The caller', res.whoami),
    async handle({ req, res: out, core, principal }) {
      sendV1(req, out, map.renderWhoami(principal, await core.getSelf(principal)));
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get',
    path: '/organizations',
    summary: "The caller's organization, as a one-item page",
    // Any working credential of the organization may read it (B3OS's whoami tool, issue 26).
    needs: 'authenticated',
    operationId: 'listOrganizations',
    tag: TAGS.organizations,
    description:
      'A credential belongs to one organization: the page at offset 0 holds it, later pages are empty. `slug` is made from the name. ' +
      'Any working credential of the organization may ask, whatever its permissions.',
    query: schema.listOrganizationsQuery,
    responses: ok("A page holding the caller's organization", res.organizationPage),
    async handle({ req, res: out, core, principal, query }) {
      const { limit = DEFAULT_LIMIT, offset = 0 } = query;
      const own = await core.getOwnOrganization(principal);
      // A credential sees one organization: the page at offset 0 holds it, later pages are empty.
      const items = offset === 0 ? [map.renderOrganization(own)] : [];
      sendV1(req, out, { items, limit, offset, hasMore: false });
    },
  }),
  operation({
    method: 'get',
    path: '/organizations/{id}',
    summary: "The caller's organization (any other id: 404)",
    // Any working credential of the organization may read it (B3OS's whoami tool, issue 26).
    needs: 'authenticated',
    operationId: 'getOrganization',
    tag: TAGS.organizations,
    description:
      "The caller's organization by its id, for any working credential of it; any other id is 404 (what belongs to another " +
      'organization is not found either).',
    query: schema.noQuery,
    responses: ok('The organization', res.organization),
    async handle({ req, res: out, core, principal, params }) {
      sendV1(req, out, map.renderOrganization(await core.getOwnOrganization(principal, params.id)));
    },
  }),
];
