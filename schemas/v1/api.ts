// The v1 API as OpenAPI describes it, from the same schemas the routes validate with.
import type { ApiDescription } from '../../src/http/openapi/api-description';
import * as req from './requests';
import * as res from './responses';

const ok = (description: string, data: object) => ({ 200: { description, schema: res.envelope(data) } });

export const v1Api: ApiDescription = {
  dialect: 'v1',
  title: 'iamgate v1 (legacy)',
  version: '1.0.0',
  description: 'Legacy envelope `{code, data, message, requestId}`; HTTP status always equals `code`.',
  basePath: '/v1',
  mediaType: 'application/json',
  errorMediaType: 'application/json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.error,
  errorStatuses: [400, 401, 403, 404, 409, 412, 413, 415, 429, 503],
  operations: [
    { method: 'post', path: '/service-accounts', summary: 'Create a service account (no key)', body: req.createServiceAccount, responses: ok('The account', res.account) },
    { method: 'get', path: '/service-accounts', summary: 'List service accounts', query: req.listServiceAccountsQuery, responses: ok('A page of accounts', res.accountPage) },
    { method: 'get', path: '/service-accounts/{id}', summary: 'Get a service account', responses: ok('The account', res.account) },
    { method: 'patch', path: '/service-accounts/{id}', summary: 'Change name, description or permissions', body: req.updateServiceAccount, responses: ok('The account', res.account) },
    { method: 'delete', path: '/service-accounts/{id}', summary: 'Delete a service account and its keys', responses: ok('Deleted', { type: 'null' }) },
    { method: 'post', path: '/service-accounts/{id}/disable', summary: 'Disable a service account', responses: ok('The account', res.account) },
    { method: 'post', path: '/service-accounts/{id}/enable', summary: 'Enable a service account', responses: ok('The account', res.account) },
    { method: 'post', path: '/api-keys', summary: 'Create an api key (the secret is shown once)', body: req.createApiKey, responses: ok('The key with its secret', res.issuedApiKey) },
    { method: 'get', path: '/api-keys', summary: 'List api keys (never their secrets)', query: req.listApiKeysQuery, responses: ok('A page of keys', res.apiKeyPage) },
    { method: 'delete', path: '/api-keys/{id}', summary: 'Revoke an api key', responses: ok('Revoked', { type: 'null' }) },
  ],
};
