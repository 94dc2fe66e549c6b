// The v2 operation table: every route with its schemas, what the caller needs, and the handler
// (parse, call the core, render). Routes, validation, /openapi/v2.json and the test matrix read it.
import { operation } from '../../src/http/operation';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { emptyBody } from '../../schemas/common/fields';
import * as schema from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeToken, encodeToken } from './continuation';
import { sendItem, sendList } from './envelope';
import * as map from './mapper';

interface ListQuery { limit?: number; continuationToken?: string; isActive?: boolean; search?: string }
interface PageQuery { limit?: number; continuationToken?: string }

const DEFAULT_LIMIT = 50;
const ACCOUNT = '/service-accounts/{id}';
const ok = (description: string, data: object, headers?: string[]) => ({ 200: { description, schema: res.item(data), headers } });
const okList = (description: string, data: object) => ({ 200: { description, schema: res.list(data) } });

const setEnabled = (action: 'enable' | 'disable', enabled: boolean) => operation<null>({
  method: 'post', path: `${ACCOUNT}/${action}`, summary: action === 'enable' ? 'Enable' : 'Disable', needs: 'write',
  body: emptyBody, bodyRequired: false, responses: ok('The account', res.account, ['ETag']),
  async handle({ req, res: out, core, principal, params }) {
    const view = await core.setAccountEnabled(principal, params.id, enabled, expectedVersion(req));
    setEtag(out, view.account.version);
    sendItem(req, out, 200, map.renderAccount(view));
  },
});

export const v2Operations = [
  operation<map.V2CreateBody>({
    method: 'post', path: '/service-accounts', summary: 'Create a service account and its first credential', needs: 'write',
    body: schema.createServiceAccount, example: { name: 'ACME Corp', scopes: ['service-accounts:read'] },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.createdAccount), headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, body }) {
      const created = await core.createAccount(principal, map.toCreateRequest(body));
      setEtag(out, created.view.account.version);
      noStore(out);
      sendItem(req, out, 201, map.renderCreatedAccount(created.view, created.issued!));
    },
  }),
  operation<unknown, ListQuery>({
    method: 'get', path: '/service-accounts', summary: 'List service accounts', needs: 'read',
    query: schema.listServiceAccountsQuery, responses: okList('A page', res.account),
    async handle({ req, res: out, core, principal, query: q }) {
      const filter = { enabled: q.isActive, nameContains: q.search };
      const limit = q.limit ?? DEFAULT_LIMIT;
      const afterId = q.continuationToken ? decodeToken(q.continuationToken, filter) : undefined;
      const page = await core.listAccounts(principal, { filter, limit, afterId });
      const last = page.items.at(-1);
      sendList(req, out, page.items.map(map.renderAccount), page.hasMore && last ? encodeToken(last.account.id, filter) : null);
    },
  }),
  operation({
    method: 'get', path: ACCOUNT, summary: 'Get a service account', needs: 'read',
    query: schema.noQuery, responses: ok('The account', res.account, ['ETag']),
    async handle({ req, res: out, core, principal, params }) {
      const view = await core.getAccount(principal, params.id);
      setEtag(out, view.account.version);
      sendItem(req, out, 200, map.renderAccount(view));
    },
  }),
  operation<map.V2UpdateBody>({
    method: 'put', path: ACCOUNT, summary: 'Update; absent or null fields stay as they are', needs: 'write',
    body: schema.updateServiceAccount, example: { description: 'Integration with ACME Corp' }, responses: ok('The account', res.account, ['ETag']),
    async handle({ req, res: out, core, principal, params, body }) {
      const view = await core.updateAccount(principal, params.id, map.toChanges(body), expectedVersion(req));
      setEtag(out, view.account.version);
      sendItem(req, out, 200, map.renderAccount(view));
    },
  }),
  operation({
    method: 'delete', path: ACCOUNT, summary: 'Delete a service account and its credentials', needs: 'write',
    responses: { 204: { description: 'Deleted' } },
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteAccount(principal, params.id, expectedVersion(req));
      out.status(204).end();
    },
  }),
  setEnabled('disable', false),
  setEnabled('enable', true),
  operation({
    method: 'get', path: `${ACCOUNT}/credentials`, summary: 'List credentials', needs: 'read',
    query: schema.noQuery, responses: okList('Credentials', res.credential),
    async handle({ req, res: out, core, principal, params }) {
      const keys = await core.listKeys(principal, { accountId: params.id });
      sendList(req, out, keys.items.map(map.renderCredential));
    },
  }),
  operation<map.V2CredentialBody | null>({
    method: 'post', path: `${ACCOUNT}/credentials`, summary: 'Create a credential (rotation)', needs: 'keys:write',
    body: schema.createCredential, bodyRequired: false, example: { expirationDate: null },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.issuedCredential) } },
    async handle({ req, res: out, core, principal, params, body }) {
      const issued = await core.createKey(principal, params.id, map.toKeyRequest(body));
      noStore(out);
      sendItem(req, out, 201, map.renderIssuedCredential(issued));
    },
  }),
  operation<null>({
    method: 'post', path: `${ACCOUNT}/credentials/{credentialId}/revoke`, summary: 'Revoke a credential', needs: 'keys:write',
    body: emptyBody, bodyRequired: false, responses: ok('The credential', res.credential),
    async handle({ req, res: out, core, principal, params }) {
      const change = await core.revokeKey(principal, params.credentialId, { accountId: params.id });
      sendItem(req, out, 200, map.renderCredential(change.key));
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get', path: `${ACCOUNT}/audit-events`, summary: "An account's audit events", needs: 'read',
    query: schema.listAuditEventsQuery, responses: okList('A page of events', res.auditEvent),
    async handle({ req, res: out, core, principal, params, query: q }) {
      const scope = { auditOf: params.id };
      const afterId = q.continuationToken ? decodeToken(q.continuationToken, scope) : undefined;
      const page = await core.listAuditEvents(principal, params.id, { limit: q.limit ?? DEFAULT_LIMIT, afterId });
      const last = page.items.at(-1);
      sendList(req, out, page.items.map(map.renderAuditEvent), page.hasMore && last ? encodeToken(last.id, scope) : null);
    },
  }),
  operation({
    method: 'get', path: '/workspaces', summary: 'List workspaces', needs: 'read',
    query: schema.noQuery, responses: okList('Workspaces', res.workspace),
    async handle({ req, res: out, core, principal }) {
      sendList(req, out, (await core.listWorkspaces(principal)).map(map.renderWorkspace));
    },
  }),
  operation<{ name: string }>({
    method: 'post', path: '/workspaces', summary: 'Create a workspace', needs: 'write',
    body: schema.createWorkspace, example: { name: 'Production' },
    responses: { 201: { description: 'The workspace', schema: res.item(res.workspace) } },
    async handle({ req, res: out, core, principal, body }) {
      sendItem(req, out, 201, map.renderWorkspace(await core.createWorkspace(principal, body.name)));
    },
  }),
];
