// Issue 28: opaque tokens issued before the JWS format (`iamgt_<claims>.<signature>`) keep working
// for one token lifetime after the upgrade, through every door a current token uses (the dialects,
// /auth/verify, introspection, revocation), and are refused from their expiry on. The tokens are
// signed here as the release before signed them, with the key the server holds in signing_keys.
// Delete with src/auth/legacy-opaque-token.ts (see CHANGELOG.md).
import { randomUUID } from 'node:crypto';
import type { TokenClaims } from '../../src/auth/token-format';
import { legacyOpaque, serverHmacKey } from '../support/legacy-token';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let key: { kid: string; secret: Buffer };
let keyId: string;
beforeAll(async () => {
  t = await startTestServer();
  const issued = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
  expect(issued.status).toBe(200); // the first token makes the signing key
  key = await serverHmacKey(t);
  [{ id: keyId }] = await t.query<{ id: string }>(`SELECT id FROM keys WHERE service_account_id = '${t.admin.serviceAccountId}'`);
});
afterAll(async () => {
  await t.close();
});

/** A token of the old format, issued now for the admin's key, for an hour, narrowed to reading. */
const legacyToken = () => {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const claims: TokenClaims = {
    jti: randomUUID(),
    keyId,
    accountId: t.admin.serviceAccountId,
    orgId: t.admin.organizationId,
    scopes: ['service-accounts:read'],
    narrowed: true,
    iat: now,
    exp: now + 3600,
  };
  return { claims, token: legacyOpaque(claims, key.kid, key.secret) };
};
const get = (path: string, token: string) => t.http.get(path).set(bearer(token));
const introspect = (token: string) => t.http.post('/oauth2/introspect').set(bearer(t.admin.secret)).type('form').send({ token });

test('when a token of the earlier format is used, then it works on every dialect, at /auth/verify and in introspection, as narrowed', async () => {
  const { token, claims } = legacyToken();
  expect(token.split('.')).toHaveLength(2);
  expect((await get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`, token)).status).toBe(200);
  expect((await get(`/v1/service-accounts/${t.admin.serviceAccountId}`, token)).status).toBe(200);
  expect((await get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${t.admin.serviceAccountId}`, token)).status).toBe(200);
  expect((await t.http.post('/api/v2/service-accounts').set(bearer(token)).send({ name: 'not allowed' })).status).toBe(403);
  const verify = await get('/auth/verify', token);
  expect(verify.status).toBe(200);
  expect(verify.headers['x-auth-account-id']).toBe(t.admin.serviceAccountId);
  expect(verify.headers['x-auth-scopes']).toBe('service-accounts:read');
  expect((await introspect(token)).body).toMatchObject({
    active: true,
    sub: t.admin.serviceAccountId,
    scope: 'service-accounts:read',
    jti: claims.jti,
    exp: claims.exp,
  });
});

test('when a token of the earlier format is revoked, then it is refused at once, like a current one', async () => {
  const { token, claims } = legacyToken();
  expect((await get('/auth/verify', token)).status).toBe(200);
  const rev = await t.http.post('/oauth2/revoke').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ token });
  expect(rev.status).toBe(200);
  expect(await t.query(`SELECT id FROM revoked_tokens WHERE id = '${claims.jti}'`)).toHaveLength(1);
  expect((await get('/auth/verify', token)).status).toBe(401);
  expect((await introspect(token)).body).toEqual({ active: false });
});

test('when a token of the earlier format reaches its expiry, then it is refused everywhere, and a current token still works', async () => {
  const { token } = legacyToken();
  expect((await get('/auth/verify', token)).status).toBe(200);
  t.clock.advance(3600_000);
  const late = await get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`, token);
  expect(late.status).toBe(401);
  expect(late.headers['www-authenticate']).toBeDefined();
  expect((await get('/auth/verify', token)).status).toBe(401);
  expect((await introspect(token)).body).toEqual({ active: false });
  const current = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
  expect((await get('/auth/verify', current.body.access_token)).status).toBe(200);
});
