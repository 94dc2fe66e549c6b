// What every dialect's document shares: the ways to authenticate, the request headers every route
// reads, the response headers the server sets, and one response per error status. Each is declared
// once under `components` and referred to from the operations.
import type { ErrorCode } from '../../core/errors';
import type { Capability } from '../../core/authorization';
import { HTTP_STATUS, REASON } from '../status';
import type { ApiDescription } from './api-description';
import { MEANING } from './errors-page';

/** Who answers for the API, and under which licence (LICENSE): the same in every document. */
export const CONTACT = { name: 'The iamgate maintainers' };
export const LICENSE = { name: 'Apache-2.0', identifier: 'Apache-2.0' };

/** The OAuth2 scopes iamgate knows (the dialects' spellings of them grant the same). */
export const OAUTH2_SCOPES = {
  'service-accounts:read': 'Read service accounts and keys',
  'service-accounts:write': 'Manage service accounts and keys (and read them)',
};

/** The scope an OAuth2 client asks for to be able to call an operation with that need. */
export const SCOPES_FOR: Record<Capability | 'authenticated', string[]> = {
  authenticated: [],
  read: ['service-accounts:read'],
  write: ['service-accounts:write'],
  'keys:write': ['service-accounts:write'],
};

/** `tokenUrl` is relative to the document's server (the public origin, when it is served). */
export function securitySchemes(tokenUrl = '/oauth2/token'): Record<string, object> {
  return {
    apiKey: { type: 'http', scheme: 'bearer', description: "A key's secret (`iamg_…`) used directly as a Bearer token" },
    clientBasic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with the client id and a key secret' },
    oauth2: {
      type: 'oauth2',
      description: 'Client-credentials access tokens from /oauth2/token, sent as Bearer (the platform document describes the endpoint)',
      flows: { clientCredentials: { tokenUrl, scopes: OAUTH2_SCOPES } },
    },
  };
}

/** Headers a request may carry on every route (X-Request-Id), on writes (If-Match) and on POSTs (Idempotency-Key). */
export const REQUEST_HEADERS: Record<string, object> = {
  'X-Request-Id': {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description:
      "Your id for this request: echoed in the response's `X-Request-Id` and kept in logs, audit events and request logs. " +
      'One is made when it is absent or not 1–128 of `A–Z a–z 0–9 . _ : @ -`.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:@\\-]{1,128}$' },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The `ETag` you read (`"3"`): the change is made only while the resource is still at that version, else 412. ' +
      'Absent or `*`: the change is made whatever the version.',
    schema: { type: 'string', pattern: '^(\\*|\\s*(W/)?"\\d{1,15}"\\s*)$' },
  },
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Any 1–255 visible ASCII characters you choose per request: for 24 h, a retry with the same key and the same request ' +
      'gets the first answer again (with `Idempotent-Replayed: true`) instead of doing it twice; the same key with another request is 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
};

/** Response headers, by name: `required` ones are on every response that lists them. */
export const RESPONSE_HEADERS: Record<string, object> = {
  'X-Request-Id': {
    description:
      "The request's id: the one the request sent in `X-Request-Id` when well-formed, else one made by the server. " +
      'Logs, audit events and request logs carry it; quote it when reporting a problem.',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 128 },
  },
  ETag: {
    description:
      'The resource\'s version as this response leaves it (`"3"`): send it back in `If-Match` to change the resource only if nobody else did.',
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$' },
  },
  Location: { description: 'The URL of the resource this request created.', required: true, schema: { type: 'string', format: 'uri' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', required: true, schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': {
    description: 'The ways to authenticate: `Basic realm="iamgate", Bearer realm="iamgate"`.',
    required: true,
    schema: { type: 'string' },
  },
  Allow: { description: 'The methods this path takes (`GET, PATCH, DELETE`).', required: true, schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    required: false,
    schema: { type: 'string', enum: ['true'] },
  },
};

/** Headers that come with an error status whatever the dialect. */
const ERROR_HEADERS: Record<number, string[]> = { 401: ['WWW-Authenticate'], 405: ['Allow'], 429: ['Retry-After'], 503: ['Retry-After'] };

/** Every error response, under one name per status: `404` → `NotFound`. */
export const errorResponseName = (status: number): string => (REASON[status] ?? `Status${status}`).replace(/[^A-Za-z]/g, '');

/** What a client sees in an example of each error code (a code not listed here: its status's reason). */
const EXAMPLE_MESSAGE: Partial<Record<ErrorCode, string>> = {
  VALIDATION_ERROR: 'The request body is not valid',
  BAD_REQUEST: 'The body is not valid JSON',
  UNAUTHORIZED: 'The credential is not valid',
  FORBIDDEN: 'This credential may not change service accounts',
  NOT_FOUND: 'Service account not found',
  CONFLICT: 'A service account with this name already exists',
  UNPROCESSABLE: 'A user cannot be a member: iamgate has no users',
  METHOD_NOT_ALLOWED: 'PUT is not allowed here; use GET, PATCH, DELETE',
  PRECONDITION_FAILED: 'If-Match does not match the current version; read it again',
  UNSUPPORTED_MEDIA_TYPE: 'Content-Type must be application/json (got text/plain)',
  NOT_ACCEPTABLE: 'This API answers only with application/vnd.api+json',
  PAYLOAD_TOO_LARGE: 'The body is larger than 65536 bytes',
  RATE_LIMITED: 'Too many requests; retry in 42 s',
  GONE: 'This dialect has been retired; use v3',
  UNAVAILABLE: 'The database cannot store changes right now; retry later',
  INTERNAL_ERROR: 'An unexpected error occurred',
};

const codesOf = (status: number) => (Object.keys(HTTP_STATUS) as ErrorCode[]).filter((c) => HTTP_STATUS[c] === status);
const markdown = (html: string) => html.replace(/<code>(.*?)<\/code>/g, '`$1`');

/** The statuses a dialect's operations may answer with besides their own: its error statuses and 500. */
export const errorStatusesOf = (api: ApiDescription): number[] => [...new Set([...api.errorStatuses, 500])];

/** `components.responses`: one per error status, in the dialect's error shape, each code it stands for explained. */
export function errorResponses(api: ApiDescription): Record<string, object> {
  const everywhere = ['X-Request-Id', ...(api.responseHeaders ?? [])];
  return Object.fromEntries(
    errorStatusesOf(api).map((status) => {
      const codes = codesOf(status);
      return [
        errorResponseName(status),
        {
          description: codes.map((c) => `**${c}**: ${markdown(MEANING[c])}`).join('\n\n'),
          headers: headerRefs([...everywhere, ...(ERROR_HEADERS[status] ?? [])]),
          content: {
            [api.errorMediaType]: {
              schema: { $ref: '#/components/schemas/Error' },
              example: api.errorExample(status, codes[0], EXAMPLE_MESSAGE[codes[0]] ?? REASON[status] ?? 'Error'),
            },
          },
        },
      ];
    }),
  );
}

/** Response headers by reference: `{ETag: {$ref: '#/components/headers/ETag'}}`. */
export function headerRefs(names: string[]): Record<string, object> {
  return Object.fromEntries([...new Set(names)].map((h) => [h, { $ref: `#/components/headers/${h}` }]));
}
