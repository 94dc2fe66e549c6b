// The v2 operation table: every route with its schemas, what the caller needs, and the handler
// (parse, call the core, render). Routes, validation, /openapi/v2.json and the test matrix read it.
import { operation } from '../../src/http/operation';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeToken, encodeToken } from './continuation';
import { sendItem, sendList } from './envelope';
import * as map from './mapper';

interface ListQuery {
  limit?: number;
  continuationToken?: string;
  isActive?: boolean;
  search?: string;
}
interface PageQuery {
  limit?: number;
  continuationToken?: string;
}

const DEFAULT_LIMIT = 50;
const ACCOUNT = '/service-accounts/{id}';
const ok = (description: string, data: object, headers?: string[]) => ({ 200: { description, schema: res.item(data), headers } });
const okList = (description: string, data: object) => ({ 200: { description, schema: res.list(data) } });

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
      ? 'Its credentials work again, but for those revoked, expired or disabled themselves. No body, or `{}`.'
      : 'None of its credentials works from the next request on (every request re-reads the account); nothing is deleted, and enabling ' +
        "it brings them back. Disabling the organization's last active Admin is 409. No body, or `{}`.",
    body: emptyBody,
    bodyRequired: false,
    responses: ok('The account', res.account, ['ETag']),
    async handle({ req, res: out, core, principal, params }) {
      const view = await core.setAccountEnabled(principal, params.id, enabled, expectedVersion(req));
      setEtag(out, view.account.version);
      sendItem(req, out, 200, map.renderAccount(view));
    },
  });

