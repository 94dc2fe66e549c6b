// OAuth2: the token endpoint (RFC 6749 §4.4), introspection, revocation, metadata, and tokens
// used on the dialects — refused at once when their key, account or the token itself is revoked.
import { ClientCredentials } from 'simple-oauth2';
import { jsonApi } from '../support/jsonapi';
import { forgedSecret, keyHexOf } from '../support/secrets';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  admin = bearer(t.admin.secret);
});
afterAll(async () => {
  await t.close();
});

const makeAccount = async (body: object = {}) => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({
      name: `acct ${Math.random()}`,
      organizationalRole: 'Admin',
      scopes: ['service-accounts:read', 'service-accounts:write'],
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; clientId: string; clientSecret: string; credentials: { id: string }[] };
};

const token = (auth: Record<string, string>, form: Record<string, string> = { grant_type: 'client_credentials' }) =>
  t.http.post('/oauth2/token').set(auth).type('form').send(form);

describe('POST /oauth2/token', () => {
  test('when a client authenticates with Basic, then 200 gives a Bearer token that works on v2', async () => {
    const a = await makeAccount();
    const res = await token(basic(a.clientId, a.clientSecret));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'service-accounts:read service-accounts:write' });
    const use = await t.http.get(`/api/v2/service-accounts/${a.id}`).set(bearer(res.body.access_token));
    expect(use.status).toBe(200);
    expect(JSON.stringify(use.body)).not.toContain(res.body.access_token);
  });

  test('when the client sends client_id and client_secret as JSON, then it gets a token too', async () => {
    const a = await makeAccount();
    const res = await t.http
      .post('/oauth2/token')
      .send({ grant_type: 'client_credentials', client_id: a.clientId, client_secret: a.clientSecret });
    expect(res.status).toBe(200);
  });

  test('when the same client asks again, then no bcrypt runs for it', async () => {
    const a = await makeAccount();
    expect((await token(basic(a.clientId, a.clientSecret))).status).toBe(200);
    const before = t.running.runtime.verifier.bcryptRuns;
    for (let i = 0; i < 3; i++) expect((await token(basic(a.clientId, a.clientSecret))).status).toBe(200);
    expect(t.running.runtime.verifier.bcryptRuns).toBe(before);
  });

  test.each([
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
    [{}, 400, 'invalid_request'],
  ])('when the form is %j, then %i %s', async (form, status, error) => {
    const a = await makeAccount();
    const res = await token(basic(a.clientId, a.clientSecret), form as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
  });

  test('when the client is unknown or the secret wrong, then 401 invalid_client with WWW-Authenticate, and both cost bcrypt', async () => {
    const a = await makeAccount();
    const verifier = t.running.runtime.verifier;
    const wrong = forgedSecret(keyHexOf(a.clientSecret));
    for (const auth of [basic(a.clientId, wrong), basic('0198f0a0-0000-7000-8000-000000000000', a.clientSecret)]) {
      const before = verifier.bcryptRuns;
      const res = await token(auth);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
      expect(res.headers['www-authenticate']).toContain('Basic');
      expect(verifier.bcryptRuns - before).toBe(1);
    }
    expect((await token({})).status).toBe(401);
  });

  test('when Basic and body credentials are both sent, then 400 invalid_request', async () => {
    const a = await makeAccount();
    const res = await token(basic(a.clientId, a.clientSecret), {
      grant_type: 'client_credentials',
      client_id: a.clientId,
      client_secret: a.clientSecret,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  test('when the body is neither form nor JSON, then 415 invalid_request', async () => {
    const res = await t.http.post('/oauth2/token').set('Content-Type', 'text/plain').send('grant_type=client_credentials');
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('invalid_request');
  });

  test('when a narrower scope is asked, then the token can only read, whatever the role', async () => {
    const a = await makeAccount();
    const res = await token(basic(a.clientId, a.clientSecret), { grant_type: 'client_credentials', scope: 'service-accounts:read' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('service-accounts:read');
    const t1 = bearer(res.body.access_token);
    expect((await t.http.get('/api/v2/service-accounts').set(t1)).status).toBe(200);
    const write = await t.http.post('/api/v2/service-accounts').set(t1).send({ name: 'via narrowed token' });
    expect(write.status).toBe(403);
  });

  test('when a scope the client does not hold is asked, then 400 invalid_scope', async () => {
    const a = await makeAccount({ organizationalRole: 'Member', scopes: ['service-accounts:read'] });
    const res = await token(basic(a.clientId, a.clientSecret), { grant_type: 'client_credentials', scope: 'service-accounts:write' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  test('when a Member asks without scope, then the token carries the key scopes and the role adds nothing', async () => {
    const a = await makeAccount({ organizationalRole: 'Member', scopes: ['service-accounts:read'] });
    const res = await token(basic(a.clientId, a.clientSecret));
    expect(res.body.scope).toBe('service-accounts:read');
  });
});

describe('tokens stop working at once', () => {
  test('when the key is revoked, the account disabled or deleted, then the token is refused on the next request', async () => {
    const a = await makeAccount();
    const issue = async () => bearer((await token(basic(a.clientId, a.clientSecret))).body.access_token);
    const path = `/api/v2/service-accounts/${a.id}`;

    const t1 = await issue();
    await t.http.post(`${path}/disable`).set(admin);
    expect((await t.http.get(path).set(t1)).status).toBe(401);
    await t.http.post(`${path}/enable`).set(admin);
    expect((await t.http.get(path).set(t1)).status).toBe(200);

    await t.http.post(`${path}/credentials/${a.credentials[0].id}/revoke`).set(admin);
    const refused = await t.http.get(path).set(t1);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBeDefined();
  });

  test('when the account is deleted, then its tokens are refused', async () => {
    const a = await makeAccount();
    const t1 = bearer((await token(basic(a.clientId, a.clientSecret))).body.access_token);
    await t.http.delete(`/api/v2/service-accounts/${a.id}`).set(admin);
    expect((await t.http.get('/api/v2/service-accounts').set(t1)).status).toBe(401);
  });

  test('when the token expires, then it is refused', async () => {
    const short = await startTestServer({ tokenTtlSeconds: 1 });
    try {
      const res = await short.http
        .post('/oauth2/token')
        .set(basic(short.admin.clientId, short.admin.secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.body.expires_in).toBe(1);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await short.http.get('/api/v2/service-accounts').set(bearer(res.body.access_token))).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('introspection and revocation', () => {
  test('when a token is introspected, revoked and introspected again, then active flips to false and use is refused', async () => {
    const a = await makeAccount();
    const issued = (await token(basic(a.clientId, a.clientSecret))).body.access_token;
    const intro = await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: issued });
    expect(intro.status).toBe(200);
    expect(intro.body).toMatchObject({
      active: true,
      client_id: a.clientId,
      sub: a.id,
      token_type: 'Bearer',
      organization_id: t.admin.organizationId,
    });
    expect(intro.body.exp - intro.body.iat).toBe(3600);

    const rev = await t.http.post('/oauth2/revoke').set(basic(a.clientId, a.clientSecret)).type('form').send({ token: issued });
    expect(rev.status).toBe(200);
    expect((await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: issued })).body).toEqual({ active: false });
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(issued))).status).toBe(401);
  });

  test("when another org introspects or revokes this org's token, then it is inactive to them and keeps working", async () => {
    const a = await makeAccount();
    const issued = (await token(basic(a.clientId, a.clientSecret))).body.access_token;
    const other = await t.newOrg('Snoop');
    expect((await t.http.post('/oauth2/introspect').set(bearer(other.secret)).type('form').send({ token: issued })).body).toEqual({
      active: false,
    });
    expect((await t.http.post('/oauth2/revoke').set(bearer(other.secret)).type('form').send({ token: issued })).status).toBe(200);
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(issued))).status).toBe(200);
  });

  test('when introspection has no token or no caller, then 400 / 401', async () => {
    expect((await t.http.post('/oauth2/introspect').set(admin).type('form').send({})).status).toBe(400);
    expect((await t.http.post('/oauth2/introspect').type('form').send({ token: 'x' })).status).toBe(401);
    expect((await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: 'garbage' })).body).toEqual({ active: false });
  });
});

describe('GET /.well-known/oauth-authorization-server', () => {
  test('when asked, then the issuer is the request origin and the endpoints hang off it', async () => {
    const res = await t.http.get('/.well-known/oauth-authorization-server');
    expect(res.status).toBe(200);
    const origin = `http://127.0.0.1:${t.running.port}`;
    expect(res.body).toMatchObject({
      issuer: origin,
      token_endpoint: `${origin}/oauth2/token`,
      introspection_endpoint: `${origin}/oauth2/introspect`,
      revocation_endpoint: `${origin}/oauth2/revoke`,
      // Issue 31: outside OIDC tokens are exchanged at the same endpoint.
      grant_types_supported: [
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:token-exchange',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ],
    });
  });

  test('when PUBLIC_URL is configured, then it is the issuer', async () => {
    const pub = await startTestServer({ publicUrl: 'https://iam.example.com' });
    try {
      expect((await pub.http.get('/.well-known/oauth-authorization-server')).body.issuer).toBe('https://iam.example.com');
    } finally {
      await pub.close();
    }
  });
});

test('when a standard OAuth2 client library (simple-oauth2) gets a token, then it works on v1, v2 and v3', async () => {
  const a = await makeAccount();
  const client = new ClientCredentials({
    client: { id: a.clientId, secret: a.clientSecret },
    auth: { tokenHost: `http://127.0.0.1:${t.running.port}`, tokenPath: '/oauth2/token' },
  });
  const accessToken = await client.getToken({ scope: 'service-accounts:read' });
  expect(accessToken.token.token_type).toBe('Bearer');
  const auth = bearer(String(accessToken.token.access_token));
  const v1 = await t.http.get(`/v1/service-accounts/${a.id}`).set(auth);
  expect(v1.status).toBe(200);
  expect(v1.body.data.id).toBe(a.id);
  const v2 = await t.http.get(`/api/v2/service-accounts/${a.id}`).set(auth);
  expect(v2.status).toBe(200);
  const v3 = await jsonApi(t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${a.id}`).set(auth));
  expect(v3.status).toBe(200);
  expect(v3.body.data.id).toBe(a.id);
  // The token was narrowed to read: writes are refused in every dialect.
  expect((await t.http.patch(`/v1/service-accounts/${a.id}`).set(auth).send({ description: 'x' })).status).toBe(403);
  expect((await t.http.put(`/api/v2/service-accounts/${a.id}`).set(auth).send({ description: 'x' })).status).toBe(403);
});

describe('Idempotency-Key on the token endpoint', () => {
  test('when a token request is retried with its key, then the same token comes back; another body is 409', async () => {
    const a = await makeAccount();
    const send = (key: string, scope: string) =>
      t.http
        .post('/oauth2/token')
        .set(basic(a.clientId, a.clientSecret))
        .set('Idempotency-Key', key)
        .type('form')
        .send({ grant_type: 'client_credentials', scope });
    const first = await send('tok-1', 'service-accounts:read');
    const again = await send('tok-1', 'service-accounts:read');
    expect(again.status).toBe(200);
    expect(again.body.access_token).toBe(first.body.access_token);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await send('tok-1', 'service-accounts:write');
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('invalid_request');
    const rows = JSON.stringify(await t.query('SELECT * FROM idempotency_records'));
    expect(rows).not.toContain(first.body.access_token);
  });

  test("when someone else's client sends the same key, then it gets its own token, not a replay", async () => {
    const a = await makeAccount();
    const b = await makeAccount();
    const send = (c: { clientId: string; clientSecret: string }) =>
      t.http
        .post('/oauth2/token')
        .set(basic(c.clientId, c.clientSecret))
        .set('Idempotency-Key', 'shared-key')
        .type('form')
        .send({ grant_type: 'client_credentials' });
    const ta = await send(a);
    const tb = await send(b);
    expect(tb.status).toBe(200);
    expect(tb.body.access_token).not.toBe(ta.body.access_token);
    expect(tb.headers['idempotent-replayed']).toBeUndefined();
  });
});
