// The v3 API as OpenAPI describes it, from the same schemas the routes validate with.
import type { ApiDescription } from '../../src/http/openapi/api-description';
import * as q from './queries';
import * as req from './requests';
import * as res from './responses';

const JSONAPI = 'application/vnd.api+json';
const ok = (description: string, schema: object, headers?: string[]) => ({ 200: { description, schema, headers } });
const created = (description: string, schema: object) => ({ 201: { description, schema, headers: ['Location', 'ETag'] } });
const deleted = (description: string) => ({ 204: { description } });

const ACCOUNT = '/service-accounts/{id}';
const KEY = `${ACCOUNT}/keys/{keyId}`;

export const v3Api: ApiDescription = {
  dialect: 'v3',
  title: 'iamgate v3 (JSON:API, Ctrl-Hub-style)',
  version: '3.0.0',
  description: 'JSON:API 1.1 documents under one organization. Lists page with `limit`/`offset` or `page[limit]`/`page[offset]`; '
    + '`include=keys` and sparse fieldsets (`fields[TYPE]`) where listed. A key\'s `client_secret` appears only in the response that creates it.',
  basePath: '/v3/orgs/{orgId}/iam',
  mediaType: JSONAPI,
  errorMediaType: JSONAPI,
  requestMediaTypes: [JSONAPI, 'application/json'],
  errorSchema: res.errorDocument,
  errorStatuses: [400, 401, 403, 404, 406, 409, 412, 413, 415, 429, 503],
  operations: [
    { method: 'post', path: '/service-accounts', summary: 'Create a service account and its first key', query: q.accountQuery, body: req.createServiceAccount, responses: created('Created; the first key, with its secret, is in `included`', res.createdAccountDocument) },
    { method: 'get', path: '/service-accounts', summary: 'List service accounts', query: q.accountListQuery, responses: ok('A page of accounts', res.accountCollection) },
    { method: 'get', path: ACCOUNT, summary: 'Get a service account', query: q.accountQuery, responses: ok('The account', res.accountDocument, ['ETag']) },
    { method: 'patch', path: ACCOUNT, summary: 'Change name, description or enabled', query: q.accountQuery, body: req.updateServiceAccount, responses: ok('The account', res.accountDocument, ['ETag']) },
    { method: 'delete', path: ACCOUNT, summary: 'Delete a service account and its keys', query: q.noQuery, body: req.deleteResource, bodyRequired: false, responses: deleted('Deleted') },
    { method: 'get', path: `${ACCOUNT}/keys`, summary: "An account's keys (never their secrets)", query: q.keyQuery, responses: ok('The keys', res.keyCollection) },
    { method: 'post', path: `${ACCOUNT}/keys`, summary: 'Create a key (rotation)', query: q.keyQuery, body: req.createKey, responses: created('Created; the secret is shown only here', res.issuedKeyDocument) },
    { method: 'get', path: KEY, summary: 'Get a key', query: q.keyQuery, responses: ok('The key', res.keyDocument, ['ETag']) },
    { method: 'patch', path: KEY, summary: 'Disable or re-enable a key', query: q.keyQuery, body: req.updateKey, responses: ok('The key', res.keyDocument, ['ETag']) },
    { method: 'delete', path: KEY, summary: 'Revoke a key', query: q.noQuery, body: req.deleteResource, bodyRequired: false, responses: deleted('Revoked') },
    { method: 'get', path: `${ACCOUNT}/relationships/keys`, summary: "The account's keys as resource identifiers", query: q.noQuery, responses: ok('Resource identifiers', res.keyIdentifiers) },
    { method: 'get', path: `${ACCOUNT}/logs`, summary: `An account's audit log, oldest first (offsets up to ${q.MAX_LOG_OFFSET}; v2's audit-events reaches every entry)`, query: q.logQuery, responses: ok('A page of log entries', res.logCollection) },
  ],
};