export const v2Operations = [
  operation<map.V2CreateBody>({
    method: 'post',
    path: '/service-accounts',
    summary: 'Create a service account and its first credential',
    needs: 'write',
    operationId: 'createServiceAccount',
    tag: TAGS.accounts,
    description:
      'The account and its first credential: the response holds `clientId` and `clientSecret`, the only time the secret is ' +
      "shown (`Cache-Control: no-store`). `scopes` are the account's permissions. The name must be unique in the organization (409); " +
      'the caller cannot grant a role or scopes above what its own credential can use (403).',
    body: schema.createServiceAccount,
    example: { name: 'ACME Corp', scopes: ['service-accounts:read'] },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.createdAccount), headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, body }) {
      const created = await core.createAccount(principal, map.toCreateRequest(body));
      setEtag(out, created.view.account.version);
      noStore(out);
      sendItem(req, out, 201, map.renderCreatedAccount(created.view, created.issued!));
    },
    otherProblems: ({ core, principal, body }) => core.accountRequestProblems(principal, map.toCreateRequest(body)),
  }),
  operation<unknown, ListQuery>({
    method: 'get',
    path: '/service-accounts',
    summary: 'List service accounts',
    needs: 'read',
    operationId: 'listServiceAccounts',
    tag: TAGS.accounts,
    description:
      "The organization's accounts in the order they were made, a page at a time: pass `pagination.continuationToken` back " +
      'as `continuationToken`, with the same filters, for the next page.',
    query: schema.listServiceAccountsQuery,
    responses: okList('A page', res.account),
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
    method: 'get',
    path: ACCOUNT,
    summary: 'Get a service account',
    needs: 'read',
    operationId: 'getServiceAccount',
    tag: TAGS.accounts,
    description: 'The account with its credentials (never their secrets), and the `ETag` a later `If-Match` can name.',
    query: schema.noQuery,
    responses: ok('The account', res.account, ['ETag']),
    async handle({ req, res: out, core, principal, params }) {
      const view = await core.getAccount(principal, params.id);
      setEtag(out, view.account.version);
      sendItem(req, out, 200, map.renderAccount(view));
    },
  }),
  operation<map.V2UpdateBody>({
    method: 'put',
    path: ACCOUNT,
    summary: 'Update; absent or null fields stay as they are',
    needs: 'write',
    operationId: 'updateServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      'Changes `name`, `description`, `organizationalRole` or `workspaceAssignments`; a field that is absent or null stays as ' +
      "it is. With `If-Match`, only while the account is still at that version (412 otherwise). Demoting the organization's last " +
      'active Admin is 409.',
    body: schema.updateServiceAccount,
    example: { description: 'Integration with ACME Corp' },
    responses: ok('The account', res.account, ['ETag']),
    async handle({ req, res: out, core, principal, params, body }) {
      const view = await core.updateAccount(principal, params.id, map.toChanges(body), expectedVersion(req));
      setEtag(out, view.account.version);
      sendItem(req, out, 200, map.renderAccount(view));
    },
    otherProblems: ({ core, principal, body }) => core.accountRequestProblems(principal, map.toChanges(body)),
  }),
  operation({
    method: 'delete',
    path: ACCOUNT,
    summary: 'Delete a service account and its credentials',
    needs: 'write',
    operationId: 'deleteServiceAccount',
    tag: TAGS.accounts,
    ifMatch: true,
    description:
      "The account and all its credentials are gone at once: their secrets stop working. Deleting the organization's last " +
      'active Admin is 409.',
    responses: { 204: { description: 'Deleted' } },
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteAccount(principal, params.id, expectedVersion(req));
      out.status(204).end();
    },
  }),
  setEnabled('disable', false),
  setEnabled('enable', true),
  operation({
    method: 'get',
    path: `${ACCOUNT}/credentials`,
    summary: 'List credentials',
    needs: 'read',
    operationId: 'listCredentials',
    tag: TAGS.credentials,
    description: "All the account's credentials, revoked and expired ones too, oldest first; never their secrets.",
    query: schema.noQuery,
    responses: okList('Credentials', res.credential),
    async handle({ req, res: out, core, principal, params }) {
      const keys = await core.listKeys(principal, { accountId: params.id });
      sendList(req, out, keys.items.map(map.renderCredential));
    },
  }),
  operation<map.V2CredentialBody | null>({
    method: 'post',
    path: `${ACCOUNT}/credentials`,
    summary: 'Create a credential (rotation)',
    needs: 'keys:write',
    operationId: 'createCredential',
    tag: TAGS.credentials,
    description:
      'A new credential beside the others (rotate: make one, move clients to it, revoke the old one). The response holds its ' +
      '`clientSecret`, the only time it is shown. `scopes` cap it below the account; the body may be absent.',
    body: schema.createCredential,
    bodyRequired: false,
    example: { expirationDate: null },
    responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.issuedCredential) } },
    async handle({ req, res: out, core, principal, params, body }) {
      const issued = await core.createKey(principal, params.id, map.toKeyRequest(body));
      noStore(out);
      sendItem(req, out, 201, map.renderIssuedCredential(issued));
    },
    otherProblems: ({ core, principal, params, body }) => core.keyRequestProblems(principal, params.id, map.toKeyRequest(body)),
  }),
  operation<null>({
    method: 'post',
    path: `${ACCOUNT}/credentials/{credentialId}/revoke`,
    summary: 'Revoke a credential',
    needs: 'keys:write',
    operationId: 'revokeCredential',
    tag: TAGS.credentials,
    description:
      'The credential stops working on the next request, for good (its access tokens too); it stays listed as `Revoked`. ' +
      "Revoking the last usable credential of the organization's last active Admin is 409. No body, or `{}`.",
    body: emptyBody,
    bodyRequired: false,
    responses: ok('The credential', res.credential),
    async handle({ req, res: out, core, principal, params }) {
      const change = await core.revokeKey(principal, params.credentialId, { accountId: params.id });
      sendItem(req, out, 200, map.renderCredential(change.key));
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get',
    path: `${ACCOUNT}/audit-events`,
    summary: "An account's audit events",
    needs: 'read',
    operationId: 'listAuditEvents',
    tag: TAGS.audit,
    description:
      'What was done to the account and its credentials, oldest first, a page at a time (`continuationToken`): who did it, ' +
      'through which dialect, from which address, and each changed value before and after. Secrets never appear.',
    query: schema.listAuditEventsQuery,
    responses: okList('A page of events', res.auditEvent),
    async handle({ req, res: out, core, principal, params, query: q }) {
      const scope = { auditOf: params.id };
      const afterId = q.continuationToken ? decodeToken(q.continuationToken, scope) : undefined;
      const page = await core.listAuditEvents(principal, params.id, { limit: q.limit ?? DEFAULT_LIMIT, afterId });
      const last = page.items.at(-1);
      sendList(req, out, page.items.map(map.renderAuditEvent), page.hasMore && last ? encodeToken(last.id, scope) : null);
    },
  }),
  operation({
    method: 'get',
    path: '/workspaces',
    summary: 'List workspaces',
    needs: 'read',
    operationId: 'listWorkspaces',
    tag: TAGS.workspaces,
    description: 'Every workspace of the organization, for `workspaceAssignments`.',
    query: schema.noQuery,
    responses: okList('Workspaces', res.workspace),
    async handle({ req, res: out, core, principal }) {
      sendList(req, out, (await core.listWorkspaces(principal)).map(map.renderWorkspace));
    },
  }),
  operation<{ name: string }>({
    method: 'post',
    path: '/workspaces',
    summary: 'Create a workspace',
    needs: 'write',
    operationId: 'createWorkspace',
    tag: TAGS.workspaces,
    description: 'A workspace with a name unique in the organization (409 otherwise).',
    body: schema.createWorkspace,
    example: { name: 'Production' },
    responses: { 201: { description: 'The workspace', schema: res.item(res.workspace) } },
    async handle({ req, res: out, core, principal, body }) {
      sendItem(req, out, 201, map.renderWorkspace(await core.createWorkspace(principal, body.name)));
    },
  }),
];
