// The OAuth2 rows of the platform table: token, introspection and revocation, with the errors RFC
// 6749 §5.2 shapes. Their handlers are in oauth2-handlers.ts.
import * as s from '../../../schemas/platform/schemas';
import { introspectHandler, oauth2Layers, renderOAuthError, revokeHandler, tokenHandler, unknownOAuth2Endpoint } from './oauth2-handlers';
import { FORM, json, JSON_TYPE, type PlatformRoute, type PlatformSection } from './route';

export const OAUTH2: PlatformSection = {
  tag: {
    name: 'OAuth2',
    description: 'Client-credentials access tokens (RFC 6749 §4.4), their introspection (RFC 7662) and revocation (RFC 7009).',
  },
  prefix: '/oauth2',
  before: oauth2Layers,
  unknown: unknownOAuth2Endpoint,
  errors: {
    schema: s.oauthError,
    shape: 'OAuth2 error',
    handler: renderOAuthError,
    responses: {
      400: {
        name: 'OAuthBadRequest',
        error: 'invalid_request',
        description:
          "A parameter is missing or wrong (`invalid_request`), the scope is not the client's (`invalid_scope`), the grant is none of the three (`unsupported_grant_type`), an outside token is not admitted (`invalid_grant`, whatever check failed) or matches several accounts (`invalid_target`).",
      },
      401: {
        name: 'OAuthUnauthorized',
        error: 'invalid_client',
        description: 'The client could not be authenticated (or used Basic and the body both).',
        headers: ['WWW-Authenticate'],
      },
      409: {
        name: 'OAuthConflict',
        error: 'invalid_request',
        description: 'The `Idempotency-Key` was used with another request, or one with it is still running.',
      },
      413: { name: 'OAuthPayloadTooLarge', error: 'invalid_request', description: 'The body is over 64 KiB.' },
      415: { name: 'OAuthUnsupportedMediaType', error: 'invalid_request', description: 'The body is neither form-encoded nor JSON.' },
      429: {
        name: 'OAuthTooManyRequests',
        error: 'slow_down',
        description: 'Too many token requests or failed authentications from this address.',
        headers: ['Retry-After'],
      },
      500: {
        name: 'OAuthServerError',
        error: 'server_error',
        description: 'Something unexpected went wrong; quote `X-Request-Id` when reporting it.',
      },
      503: {
        name: 'OAuthUnavailable',
        error: 'temporarily_unavailable',
        description: 'The database cannot answer right now.',
        headers: ['Retry-After'],
      },
    },
  },
};

/** Introspection and revocation: the caller's own credential, or client authentication in the body. */
const CALLER: PlatformRoute['security'] = [{ clientBasic: [] }, { apiKey: [] }, { oauth2: [] }, {}];
const FAILURES = [400, 401, 413, 415, 429, 500, 503];
const NO_STORE = ['Cache-Control', 'Pragma'];
/** A form-encoded body, or the same as JSON. */
const formOrJson = (example: unknown) => ({ [FORM]: example, [JSON_TYPE]: example });

export const token: PlatformRoute = {
  method: 'post',
  path: '/oauth2/token',
  section: OAUTH2,
  summary: 'Get an access token (client credentials, or an outside OIDC token)',
  operationId: 'getToken',
  description:
    'Client credentials: the client authenticates with HTTP Basic (`clientId:secret`) or with `client_id` and `client_secret` in the body ' +
    "(never both). `scope` narrows the token; the token can use at most what the client's key can, and dies with the key and its " +
    'account. `Idempotency-Key` is honoured once the client is authenticated: a retry gets the same token.\n\n' +
    'Keyless service accounts (docs/keyless.md): a CI job or a pod sends the OIDC token its platform gave it, as RFC 8693 ' +
    '`subject_token` (answered with `issued_token_type`) or RFC 7523 `assertion`, and no secret. A federated credential of an ' +
    "account must admit it: its `iss`, its `sub` (exactly or by prefix), one of its `aud`, the rule's claims, its signature " +
    "(RS256, ES256 or EdDSA, with the issuer's discovered or inline keys), `exp`/`nbf` within 60 s, a lifetime of at most 24 h, " +
    'and a `jti` not seen before unless the rule allows reuse. The token then stands for the account, with the rule in the ' +
    "key's place: deleting or changing the rule ends it. Failed exchanges are limited per address and per rule (429).",
  security: [{ clientBasic: [] }, {}],
  idempotencyKey: true,
  // The form shows client credentials, the JSON body an exchange (a Media Type Object holds one example).
  body: {
    schema: s.tokenRequest,
    examples: {
      [FORM]: { grant_type: 'client_credentials', scope: 'service-accounts:read' },
      [JSON_TYPE]: { grant_type: s.TOKEN_EXCHANGE, subject_token: 'eyJ…', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' },
    },
  },
  responses: {
    200: {
      description: 'The token.',
      headers: [...NO_STORE, 'Idempotent-Replayed'],
      content: json(s.tokenResponse, { access_token: 'iamgt_…', token_type: 'Bearer', expires_in: 3600, scope: 'service-accounts:read' }),
    },
  },
  errors: [400, 401, 409, 413, 415, 429, 500, 503],
  handlers: (deps) => [tokenHandler(deps)],
};

export const introspect: PlatformRoute = {
  method: 'post',
  path: '/oauth2/introspect',
  section: OAUTH2,
  summary: 'Introspect an access token',
  operationId: 'introspectToken',
  description:
    'The caller authenticates with Basic, with `client_id`/`client_secret` in the body, or with a Bearer secret or token. ' +
    "Its own tokens, and any of its organization's with `service-accounts:read`, come back `active: true` while they work; " +
    'anything else is `{"active": false}`.',
  security: CALLER,
  body: { schema: s.introspectRequest, examples: formOrJson({ token: 'iamgt_…' }) },
  responses: { 200: { description: 'What the token is.', headers: NO_STORE, content: json(s.introspection) } },
  errors: FAILURES,
  handlers: (deps) => [introspectHandler(deps)],
};

export const revoke: PlatformRoute = {
  method: 'post',
  path: '/oauth2/revoke',
  section: OAUTH2,
  summary: 'Revoke an access token',
  operationId: 'revokeToken',
  description:
    'The token stops working on every process at once; its key does not. Authenticated like introspection; an unknown ' +
    'token is 200 too (RFC 7009 §2.2).',
  security: CALLER,
  body: { schema: s.revokeRequest, examples: formOrJson({ token: 'iamgt_…' }) },
  responses: { 200: { description: 'Revoked (no body).', headers: NO_STORE } },
  errors: FAILURES,
  handlers: (deps) => [revokeHandler(deps)],
};
