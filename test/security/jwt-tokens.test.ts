// TOKEN_FORMAT=jwt (issue 19): RFC 9068 JWT access tokens that a resource server verifies offline
// with a standard library (jose) against /.well-known/jwks.json, found through the metadata's
// jwks_uri. iamgate itself still reads the key, account and deny list on every request; a resource
// server that verifies offline cannot see a revocation until the token expires (the trade-off).
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let origin: string;
beforeAll(async () => {
  t = await startTestServer({ tokenFormat: 'jwt' });
  origin = `http://127.0.0.1:${t.running.port}`;
});
afterAll(async () => {
  await t.close();
});

const issue = async (form: Record<string, string> = {}) => {
  const res = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', ...form });
  expect(res.status).toBe(200);
  return res.body as { access_token: string; scope: string; expires_in: number };
};
const jwks = async () => {
  const metadata = (await t.http.get('/.well-known/openid-configuration')).body as { jwks_uri: string; issuer: string };
  return { keys: createRemoteJWKSet(new URL(metadata.jwks_uri)), issuer: metadata.issuer };
};

test('when a JWT access token is verified with jose against the published JWKS, then its RFC 9068 claims hold', async () => {
  const issued = await issue({ scope: 'service-accounts:read' });
  const { keys, issuer } = await jwks();
  const { payload, protectedHeader } = await jwtVerify(issued.access_token, keys, {
    issuer,
    audience: origin,
    typ: 'at+jwt',
    algorithms: ['EdDSA'],
  });
  expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
  expect(payload).toMatchObject({
    iss: origin,
    aud: origin,
    sub: t.admin.serviceAccountId,
    client_id: t.admin.clientId,
    scope: 'service-accounts:read',
    organization_id: t.admin.organizationId,
    narrowed: true,
  });
  expect(payload.jti).toEqual(expect.any(String));
  expect(payload.exp! - payload.iat!).toBe(3600);
});

test('when the JWT is used on iamgate, then it works on every dialect and at /auth/verify, narrowed as asked', async () => {
  const { access_token: token } = await issue({ scope: 'service-accounts:read' });
  expect((await t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`).set(bearer(token))).status).toBe(200);
  expect((await t.http.get(`/v1/service-accounts/${t.admin.serviceAccountId}`).set(bearer(token))).status).toBe(200);
  expect((await t.http.post('/api/v2/service-accounts').set(bearer(token)).send({ name: 'not allowed' })).status).toBe(403);
  const verify = await t.http.get('/auth/verify').set(bearer(token));
  expect(verify.status).toBe(200);
  expect(verify.headers['x-auth-scopes']).toBe('service-accounts:read');
  const intro = await t.http.post('/oauth2/introspect').set(bearer(t.admin.secret)).type('form').send({ token });
  expect(intro.body).toMatchObject({ active: true, sub: t.admin.serviceAccountId, scope: 'service-accounts:read' });
});

test("when the JWT is tampered with or its signature is another key's, then jose and iamgate both refuse it", async () => {
  const { access_token: token } = await issue();
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const widened = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'billing:admin' })).toString('base64url')}.${s}`;
  const { keys, issuer } = await jwks();
  await expect(jwtVerify(widened, keys, { issuer, audience: origin })).rejects.toThrow();
  expect((await t.http.get('/auth/verify').set(bearer(widened))).status).toBe(401);
  const other = await startTestServer({ tokenFormat: 'jwt' });
  try {
    const foreign = (
      await other.http
        .post('/oauth2/token')
        .set(basic(other.admin.clientId, other.admin.secret))
        .type('form')
        .send({ grant_type: 'client_credentials' })
    ).body.access_token as string;
    expect(decodeProtectedHeader(foreign).kid).not.toBe(decodeProtectedHeader(token).kid);
    expect((await t.http.get('/auth/verify').set(bearer(foreign))).status).toBe(401);
  } finally {
    await other.close();
  }
});

test('when a JWT is revoked, then iamgate refuses it at once while offline verification cannot know (until exp)', async () => {
  const { access_token: token } = await issue();
  const rev = await t.http.post('/oauth2/revoke').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ token });
  expect(rev.status).toBe(200);
  expect((await t.http.get('/auth/verify').set(bearer(token))).status).toBe(401);
  const { keys, issuer } = await jwks();
  await expect(jwtVerify(token, keys, { issuer, audience: origin })).resolves.toBeDefined();
});

test('when the JWKS is fetched, then it holds only public Ed25519 keys, cacheable', async () => {
  const res = await t.http.get('/.well-known/jwks.json');
  expect(res.headers['cache-control']).toBe('public, max-age=300');
  expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
  for (const key of res.body.keys) {
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String), x: expect.any(String) });
    expect(key.d).toBeUndefined();
  }
});
