// Issue 14: request logs record every request a service account makes, bodies and headers included,
// so they must hold no secret. After a run that creates accounts, keys and tokens in every dialect —
// and sends secrets where no secret belongs (a path, a query, a header, an unknown field) — the whole
// database is read, every table, every row: no secret and no token appears anywhere.
import { basic, bearer, startTestServer, useTestServer, type TestServer } from '../support/server';

const opaque = useTestServer();
const JSONAPI = 'application/vnd.api+json';

/** Every row of every table, as one text. */
async function wholeDatabase(t: TestServer): Promise<string> {
  const tables =
    t.engine === 'postgres'
      ? await t.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
      : await t.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  expect(tables.map((r) => r.name)).toEqual(expect.arrayContaining(['request_logs', 'audit_events', 'keys', 'access_tokens']));
  const dumps = await Promise.all(tables.map(async ({ name }) => `${name}\n${JSON.stringify(await t.query(`SELECT * FROM ${name}`))}`));
  return dumps.join('\n');
}

test('when accounts, keys and tokens are made and used everywhere, then no secret is stored anywhere, request logs included', async () => {
  await runAndScan(opaque, opaque.adminBearer);
});

test('when access tokens are JWTs (TOKEN_FORMAT=jwt), then none is stored either', async () => {
  const jwt = await startTestServer({ tokenFormat: 'jwt' });
  try {
    await runAndScan(jwt, bearer(jwt.admin.secret));
  } finally {
    await jwt.close();
  }
});

async function runAndScan(t: TestServer, admin: Record<string, string>): Promise<void> {
  const v3 = `/v3/orgs/${t.admin.organizationId}/iam`;
  const issued: string[] = [t.admin.secret];
  const tokens: string[] = [];
  const basics: string[] = [];

  const v3Account = await t.http
    .post(`${v3}/service-accounts`)
    .set(admin)
    .type(JSONAPI)
    .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: 'Secret keeper' }, relationships: {} } }));
  const accountId = v3Account.body.data.id;
  issued.push(v3Account.body.included[0].attributes.client_secret);
  const v3Key = await t.http
    .post(`${v3}/service-accounts/${accountId}/keys`)
    .set(admin)
    .type('application/json')
    .send({ data: { type: 'service-account-keys' } });
  issued.push(v3Key.body.data.attributes.client_secret);
  const v2Account = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .set('Idempotency-Key', 'secret-run-1')
    .send({ name: 'Secret keeper v2', scopes: ['service-accounts:read'] });
  issued.push(v2Account.body.data.clientSecret);
  const replay = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .set('Idempotency-Key', 'secret-run-1')
    .send({ name: 'Secret keeper v2', scopes: ['service-accounts:read'] });
  expect(replay.body.data.clientSecret).toBe(v2Account.body.data.clientSecret);
  const v2Credential = await t.http.post(`/api/v2/service-accounts/${v2Account.body.data.id}/credentials`).set(admin).send({});
  issued.push(v2Credential.body.data.clientSecret);
  const v1Key = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: accountId, name: 'v1 key' });
  issued.push(v1Key.body.data.key);
  for (const s of issued) expect(s).toMatch(/^iamg_/);

  const reader = { clientId: v2Account.body.data.clientId as string, secret: v2Account.body.data.clientSecret as string };
  basics.push(
    Buffer.from(`${reader.clientId}:${reader.secret}`).toString('base64'),
    Buffer.from(`${t.admin.clientId}:${t.admin.secret}`).toString('base64'),
  );
  const byForm = await t.http
    .post('/oauth2/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: reader.clientId, client_secret: reader.secret });
  const byBasic = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
  const byJson = await t.http
    .post('/oauth2/token')
    .type('application/json')
    .send({ grant_type: 'client_credentials', client_id: reader.clientId, client_secret: reader.secret });
  for (const r of [byForm, byBasic, byJson]) {
    expect(r.status).toBe(200);
    tokens.push(r.body.access_token);
  }
  await t.http.post('/oauth2/introspect').set(bearer(tokens[1])).type('form').send({ token: tokens[0] });
  await t.http.post('/oauth2/introspect').set(basic(reader.clientId, reader.secret)).type('application/json').send({ token: tokens[2] });
  await t.http.get('/auth/verify').set(bearer(tokens[0]));
  await t.http.get(`${v3}/service-accounts`).set('X-Session-Token', tokens[1]);
  await t.http.get(`/api/v2/service-accounts/${accountId}`).set(basic(reader.clientId, reader.secret));
  await t.http.get('/v1/service-accounts').set(bearer(v1Key.body.data.key));

  // Secrets where none belongs: each of these requests is authenticated, so each is logged.
  const stray = issued[1];
  await t.http.get(`${v3}/service-accounts/${stray}`).set(admin);
  await t.http.get(`${v3}/service-accounts?client_secret=${stray}&note=${issued[2]}`).set(admin);
  await t.http.get(`${v3}/service-accounts`).set(admin).set('X-Debug', `my secret is ${issued[3]}`).set('Cookie', `s=${issued[4]}`);
  await t.http
    .post(`${v3}/service-accounts`)
    .set(admin)
    .type(JSONAPI)
    .send(
      JSON.stringify({ data: { type: 'service-accounts', attributes: { name: '', client_secret: issued[5], note: `see ${issued[0]}` } } }),
    );
  await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: accountId, key: issued[2] });
  await t.http.post('/oauth2/revoke').set(bearer(tokens[1])).type('form').send({ token: tokens[2] });

  await t.running.runtime.requestLogs!.flush();
  const logged = await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM request_logs');
  expect(Number(logged[0].n)).toBeGreaterThanOrEqual(20);

  const everything = await wholeDatabase(t);
  const leaks = [...issued, ...tokens].filter((s) => everything.includes(s.slice(12)));
  expect(leaks.map((s) => `${s.slice(0, 8)}…`)).toEqual([]);
  expect(basics.filter((b) => everything.includes(b))).toEqual([]);
  expect(everything).not.toContain('secret-run-1'); // the Idempotency-Key header is redacted too
  expect(everything).toContain('redacted');
}
