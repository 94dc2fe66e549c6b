// /openapi/platform.json: the routes outside the dialects — OAuth2 (token, introspection,
// revocation), discovery (GET /, server metadata, JWKS), forward authentication, health and
// metrics, and leaked secrets — made from the platform table (src/http/platform/table.ts), as a
// dialect's document is from its operation table. What is here is the document's front matter: its
// title, the headers, security schemes and schemas it names. test/docs/platform-openapi.test.ts
// calls each route and holds its answers to this document.
import * as leaks from '../../../schemas/platform/leak-reports';
import * as s from '../../../schemas/platform/schemas';
import { packageInfo } from '../../package-info';
import { PLATFORM_TITLE } from '../platform/discovery';
import type { PlatformErrors, PlatformRoute } from '../platform/route';
import { PLATFORM_ROUTES, platformSections } from '../platform/table';
import { CONTACT, LICENSE, OAUTH2_SCOPES, REQUEST_HEADERS, RESPONSE_HEADERS } from './components';
import { withNamedSchemas } from './named-schemas';

export const PLATFORM_DESCRIPTION =
  'The routes outside the API dialects: OAuth2 tokens (client credentials, and outside OIDC tokens exchanged with no secret), their introspection and revocation, the ' +
  "server metadata and keys, forward authentication for gateways, leaked-secret reports and public revocation, health and metrics. OAuth2 errors are RFC 6749 §5.2's " +
  '`{error, error_description}`; every response carries `X-Request-Id`.';

/** The schemas the document names (`#/components/schemas/<name>`), wherever the rows use them. */
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
  SecretScanningReport: leaks.secretScanningReport,
  SecretScanningVerdicts: leaks.secretScanningAnswer,
  PublicRevocationRequest: leaks.publicRevocationRequest,
  PublicRevocationAnswer: leaks.publicRevocationAnswer,
  LeakReportError: leaks.leakReportError,
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

const refs = (names: string[]) => Object.fromEntries(['X-Request-Id', ...names].map((h) => [h, { $ref: `#/components/headers/${h}` }]));
const parameterRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** The parameters of a row as the document lists them: its own, then X-Request-Id, then Idempotency-Key where honoured. */
export const parametersOf = (row: PlatformRoute) => [
  ...(row.parameters ?? []),
  ...['X-Request-Id', ...(row.idempotencyKey ? ['Idempotency-Key'] : [])].map(parameterRef),
];

function operationOf(row: PlatformRoute): object {
  const errors = row.section.errors;
  return {
    tags: [row.section.tag.name],
    summary: row.summary,
    operationId: row.operationId,
    description: row.description,
    security: row.security,
    parameters: parametersOf(row),
    ...(row.body && {
      requestBody: {
        required: true,
        content: Object.fromEntries(
          Object.entries(row.body.examples).map(([type, example]) => [type, { schema: row.body!.schema, example }]),
        ),
      },
    }),
    responses: {
      ...Object.fromEntries(
        Object.entries(row.responses).map(([status, { description, headers, content }]) => [
          status,
          { description, headers: refs(headers ?? []), ...(content && { content }) },
        ]),
      ),
      ...Object.fromEntries(
        (row.errors ?? []).map((status) => [status, { $ref: `#/components/responses/${errors!.responses[status].name}` }]),
      ),
    },
  };
}

function errorResponses({ responses, schema }: PlatformErrors): Record<string, object> {
  return Object.fromEntries(
    Object.values(responses).map(({ name, error, description, headers, bare }) => [
      name,
      {
        description,
        headers: refs(headers ?? []),
        content: { 'application/json': { schema, example: bare ? { error } : { error, error_description: description } } },
      },
    ]),
  );
}

/** `origin`: the public origin the document is served at; without one its server is `/`. */
export function platformOpenApi(origin?: string): object {
  const sections = platformSections();
  const paths: Record<string, Record<string, object>> = {};
  for (const row of PLATFORM_ROUTES) paths[row.path] = { ...paths[row.path], [row.method]: operationOf(row) };
  const document = {
    openapi: '3.1.0',
    info: {
      title: PLATFORM_TITLE,
      version: packageInfo().version,
      description: PLATFORM_DESCRIPTION,
      contact: CONTACT,
      license: LICENSE,
    },
    servers: [{ url: origin ?? '/', description: 'iamgate, where this document is served' }],
    tags: sections.map(({ section }) => section.tag),
    paths,
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
      responses: Object.assign({}, ...sections.map(({ section }) => (section.errors ? errorResponses(section.errors) : {}))),
    },
  };
  const named = withNamedSchemas(document, SCHEMAS);
  const components = named.document.components as Record<string, unknown>;
  return { ...named.document, components: { schemas: named.schemas, ...components } };
}
