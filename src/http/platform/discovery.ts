// The discovery rows of the platform table: what the server offers. GET / is a small JSON index, so a
// first `curl` of the base URL says where to go next (name and version, the docs, each dialect's
// OpenAPI document and base, and the platform's); the OAuth2 server metadata (RFC 8414, also at
// OpenID Connect discovery's path, where most clients look by default) and the keys of JWT tokens.
import type { RequestHandler } from 'express';
import * as s from '../../../schemas/platform/schemas';
import { packageInfo } from '../../package-info';
import { openApiPath } from '../dialect';
import { publicOrigin } from '../public-origin';
import { FEDERATED_GRANTS } from './federation-grant';
import { issuer } from './oauth2-handlers';
import { json, type PlatformDeps, type PlatformRoute, type PlatformSection } from './route';

/** The title of /openapi/platform.json, which the index names too. */
export const PLATFORM_TITLE = 'iamgate platform (OAuth2, forward authentication, discovery, health)';

export const DISCOVERY: PlatformSection = {
  tag: {
    name: 'Discovery',
    description: 'What the server offers: its index, its OAuth2 metadata (RFC 8414) and the keys of its JWT tokens.',
  },
};

const metadataHandler: RequestHandler = (req, res) => {
  const base = issuer(req);
  res.json({
    issuer: base,
    token_endpoint: `${base}/oauth2/token`,
    introspection_endpoint: `${base}/oauth2/introspect`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials', ...FEDERATED_GRANTS],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    // Only methods registered with IANA (RFC 8414 §2): a Bearer caller is accepted too, but is no client authentication method.
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['service-accounts:read', 'service-accounts:write'],
    service_documentation: `${base}/docs`,
  });
};

const metadata = (path: string, operationId: string, summary: string): PlatformRoute => ({
  method: 'get',
  path,
  section: DISCOVERY,
  summary,
  operationId,
  description:
    'The issuer and the endpoints under the public origin (PUBLIC_URL, else the origin the request reached), ' +
    'the grants (`client_credentials`, token exchange and JWT bearer), and the client authentication methods.',
  security: [],
  responses: { 200: { description: 'The metadata.', content: json(s.serverMetadata) } },
  handlers: () => [metadataHandler],
});

export const serverMetadata = metadata(
  '/.well-known/oauth-authorization-server',
  'getServerMetadata',
  'The OAuth2 server metadata (RFC 8414)',
);
export const openIdConfiguration = metadata(
  '/.well-known/openid-configuration',
  'getOpenIdConfiguration',
  'The same metadata, where OpenID Connect clients look',
);

export const jwks: PlatformRoute = {
  method: 'get',
  path: '/.well-known/jwks.json',
  section: DISCOVERY,
  summary: 'The public keys of JWT access tokens',
  operationId: 'getJwks',
  description:
    'With TOKEN_FORMAT=jwt, resource servers verify tokens offline against these Ed25519 keys (the next key is published ' +
    'before it signs). Offline, a revocation is not seen before the token expires: /auth/verify and /oauth2/introspect always see it.',
  security: [],
  responses: { 200: { description: 'The key set.', headers: ['Cache-Control'], content: json(s.jwks) } },
  // The public keys of TOKEN_FORMAT=jwt tokens (and the next key, published before it signs).
  handlers: ({ ctx }) => [(_req, res) => void res.set('Cache-Control', 'public, max-age=300').json(ctx.tokens.jwks())],
};

function indexHandler({ dialects }: PlatformDeps): RequestHandler {
  const about = packageInfo();
  return (req, res) => {
    const base = publicOrigin(req);
    res.json({
      name: about.name,
      version: about.version,
      description: about.description,
      links: {
        docs: `${base}/docs`,
        errors: `${base}/docs/errors`,
        oauth2: `${base}/.well-known/oauth-authorization-server`,
        health: `${base}/healthz`,
        ready: `${base}/readyz`,
      },
      dialects: dialects.map((d) => ({
        name: d.name,
        title: d.document.title,
        basePath: openApiPath(d.basePath),
        url: `${base}${openApiPath(d.basePath)}`,
        openapi: `${base}/openapi/${d.name}.json`,
      })),
      platform: { title: PLATFORM_TITLE, openapi: `${base}/openapi/platform.json` },
    });
  };
}

export const index: PlatformRoute = {
  method: 'get',
  path: '/',
  section: DISCOVERY,
  summary: 'What this server offers',
  operationId: 'getIndex',
  description:
    "Its name and version, the documentation, and each dialect's base path and OpenAPI document, as absolute URLs under the " +
    'public origin. Needs no credential.',
  security: [],
  responses: { 200: { description: 'The index.', content: json(s.index) } },
  handlers: (deps) => [indexHandler(deps)],
};
