// The v1 operation table: every route with its schemas, what the caller needs, and the handler
// (parse, call the core, render). Routes, validation, /openapi/v1.json and the test matrix read it.
import type { Request, Response } from 'express';
import type { AccountView } from '../../src/core/model';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { canonicalId } from '../../src/http/path-ids';
import { EXAMPLE_IDS, emptyBody } from '../../schemas/common/fields';
import * as schema from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { sendV1 } from './envelope';
import * as map from './mapper';

interface PageQuery { limit?: number; offset?: number }
interface KeyListQuery extends PageQuery { serviceAccountId?: string }

const DEFAULT_LIMIT = 20;
const ACCOUNT = '/service-accounts/{id}';
const ok = (description: string, data: object) => ({ 200: { description, schema: res.envelope(data) } });

/** Every single-account response carries the ETag a later If-Match can name. */
function sendAccount(req: Request, out: Response, view: AccountView): void {
  setEtag(out, view.account.version);
  sendV1(req, out, map.renderAccount(view));
}


const setEnabled = (action: 'enable' | 'disable', enabled: boolean) => operation<null>({
  method: 'post', path: `${ACCOUNT}/${action}`, summary: `${action === 'enable' ? 'Enable' : 'Disable'} a service account`, needs: 'write',
  body: emptyBody, bodyRequired: false, responses: ok('The account', res.account),
  async handle({ req, res: out, core, principal, params }) {
    sendAccount(req, out, await core.setAccountEnabled(principal, params.id, enabled, expectedVersion(req)));
  },
});

export const v1Operations = [
  operation<map.V1CreateBody>({
    method: 'post', path: '/service-accounts', summary: 'Create a service account (no key)', needs: 'write',
    body: schema.createServiceAccount, example: { name: 'ACME Corp', permissions: ['service_account:read'] },
    responses: ok('The account', res.account),
    async handle({ req, res: out, core, principal, body }) {
      sendAccount(req, out, (await core.createAccount(principal, map.toCreateRequest(body))).view);
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get', path: '/service-accounts', summary: 'List service accounts', needs: 'read',
    query: schema.listServiceAccountsQuery, responses: ok('A page of accounts', res.accountPage),
    async handle({ req, res: out, core, principal, query }) {
      const { limit = DEFAULT_LIMIT, offset = 0 } = query;
      const page = await core.listAccounts(principal, { filter: {}, limit, offset });
      sendV1(req, out, { items: page.items.map(map.renderAccount), limit, offset, hasMore: page.hasMore });
    },
  }),
  operation({
    method: 'get', path: ACCOUNT, summary: 'Get a service account', needs: 'read',
    query: schema.noQuery, responses: ok('The account', res.account),
    async handle({ req, res: out, core, principal, params }) {
      sendAccount(req, out, await core.getAccount(principal, params.id));
    },
  }),
  operation<map.V1UpdateBody>({
    method: 'patch', path: ACCOUNT, summary: 'Change name, description or permissions', needs: 'write',
    body: schema.updateServiceAccount, example: { description: 'Integration with ACME Corp' }, responses: ok('The account', res.account),
    async handle({ req, res: out, core, principal, params, body }) {
      sendAccount(req, out, await core.updateAccount(principal, params.id, map.toChanges(body), expectedVersion(req)));
    },
  }),
  operation({
    method: 'delete', path: ACCOUNT, summary: 'Delete a service account and its keys', needs: 'write',
    responses: ok('Deleted', { type: 'null' }),
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteAccount(principal, params.id, expectedVersion(req));
      sendV1(req, out, null);
    },
  }),
  setEnabled('disable', false),
  setEnabled('enable', true),
  operation<map.V1ApiKeyBody>({
    method: 'post', path: '/api-keys', summary: 'Create an api key (the secret is shown once)', needs: 'keys:write',
    body: schema.createApiKey, example: { serviceAccountId: EXAMPLE_IDS.account, scope: 'read' },
    responses: ok('The key with its secret', res.issuedApiKey),
    async handle({ req, res: out, core, principal, body }) {
      const issued = await core.createKey(principal, canonicalId(body.serviceAccountId), map.toKeyRequest(body));
      noStore(out);
      sendV1(req, out, map.renderIssuedApiKey(issued));
    },
  }),
  operation<unknown, KeyListQuery>({
    method: 'get', path: '/api-keys', summary: 'List api keys (never their secrets)', needs: 'read',
    query: schema.listApiKeysQuery, responses: ok('A page of keys', res.apiKeyPage),
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
    method: 'delete', path: '/api-keys/{id}', summary: 'Revoke an api key', needs: 'keys:write',
    responses: ok('Revoked', { type: 'null' }),
    async handle({ req, res: out, core, principal, params }) {
      await core.revokeKey(principal, params.id);
      sendV1(req, out, null);
    },
  }),
  operation({
    method: 'get', path: '/whoami', summary: 'The caller: its account, key and usable permissions', needs: 'authenticated',
    query: schema.noQuery, responses: ok('The caller', res.whoami),
    async handle({ req, res: out, core, principal }) {
      sendV1(req, out, map.renderWhoami(principal, await core.getSelf(principal)));
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get', path: '/organizations', summary: "The caller's organization, as a one-item page", needs: 'read',
    query: schema.listOrganizationsQuery, responses: ok('A page holding the caller\'s organization', res.organizationPage),
    async handle({ req, res: out, core, principal, query }) {
      const { limit = DEFAULT_LIMIT, offset = 0 } = query;
      const own = await core.getOwnOrganization(principal);
      // A credential sees one organization: the page at offset 0 holds it, later pages are empty.
      const items = offset === 0 ? [map.renderOrganization(own)] : [];
      sendV1(req, out, { items, limit, offset, hasMore: false });
    },
  }),
  operation({
    method: 'get', path: '/organizations/{id}', summary: "The caller's organization (any other id: 404)", needs: 'read',
    query: schema.noQuery, responses: ok('The organization', res.organization),
    async handle({ req, res: out, core, principal, params }) {
      sendV1(req, out, map.renderOrganization(await core.getOwnOrganization(principal, params.id)));
    },
  }),
];
