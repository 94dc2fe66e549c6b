// What the v3 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its row of adapters/v3/operations.ts.
import type { DialectDocument } from '../../src/http/dialect';
import * as res from './responses';

const JSONAPI = 'application/vnd.api+json';

export const v3Document: DialectDocument = {
  title: 'iamgate v3 (JSON:API, Ctrl-Hub-style)',
  version: '3.0.0',
  description: 'JSON:API 1.1 documents under one organization. Lists page with `limit`/`offset` or `page[limit]`/`page[offset]`; '
    + '`include=keys` and sparse fieldsets (`fields[TYPE]`) where listed. A key\'s `client_secret` appears only in the response that creates it. '
    + 'Every route also takes `X-Session-Token: <secret or token>` (Authorization wins when both are sent); every response carries `X-Trace-Id`. '
    + 'Documents may carry `relationships`, `meta` and `links`; read-only members may be repeated unchanged, while a changed one, a relationship '
    + 'set elsewhere or a client-generated `id`/`lid` is 403. `…/logs` are the account\'s request logs (secrets read "redacted"); '
    + '`/v3/audit-events` is the organization\'s audit trail; `/v3/iam/whoami` the caller.',
  mediaType: JSONAPI,
  errorMediaType: JSONAPI,
  requestMediaTypes: [JSONAPI, 'application/json'],
  errorSchema: res.errorDocument,
  errorStatuses: [400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 429, 503],
};

/** Everything about one organization's IAM is under this path (the caller's own organization only). */
export const ORG_IAM = '/orgs/{orgId}/iam';

export const ok = (description: string, schema: object, headers?: string[]) => ({ 200: { description, schema, headers } });
export const created = (description: string, schema: object) => ({ 201: { description, schema, headers: ['Location', 'ETag'] } });
export const deleted = (description: string) => ({ 204: { description } });
