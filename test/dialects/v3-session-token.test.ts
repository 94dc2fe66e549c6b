// X-Session-Token (issue 14): Ctrl-Hub's newer reference pages and its Kotlin SDK authenticate every
// route with it. It carries a key secret or an access token by exactly the rules of Authorization
// (which wins when both are sent), on every v3 route; and every v3 response has an X-Trace-Id.
import { DIALECTS } from '../../src/dialects';
import { expectErrors, jsonApi } from '../support/jsonapi';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const base = () => `/v3/orgs/${t.admin.organizationId}/iam`;
const session = (token: string) => ({ 'X-Session-Token': token });

test('when X-Session-Token carries a key secret or an access token, then v3 answers as with Authorization', async () => {
  const bySecret = await jsonApi(t.http.get(`${base()}/service-accounts/${t.admin.serviceAccountId}`).set(session(t.admin.secret)));
  expect(bySecret.status).toBe(200);
  const token = await t.http
    .post('/oauth2/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: t.admin.clientId, client_secret: t.admin.secret });
  expect(token.status).toBe(200);
  const byToken = await jsonApi(t.http.get('/v3/iam/whoami').set(session(token.body.access_token)));
  expect([byToken.status, byToken.body.data.id]).toEqual([200, t.admin.serviceAccountId]);
  const write = await jsonApi(
    t.http
      .post(`${base()}/service-accounts`)
      .set(session(t.admin.secret))
      .type('application/json')
      .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: 'Made by session' }, relationships: {} } })),
  );
  expect(write.status).toBe(201);
});

test.each([
  ['a wrong secret', 'iamg_wrong'],
  ['an empty value', ''],
  ['a revoked-looking token', `iamgt_${'A'.repeat(43)}${'0'.repeat(32)}`],
])('when X-Session-Token is %s, then 401 with WWW-Authenticate, as Authorization would be', async (_case, value) => {
  const res = await jsonApi(t.http.get(`${base()}/service-accounts`).set(session(value)));
  expectErrors(res, 401, 'UNAUTHORIZED');
  expect(res.headers['www-authenticate']).toBeDefined();
});

test('when both are sent, then Authorization is the one used', async () => {
  const goodHeaderBadSession = await jsonApi(
    t.http.get(`${base()}/service-accounts`).set(bearer(t.admin.secret)).set(session('iamg_wrong')),
  );
  expect(goodHeaderBadSession.status).toBe(200);
  const badHeaderGoodSession = await jsonApi(
    t.http.get(`${base()}/service-accounts`).set('Authorization', 'Bearer iamg_wrong').set(session(t.admin.secret)),
  );
  expect(badHeaderGoodSession.status).toBe(401);
});

test('when a read-only key is the session token, then writes are 403 as they would be with Authorization', async () => {
  const reader = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: 'Session reader', scopes: ['service-accounts:read'] });
  const res = await jsonApi(
    t.http.delete(`${base()}/service-accounts/${t.admin.serviceAccountId}`).set(session(reader.body.data.clientSecret)),
  );
  expectErrors(res, 403, 'FORBIDDEN');
});

test("when X-Session-Token is sent to v1 or v2, then it is not a credential there (it is v3's header)", async () => {
  expect((await t.http.get('/api/v2/service-accounts').set(session(t.admin.secret))).status).toBe(401);
  expect((await t.http.get('/v1/service-accounts').set(session(t.admin.secret))).status).toBe(401);
});

test('when a browser origin is allowed, then CORS lets it send X-Session-Token and read X-Trace-Id', async () => {
  const { startTestServer } = await import('../support/server');
  const cors = await startTestServer({ corsOrigins: ['https://app.example'] });
  try {
    const preflight = await cors.http
      .options(`/v3/iam/whoami`)
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'x-session-token');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Session-Token/);
    const get = await cors.http.get('/v3/iam/whoami').set('Origin', 'https://app.example').set(session(cors.admin.secret));
    expect(get.headers['access-control-expose-headers']).toMatch(/X-Trace-Id/);
  } finally {
    await cors.close();
  }
});

test('every v3 response carries X-Trace-Id, the request id: successes, errors, unmatched paths', async () => {
  for (const res of [
    await t.http.get(`${base()}/service-accounts`).set(bearer(t.admin.secret)).set('X-Request-Id', 'trace-me'),
    await t.http.get(`${base()}/service-accounts`).set('X-Request-Id', 'trace-me'),
    await t.http.get('/v3/nothing-here').set('X-Request-Id', 'trace-me'),
    await t.http
      .post(`${base()}/service-accounts`)
      .set(bearer(t.admin.secret))
      .set('X-Request-Id', 'trace-me')
      .type('text/plain')
      .send('x'),
  ]) {
    expect([res.status, res.headers['x-trace-id']]).toEqual([res.status, 'trace-me']);
    expect(res.body.jsonapi).toEqual({ version: '1.1' });
  }
});

test('the OpenAPI document names X-Session-Token as a way to authenticate and X-Trace-Id on every response', async () => {
  const doc = (await t.http.get('/openapi/v3.json')).body;
  expect(doc.components.securitySchemes['X-Session-Token']).toEqual(
    expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Session-Token' }),
  );
  expect(doc.security).toContainEqual({ 'X-Session-Token': [] });
  const v3 = DIALECTS.find((d) => d.name === 'v3')!;
  for (const op of v3.operations) {
    for (const declared of Object.values(doc.paths[`/v3${op.path}`][op.method].responses) as { $ref?: string; headers?: object }[]) {
      // Error responses are declared once, under components.responses, and referred to.
      const response = declared.$ref ? doc.components.responses[declared.$ref.split('/').pop()!] : declared;
      expect(Object.keys(response.headers ?? {})).toContain('X-Trace-Id');
    }
  }
});
