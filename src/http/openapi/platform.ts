// /openapi/platform.json: the routes outside the dialects, as oauth-routes.ts, forward-auth.ts,
// operations.ts and index-route.ts answer them — OAuth2 (token, introspection, revocation),
// discovery (GET /, server metadata, JWKS), forward authentication, health and metrics, and leaked
// secrets (leak-report-paths.ts for leak-report-routes.ts). Those routes
// have no operation table, so this lists them by hand; test/docs/platform-openapi.test.ts calls each
// one and holds its answers to this document.
import * as leaks from '../../../schemas/platform/leak-reports';
import * as s from '../../../schemas/platform/schemas';
import { packageInfo, PLATFORM_TITLE } from '../index-route';
import type { Tag } from './api-description';
import { CONTACT, LICENSE, OAUTH2_SCOPES, REQUEST_HEADERS, RESPONSE_HEADERS } from './components';
import { withNamedSchemas } from './named-schemas';
import { LEAK_ERRORS, LEAK_SCHEMAS, LEAK_TAG, leakReportPaths } from './leak-report-paths';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const TAGS = {
  oauth2: {
    name: 'OAuth2',
    description: 'Client-credentials access tokens (RFC 6749 §4.4), their introspection (RFC 7662) and revocation (RFC 7009).',
  },
  discovery: {
    name: 'Discovery',
    description: 'What the server offers: its index, its OAuth2 metadata (RFC 8414) and the keys of its JWT tokens.',
  },
  forwardAuth: {
    name: 'Forward authentication',
    description: 'For a gateway (nginx auth_request, Traefik ForwardAuth, Envoy ext_authz) in front of other services.',
  },
  operations: { name: 'Operations', description: 'Liveness, readiness and Prometheus metrics, for orchestrators and monitoring.' },
  leaks: LEAK_TAG,
} satisfies Record<string, Tag>;

const SCHEMAS = {
  TokenRequest: s.tokenRequest,
  TokenResponse: s.tokenResponse,
  IntrospectionRequest: s.introspectRequest,
  Introspection: s.introspection,
  RevocationRequest: s.revokeRequest,
  OAuthError: s.oauthError,
  ServerMetadata: s.serverMetadata,
  Jwks: s.jwks,
  VerifyError: s.verifyError,
  Health: s.health,
  Readiness: s.readiness,
  MetricsRefusal: s.metricsRefusal,
  Index: s.index,
  ...LEAK_SCHEMAS,
};

