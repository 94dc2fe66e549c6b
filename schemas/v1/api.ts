// What the v1 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its row of adapters/v1/operations.ts.
import type { DialectDocument } from '../../src/http/dialect';
import * as res from './responses';

export const v1Document: DialectDocument = {
  title: 'iamgate v1 (legacy)',
  version: '1.0.0',
  description: 'Legacy (B3OS-style) envelope `{code, data, message, requestId}`; HTTP status always equals `code`, an integer, '
    + 'and `data` is null only on errors (and on DELETE). `GET /v1/whoami` describes the caller (the B3OS client\'s diagnose call); '
    + '`GET /v1/organizations` is the caller\'s organization as a one-item page (B3OS docs use it to validate a token). '
    + 'Error codes: /docs/errors.',
  mediaType: 'application/json',
  errorMediaType: 'application/json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.error,
  errorStatuses: [400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 429, 503],
  requestHeaders: [{
    name: 'X-Org-ID',
    description: 'The organization the caller means (B3OS setup calls send it). Optional; any organization but the credential\'s own → 403.',
  }],
};
