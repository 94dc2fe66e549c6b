// What the v2 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its row of adapters/v2/operations.ts.
import type { DialectDocument } from '../../src/http/dialect';
import * as res from './responses';

export const v2Document: DialectDocument = {
  title: 'iamgate v2 (Contraforce-style)',
  version: '2.0.0',
  description: '`{data, meta}` envelopes, continuation-token lists and RFC 7807 problem details, whose `type` is the URL of '
    + 'the code\'s description (`/docs/errors#CODE`, under PUBLIC_URL) and whose `target` names the offending field or parameter. '
    + 'Paths may repeat or end in a slash (`/api/v2//service-accounts/`, as a base URL ending in `/api/v2/` gives): the same route answers.',
  mediaType: 'application/json',
  errorMediaType: 'application/problem+json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.problem,
  errorStatuses: [400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 429, 503],
};
