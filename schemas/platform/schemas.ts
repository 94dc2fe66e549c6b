// What the platform routes (OAuth2, discovery, forward auth, health, metrics: the rows of
// src/http/platform/table.ts) take and answer, for /openapi/platform.json. Those
// routes read their parameters by hand (RFC 6749 wants its own errors), so nothing validates with these.
import { Type } from '@sinclair/typebox';
import { about, closedObject, closedObjectWith, constant, enumOf, oneOf, strings, text, uuid } from '../common/fields';

const uri = Type.String({ format: 'uri' });
const seconds = Type.Integer({ minimum: 0 });
const clientId = about("The client id (a service account's `clientId`), with `client_secret`: client_secret_post. Not with Basic.", text);
const clientSecret = about('A key secret of that account (`iamg_…`), with `client_id`. Not with Basic.', text);

/** POST /oauth2/token: client credentials (RFC 6749 §4.4), token exchange (RFC 8693) and JWT bearer (RFC 7523 §2.1). */
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const GRANTS = ['client_credentials', TOKEN_EXCHANGE, JWT_BEARER] as const;
const outsideToken =
  'An OIDC token from outside (a GitHub Actions job, a Kubernetes pod …) that a federated credential of an account admits.';
export const tokenRequest = about(
  'A token request, form-encoded (or JSON): client credentials, or an outside OIDC token exchanged for an access token (no client authentication needed).',
  Type.Object({
    grant_type: about(
      '`client_credentials` (a key secret), `urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693: `subject_token`) or ' +
        '`urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523: `assertion`).',
      enumOf(GRANTS),
    ),
    scope: Type.Optional(
      about(
        'Space-separated scopes to narrow the token to; each must be usable by the client (else `invalid_scope`). ' +
          'Absent: all the client can use.',
        text,
      ),
    ),
    client_id: Type.Optional(
      about(
        "The client id (a service account's `clientId`): with `client_secret`, client_secret_post (not with Basic). With an outside " +
          "token, optional: it must then be the admitted account's (else `invalid_client`).",
        text,
      ),
    ),
    client_secret: Type.Optional(clientSecret),
    subject_token: Type.Optional(about(`Token exchange: ${outsideToken}`, text)),
    subject_token_type: Type.Optional(
      about(
        'Token exchange: `urn:ietf:params:oauth:token-type:jwt` or `urn:ietf:params:oauth:token-type:id_token`.',
        enumOf(['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'] as const),
      ),
    ),
    requested_token_type: Type.Optional(
      about(
        'Token exchange, optional: only `urn:ietf:params:oauth:token-type:access_token`.',
        enumOf(['urn:ietf:params:oauth:token-type:access_token'] as const),
      ),
    ),
    assertion: Type.Optional(about(`JWT bearer: ${outsideToken}`, text)),
    audience: Type.Optional(
      about(
        "With an outside token, optional: the client id of the service account to act as, when the token's subject is trusted by " +
          'several (without it, exactly one rule may match, else `invalid_target`).',
        text,
      ),
    ),
  }),
);

export const tokenResponse = about(
  'An access token (RFC 6749 §5.1; RFC 8693 §2.2.1 for a token exchange).',
  closedObjectWith(
    {
      access_token: about(
        'The token: send it as `Authorization: Bearer`. Treat it as opaque (`iamgt_…`, or a JWT with TOKEN_FORMAT=jwt).',
        text,
      ),
      issued_token_type: about(
        'Token exchange only: always `urn:ietf:params:oauth:token-type:access_token`.',
        constant('urn:ietf:params:oauth:token-type:access_token'),
      ),
      token_type: about('Always `Bearer`.', constant('Bearer')),
      expires_in: about('Seconds until it expires (TOKEN_TTL_SECONDS).', seconds),
      scope: about('The space-separated scopes it can use.', text),
    },
    ['issued_token_type'],
  ),
);

/** POST /oauth2/introspect (RFC 7662) and /oauth2/revoke (RFC 7009): the token and, unless Basic or Bearer, the caller. */
export const tokenOfRequest = (verb: string) =>
  about(
    `The token to ${verb}, and the caller when it uses client_secret_post.`,
    Type.Object({
      token: about(`The access token to ${verb}.`, Type.String({ minLength: 1 })),
      client_id: Type.Optional(clientId),
      client_secret: Type.Optional(clientSecret),
    }),
  );
export const introspectRequest = tokenOfRequest('introspect');
export const revokeRequest = tokenOfRequest('revoke');

const inactive = about(
  "An unknown, expired or revoked token, or another account's token the caller may not read.",
  closedObject({
    active: about('false.', constant(false)),
  }),
);
const active = about(
  'A token that works now.',
  closedObject({
    active: about('true.', constant(true)),
    scope: about('The space-separated scopes it can use now.', text),
    client_id: about('The client (account) it was issued to.', text),
    token_type: about('Always `Bearer`.', constant('Bearer')),
    exp: about('When it expires, in seconds since the epoch.', seconds),
    iat: about('When it was issued, in seconds since the epoch.', seconds),
    sub: about("The service account's id.", uuid),
    iss: about('The issuer (the public origin).', uri),
    jti: about("The token's id.", text),
    organization_id: about("The account's organization.", uuid),
  }),
);
export const introspection = about('What the token is (RFC 7662 §2.2).', oneOf(active, inactive));