const HEADERS: Record<string, object> = {
  'X-Request-Id': RESPONSE_HEADERS['X-Request-Id'],
  'Retry-After': RESPONSE_HEADERS['Retry-After'],
  'Idempotent-Replayed': RESPONSE_HEADERS['Idempotent-Replayed'],
  'WWW-Authenticate': {
    description:
      'How to authenticate: `Basic realm="iamgate", Bearer realm="iamgate"`; on 403 from /auth/verify, ' +
      '`Bearer realm="iamgate", error="insufficient_scope", scope="…"`; on /metrics, `Bearer realm="iamgate-metrics"`.',
    required: true,
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: '`no-store` where the answer holds a token or a verdict (leak reports too); `public, max-age=300` for the keys.',
    required: true,
    schema: { type: 'string' },
  },
  Pragma: { description: '`no-cache`, for HTTP/1.0 caches.', required: true, schema: { type: 'string', enum: ['no-cache'] } },
  'X-Auth-Account-Id': { description: "The calling service account's id.", required: true, schema: { type: 'string', format: 'uuid' } },
  'X-Auth-Org-Id': { description: "Its organization's id.", required: true, schema: { type: 'string', format: 'uuid' } },
  'X-Auth-Role': { description: 'Its organizational role.', required: true, schema: { type: 'string' } },
  'X-Auth-Key-Id': {
    description: 'The key the credential is (or that issued the token).',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  'X-Auth-Scopes': {
    description: 'The space-separated scopes the credential can use right now.',
    required: true,
    schema: { type: 'string' },
  },
};

const OAUTH_ERRORS: Record<number, { name: string; error: string; description: string; headers?: string[] }> = {
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
};

const VERIFY_ERRORS: Record<number, { name: string; error: string; description: string; headers?: string[] }> = {
  400: { name: 'VerifyBadRequest', error: 'invalid_request', description: '`scope` is not space-separated permissions given once.' },
  401: {
    name: 'VerifyUnauthorized',
    error: 'invalid_token',
    description: 'No credential, or one that does not work.',
    headers: ['WWW-Authenticate'],
  },
  403: {
    name: 'VerifyForbidden',
    error: 'insufficient_scope',
    description: 'The credential works but lacks a scope `scope` names.',
    headers: ['WWW-Authenticate'],
  },
  429: {
    name: 'VerifyTooManyRequests',
    error: 'rate_limited',
    description: 'Too many failed authentications from this address.',
    headers: ['Retry-After'],
  },
  500: { name: 'VerifyServerError', error: 'server_error', description: 'Something unexpected went wrong (no `error_description`).' },
  503: {
    name: 'VerifyUnavailable',
    error: 'temporarily_unavailable',
    description: 'The database cannot answer right now.',
    headers: ['Retry-After'],
  },
};

const refs = (names: string[]) => Object.fromEntries(['X-Request-Id', ...names].map((h) => [h, { $ref: `#/components/headers/${h}` }]));
const json = (schema: object) => ({ [JSON_TYPE]: { schema } });
const errorRefs = (table: typeof OAUTH_ERRORS, statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/${table[status].name}` }]));

function errorResponses(table: typeof OAUTH_ERRORS, schema: object): Record<string, object> {
  return Object.fromEntries(
    Object.values(table).map(({ name, error, description, headers }) => [
      name,
      {
        description,
        headers: refs(headers ?? []),
        content: {
          [JSON_TYPE]: {
            schema,
            example: error === 'server_error' && table === VERIFY_ERRORS ? { error } : { error, error_description: description },
          },
        },
      },
    ]),
  );
}

/** A form-encoded body (or the same as JSON). */
const formBody = (schema: object, example: object) => ({
  required: true,
  content: { [FORM]: { schema, example }, [JSON_TYPE]: { schema, example } },
});

const OAUTH_CALLER = [{ clientBasic: [] }, { apiKey: [] }, { oauth2: [] }, {}];
const OAUTH_FAILURES = [400, 401, 413, 415, 429, 500, 503];
const NO_STORE = ['Cache-Control', 'Pragma'];

const PATHS = {
  '/oauth2/token': {
    post: {
      tags: [TAGS.oauth2.name],
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
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }, { $ref: '#/components/parameters/Idempotency-Key' }],
      // The form shows client credentials, the JSON body an exchange (a Media Type Object holds one example).
      requestBody: {
        required: true,
        content: {
          [FORM]: { schema: s.tokenRequest, example: { grant_type: 'client_credentials', scope: 'service-accounts:read' } },
          [JSON_TYPE]: {
            schema: s.tokenRequest,
            example: { grant_type: s.TOKEN_EXCHANGE, subject_token: 'eyJ…', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' },
          },
        },
      },
      responses: {
        200: {
          description: 'The token.',
          headers: refs([...NO_STORE, 'Idempotent-Replayed']),
          content: {
            [JSON_TYPE]: {
              schema: s.tokenResponse,
              example: { access_token: 'iamgt_…', token_type: 'Bearer', expires_in: 3600, scope: 'service-accounts:read' },
            },
          },
        },
        ...errorRefs(OAUTH_ERRORS, [400, 401, 409, 413, 415, 429, 500, 503]),
      },
    },
  },
  '/oauth2/introspect': {
    post: {
      tags: [TAGS.oauth2.name],
      summary: 'Introspect an access token',
      operationId: 'introspectToken',
      description:
        'The caller authenticates with Basic, with `client_id`/`client_secret` in the body, or with a Bearer secret or token. ' +
        "Its own tokens, and any of its organization's with `service-accounts:read`, come back `active: true` while they work; " +
        'anything else is `{"active": false}`.',
      security: OAUTH_CALLER,
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      requestBody: formBody(s.introspectRequest, { token: 'iamgt_…' }),
      responses: {
        200: { description: 'What the token is.', headers: refs(NO_STORE), content: json(s.introspection) },
        ...errorRefs(OAUTH_ERRORS, OAUTH_FAILURES),
      },
    },
  },
  '/oauth2/revoke': {
    post: {
      tags: [TAGS.oauth2.name],
      summary: 'Revoke an access token',
      operationId: 'revokeToken',
      description:
        'The token stops working on every process at once; its key does not. Authenticated like introspection; an unknown ' +
        'token is 200 too (RFC 7009 §2.2).',
      security: OAUTH_CALLER,
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      requestBody: formBody(s.revokeRequest, { token: 'iamgt_…' }),
      responses: {
        200: { description: 'Revoked (no body).', headers: refs(NO_STORE) },
        ...errorRefs(OAUTH_ERRORS, OAUTH_FAILURES),
      },
    },
  },
  '/.well-known/oauth-authorization-server': { get: metadata('getServerMetadata', 'The OAuth2 server metadata (RFC 8414)') },
  '/.well-known/openid-configuration': { get: metadata('getOpenIdConfiguration', 'The same metadata, where OpenID Connect clients look') },
  '/.well-known/jwks.json': {
    get: {
      tags: [TAGS.discovery.name],
      summary: 'The public keys of JWT access tokens',
      operationId: 'getJwks',
      description:
        'With TOKEN_FORMAT=jwt, resource servers verify tokens offline against these Ed25519 keys (the next key is published ' +
        'before it signs). Offline, a revocation is not seen before the token expires: /auth/verify and /oauth2/introspect always see it.',
      security: [],
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      responses: { 200: { description: 'The key set.', headers: refs(['Cache-Control']), content: json(s.jwks) } },
    },
  },
  '/auth/verify': {
    get: {
      tags: [TAGS.forwardAuth.name],
      summary: 'Check the credential of a request a gateway is about to pass on',
      operationId: 'verify',
      description:
        "Answers from the request's `Authorization` (a key secret or access token as Bearer, or Basic): 200 with the caller in " +
        '`X-Auth-*` headers and no body, when the credential works and can use every scope `scope` names; else 401 or 403. Any method is ' +
        'answered the same, and a path suffix (`/auth/verify/reports/1`, as Envoy appends) is ignored. Strip client-sent `X-Auth-*` ' +
        'headers before adding these.',
      security: [{ apiKey: [] }, { clientBasic: [] }, { oauth2: [] }],
      parameters: [
        {
          name: 'scope',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          example: 'service-accounts:read',
          description: 'Space-separated permissions the credential must be able to use (`reports:read billing:read`).',
        },
        { $ref: '#/components/parameters/X-Request-Id' },
      ],
      responses: {
        200: {
          description: 'The credential works and holds every scope asked for (no body).',
          headers: refs(['Cache-Control', 'X-Auth-Account-Id', 'X-Auth-Org-Id', 'X-Auth-Role', 'X-Auth-Key-Id', 'X-Auth-Scopes']),
        },
        ...errorRefs(VERIFY_ERRORS, [400, 401, 403, 429, 500, 503]),
      },
    },
  },
  '/healthz': {
    get: {
      tags: [TAGS.operations.name],
      summary: 'Liveness: the process answers',
      operationId: 'getHealth',
      description: 'Always 200 while the process can answer; it asks nothing of the database.',
      security: [],
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      responses: { 200: { description: 'Alive.', headers: refs([]), content: json(s.health) } },
    },
  },
  '/readyz': {
    get: {
      tags: [TAGS.operations.name],
      summary: 'Readiness: the database answers',
      operationId: 'getReadiness',
      description:
        '200 when the database answers (after a write failed as unavailable, only once a small write commits again); 503 ' +
        'otherwise, so a load balancer sends no traffic here meanwhile.',
      security: [],
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      responses: {
        200: { description: 'Ready.', headers: refs([]), content: json(s.readiness) },
        503: {
          description: 'Not ready: the database does not answer.',
          headers: refs([]),
          content: { [JSON_TYPE]: { schema: s.readiness, example: { status: 'unavailable', database: 'unreachable' } } },
        },
      },
    },
  },
  '/metrics': {
    get: {
      tags: [TAGS.operations.name],
      summary: 'Prometheus metrics',
      operationId: 'getMetrics',
      description:
        'The Prometheus text format. With METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); ' +
        'without it, keep /metrics off the public network.',
      security: [{ metricsToken: [] }, {}],
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      responses: {
        200: {
          description: 'The metrics.',
          headers: refs([]),
          content: { 'text/plain': { schema: { type: 'string', description: 'Prometheus exposition format 0.0.4.' } } },
        },
        401: {
          description: 'METRICS_TOKEN is set and was not sent.',
          headers: refs(['WWW-Authenticate']),
          content: { [JSON_TYPE]: { schema: s.metricsRefusal, example: { error: 'unauthorized' } } },
        },
      },
    },
  },
  '/': {
    get: {
      tags: [TAGS.discovery.name],
      summary: 'What this server offers',
      operationId: 'getIndex',
      description:
        "Its name and version, the documentation, and each dialect's base path and OpenAPI document, as absolute URLs under the " +
        'public origin. Needs no credential.',
      security: [],
      parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
      responses: { 200: { description: 'The index.', headers: refs([]), content: json(s.index) } },
    },
  },
};

function metadata(operationId: string, summary: string): object {
  return {
    tags: [TAGS.discovery.name],
    summary,
    operationId,
    description:
      'The issuer and the endpoints under the public origin (PUBLIC_URL, else the origin the request reached), ' +
      'the grants (`client_credentials`, token exchange and JWT bearer), and the client authentication methods.',
    security: [],
    parameters: [{ $ref: '#/components/parameters/X-Request-Id' }],
    responses: { 200: { description: 'The metadata.', headers: refs([]), content: json(s.serverMetadata) } },
  };
}

/** `origin`: the public origin the document is served at; without one its server is `/`. */
export function platformOpenApi(origin?: string): object {
  const document = {
    openapi: '3.1.0',
    info: {
      title: PLATFORM_TITLE,
      version: packageInfo().version,
      description:
        'The routes outside the API dialects: OAuth2 tokens (client credentials, and outside OIDC tokens exchanged with no secret), their introspection and revocation, the ' +
        "server metadata and keys, forward authentication for gateways, leaked-secret reports and public revocation, health and metrics. OAuth2 errors are RFC 6749 §5.2's " +
        '`{error, error_description}`; every response carries `X-Request-Id`.',
      contact: CONTACT,
      license: LICENSE,
    },
    servers: [{ url: origin ?? '/', description: 'iamgate, where this document is served' }],
    tags: Object.values(TAGS),
    paths: { ...PATHS, ...leakReportPaths(refs, (statuses) => errorRefs(LEAK_ERRORS, statuses)) },
    components: {
      securitySchemes: {
        clientBasic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with the client id and a key secret (client_secret_basic)' },
        apiKey: { type: 'http', scheme: 'bearer', description: "A key's secret (`iamg_…`) used directly as a Bearer token" },
        oauth2: {
          type: 'oauth2',
          description: 'Access tokens from /oauth2/token, sent as Bearer',
          flows: { clientCredentials: { tokenUrl: `${origin ?? ''}/oauth2/token`, scopes: OAUTH2_SCOPES } },
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when it is set' },
      },
      parameters: { 'X-Request-Id': REQUEST_HEADERS['X-Request-Id'], 'Idempotency-Key': REQUEST_HEADERS['Idempotency-Key'] },
      headers: HEADERS,
      responses: {
        ...errorResponses(OAUTH_ERRORS, s.oauthError),
        ...errorResponses(VERIFY_ERRORS, s.verifyError),
        ...errorResponses(LEAK_ERRORS, leaks.leakReportError),
      },
    },
  };
  const named = withNamedSchemas(document, SCHEMAS);
  const components = named.document.components as Record<string, unknown>;
  return { ...named.document, components: { schemas: named.schemas, ...components } };
}
