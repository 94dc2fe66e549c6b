// The v2 API as OpenAPI describes it, from the same schemas the routes validate with.
import type { ApiDescription } from '../../src/http/openapi/api-description';
import { emptyBody } from '../common/fields';
import * as req from './requests';
import * as res from './responses';

export const v2Api: ApiDescription = {
  dialect: 'v2',
  title: 'iamgate v2 (Contraforce-style)',
  version: '2.0.0',
  description: '`{data, meta}` envelopes, continuation-token lists and RFC 7807 problem details.',
  basePath: '/api/v2',
  mediaType: 'application/json',
  errorMediaType: 'application/problem+json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.problem,
  errorStatuses: [400, 401, 403, 404, 409, 412, 413, 415, 429, 503],
  operations: [
    { method: 'post', path: '/service-accounts', summary: 'Create a service account and its first credential', body: req.createServiceAccount, responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.createdAccount), headers: ['ETag'] } } },
    { method: 'get', path: '/service-accounts', summary: 'List service accounts', query: req.listServiceAccountsQuery, responses: { 200: { description: 'A page', schema: res.list(res.account) } } },
    { method: 'get', path: '/service-accounts/{id}', summary: 'Get a service account', responses: { 200: { description: 'The account', schema: res.item(res.account), headers: ['ETag'] } } },
    { method: 'put', path: '/service-accounts/{id}', summary: 'Update; absent or null fields stay as they are', body: req.updateServiceAccount, responses: { 200: { description: 'The account', schema: res.item(res.account), headers: ['ETag'] } } },
    { method: 'delete', path: '/service-accounts/{id}', summary: 'Delete a service account and its credentials', responses: { 204: { description: 'Deleted' } } },
    { method: 'post', path: '/service-accounts/{id}/disable', summary: 'Disable', body: emptyBody, bodyRequired: false, responses: { 200: { description: 'The account', schema: res.item(res.account) } } },
    { method: 'post', path: '/service-accounts/{id}/enable', summary: 'Enable', body: emptyBody, bodyRequired: false, responses: { 200: { description: 'The account', schema: res.item(res.account) } } },
    { method: 'get', path: '/service-accounts/{id}/credentials', summary: 'List credentials', responses: { 200: { description: 'Credentials', schema: res.list(res.credential) } } },
    { method: 'post', path: '/service-accounts/{id}/credentials', summary: 'Create a credential (rotation)', body: req.createCredential, bodyRequired: false, responses: { 201: { description: 'Created; the secret is shown only here', schema: res.item(res.issuedCredential) } } },
    { method: 'post', path: '/service-accounts/{id}/credentials/{credentialId}/revoke', summary: 'Revoke a credential', body: emptyBody, bodyRequired: false, responses: { 200: { description: 'The credential', schema: res.item(res.credential) } } },
    { method: 'get', path: '/service-accounts/{id}/audit-events', summary: "An account's audit events", query: req.listAuditEventsQuery, responses: { 200: { description: 'A page of events', schema: res.list(res.auditEvent) } } },
    { method: 'get', path: '/workspaces', summary: 'List workspaces', responses: { 200: { description: 'Workspaces', schema: res.list(res.workspace) } } },
    { method: 'post', path: '/workspaces', summary: 'Create a workspace', body: req.createWorkspace, responses: { 201: { description: 'The workspace', schema: res.item(res.workspace) } } },
  ],
};
