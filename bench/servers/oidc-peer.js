'use strict';
// The peer (issue 19): panva's oidc-provider, a certified OpenID/OAuth2 server, configured for the
// same job as iamgate's /oauth2 — client credentials and introspection (RFC 7662) — with one client
// whose credentials come from CLIENT_ID / CLIENT_SECRET. Its tokens are opaque and kept in its
// in-memory adapter (no database at all). Prints the port on stdout; bench/run.js starts it like
// the ceilings. oidc-provider 9 is ESM-only, hence the dynamic import().
const http = require('node:http');
const { generateKeyPairSync, randomBytes } = require('node:crypto');

(async () => {
  const { default: Provider } = await import('oidc-provider');
  let handle = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const scopes = ['service-accounts:read', 'service-accounts:write'];
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: process.env.CLIENT_ID,
        client_secret: process.env.CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: scopes.join(' '),
        id_token_signed_response_alg: 'ES256', // the one signing key it has
      },
    ],
    scopes,
    jwks: { keys: [{ ...signing, kid: 'peer', alg: 'ES256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { clientCredentials: { enabled: true }, introspection: { enabled: true }, devInteractions: { enabled: false } },
    ttl: { ClientCredentials: 3600 },
  });
  provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider: ${err.stack ?? err}\n`));
  handle = provider.callback();
  process.stdout.write(`${port}\n`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
})().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