const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_scope',
  'invalid_grant',
  'invalid_target',
  'unsupported_grant_type',
  'slow_down',
  'temporarily_unavailable',
  'server_error',
] as const;
export const oauthError = about(
  'An OAuth2 error (RFC 6749 §5.2).',
  closedObject({
    error: about(
      '`invalid_request` (400, 409 for a reused Idempotency-Key, 413, 415), `invalid_client` (401), `invalid_scope`, ' +
        '`invalid_grant` (an outside token no rule admits), `invalid_target` (it matches several accounts: send `audience`) and ' +
        '`unsupported_grant_type` (400), `slow_down` (429), `temporarily_unavailable` (503), `server_error` (500).',
      enumOf(OAUTH_ERRORS),
    ),
    error_description: about('What went wrong.', text),
  }),
);

const methods = (what: string) =>
  about(
    `The ${what} authentication methods: HTTP Basic or client_id/client_secret in the body.`,
    Type.Array(enumOf(['client_secret_basic', 'client_secret_post'] as const)),
  );
export const serverMetadata = about(
  "The authorization server's metadata (RFC 8414).",
  closedObject({
    issuer: about(
      'The issuer: PUBLIC_URL, else the origin the request reached (never a Host header the server has no reason to trust).',
      uri,
    ),
    token_endpoint: about('Where to get tokens.', uri),
    introspection_endpoint: about('Where to introspect them.', uri),
    revocation_endpoint: about('Where to revoke them.', uri),
    jwks_uri: about('The public keys of JWT access tokens (TOKEN_FORMAT=jwt).', uri),
    grant_types_supported: about(
      '`client_credentials`, and the token exchange (RFC 8693) and JWT bearer (RFC 7523) grants for outside OIDC tokens.',
      Type.Array(enumOf(GRANTS)),
    ),
    response_types_supported: about('None: there is no authorization endpoint.', Type.Array(text, { maxItems: 0 })),
    token_endpoint_auth_methods_supported: methods("token endpoint's"),
    introspection_endpoint_auth_methods_supported: methods("introspection endpoint's (a Bearer caller is accepted too)"),
    revocation_endpoint_auth_methods_supported: methods("revocation endpoint's (a Bearer caller is accepted too)"),
    scopes_supported: about('The scopes iamgate knows.', strings),
    service_documentation: about('The API documentation (/docs).', uri),
  }),
);

export const jwks = about(
  'A JSON Web Key Set (RFC 7517): the public keys of JWT access tokens, the next one included before it signs.',
  closedObject({
    keys: about(
      'The keys; empty with TOKEN_FORMAT=opaque.',
      Type.Array(
        about(
          'An Ed25519 public key (RFC 8037).',
          closedObject({
            kty: about('Always `OKP`.', constant('OKP')),
            crv: about('Always `Ed25519`.', constant('Ed25519')),
            x: about('The public key, base64url.', text),
            kid: about("The key's id, as JWT headers name it.", text),
            alg: about('Always `EdDSA`.', constant('EdDSA')),
            use: about('Always `sig`.', constant('sig')),
          }),
        ),
      ),
    ),
  }),
);

const BEARER_ERRORS = [
  'invalid_request',
  'invalid_token',
  'insufficient_scope',
  'rate_limited',
  'temporarily_unavailable',
  'server_error',
] as const;
export const verifyError = about(
  "Why forward authentication refused (RFC 6750 §3.1's codes).",
  closedObjectWith(
    {
      error: about(
        '`invalid_request` (400), `invalid_token` (401), `insufficient_scope` (403), `rate_limited` (429), ' +
          '`temporarily_unavailable` (503), `server_error` (500).',
        enumOf(BEARER_ERRORS),
      ),
      error_description: about('What went wrong; absent on 500.', text),
    },
    ['error_description'],
  ),
);

export const health = about('The process answers.', closedObject({ status: about('Always `ok`.', constant('ok')) }));
export const readiness = about(
  'Whether the database answers (and, after a write failed as unavailable, takes writes again).',
  closedObject({
    status: about('`ready` (200) or `unavailable` (503).', enumOf(['ready', 'unavailable'] as const)),
    database: about('`ok` or `unreachable`.', enumOf(['ok', 'unreachable'] as const)),
  }),
);
export const metricsRefusal = about(
  'METRICS_TOKEN is set and the request did not carry it.',
  closedObject({
    error: about('Always `unauthorized`.', constant('unauthorized')),
  }),
);

export const index = about(
  'What this server offers: where to go next.',
  closedObjectWith(
    {
      name: about("The package's name.", text),
      version: about('Its version.', text),
      description: about('What it is.', text),
      links: about(
        'The documentation and the platform routes.',
        closedObject({
          docs: about('Swagger UI over every OpenAPI document.', uri),
          errors: about('What every error code means.', uri),
          oauth2: about('The OAuth2 server metadata.', uri),
          health: about('Liveness.', uri),
          ready: about('Readiness.', uri),
        }),
      ),
      dialects: about(
        'Each dialect served.',
        Type.Array(
          closedObject({
            name: about('Its name (`v1`, `v2`, `v3`).', text),
            title: about("Its OpenAPI document's title.", text),
            basePath: about('The path every route of it is under, as an OpenAPI template.', text),
            url: about('That base, absolute.', text),
            openapi: about('Its OpenAPI document.', uri),
          }),
        ),
      ),
      platform: about(
        'This document: the routes outside the dialects.',
        closedObject({
          title: about('Its title.', text),
          openapi: about('Its URL.', uri),
        }),
      ),
    },
    ['description'],
  ),
);
