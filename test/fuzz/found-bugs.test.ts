// The bugs the fuzzer found, each pinned as the smallest request that showed it (on the engine that
// showed it, and on the other one too): they were 500s, an HTML page with a stack trace, and a
// timestamp with no RFC 3339 form.
import { assertJsonApiResponse, expectErrors } from '../support/jsonapi';
import { useTestServer } from '../support/server';
import { sendWire } from './support/wire';

const t = useTestServer();
const auth = t.adminBearer;

const count = async (table: string) => Number((await t.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
const v3 = () => `/v3/orgs/${t.admin.organizationId}/iam`;
const raw = (method: string, path: string, body?: string, headers: [string, string][] = []) =>
  sendWire(t.running.port, {
    method,
    path,
    body: body === undefined ? undefined : Buffer.from(body),
    headers: [['Authorization', `Bearer ${t.admin.secret}`], ['Content-Type', 'application/json'], ...headers],
  });

describe('when a query number is Infinity (ajv coerced it and skipped minimum/maximum), then 400, not 500', () => {
  test.each([
    ['/v1/service-accounts?limit=Infinity', 'limit'],
    ['/v1/api-keys?offset=1e400', 'offset'],
    ['/api/v2/service-accounts?limit=Infinity', 'limit'],
  ])('%s', async (path, parameter) => {
    const res = await t.http.get(path).set(auth);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(parameter);
  });

  test('v3 page[limit]=Infinity', async () => {
    const res = assertJsonApiResponse(await t.http.get(`${v3()}/service-accounts?page[limit]=Infinity`).set(auth));
    expect(expectErrors(res, 400, 'VALIDATION_ERROR')[0].source).toEqual({ parameter: 'page[limit]' });
  });
});

describe('when a body nests deeper than 32 levels (JSON.stringify overflowed its stack on the idempotency fingerprint)', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  test('then a dialect POST with Idempotency-Key is 400 and writes nothing', async () => {
    const before = await count('service_accounts');
    const res = await raw('POST', '/api/v2/service-accounts', `{"name":"deep","description":${deep(5000)}}`, [
      ['Idempotency-Key', 'deep-1'],
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: { body: [expect.stringContaining('nested deeper')] } });
    expect(await count('service_accounts')).toBe(before);
  });

  test('then /oauth2/token with Idempotency-Key is 400 invalid_request', async () => {
    const body = JSON.stringify({ grant_type: 'client_credentials', client_id: t.admin.clientId, client_secret: t.admin.secret }).replace(
      '}',
      `,"x":${deep(5000)}}`,
    );
    const res = await sendWire(t.running.port, {
      method: 'POST',
      path: '/oauth2/token',
      body: Buffer.from(body),
      headers: [
        ['Content-Type', 'application/json'],
        ['Idempotency-Key', 'deep-2'],
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request' });
  });

  test('then 32 levels are still fine', async () => {
    const res = await t.http
      .post(`${v3()}/service-accounts`)
      .set(auth)
      .set('Idempotency-Key', 'deep-3')
      .type('application/vnd.api+json')
      .send(`{"data":{"type":"service-accounts","attributes":{"name":"shallow enough"},"meta":{"a":${deep(29)}}}}`);
    expect(res.status).toBe(201);
  });
});

test('when the v3 org id in the path is malformed percent-encoding, then a JSON:API 400, not an HTML page with a stack trace', async () => {
  const res = await raw('GET', '/v3/orgs/%ZZ/iam/service-accounts');
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toBe('application/vnd.api+json');
  expect(res.text).not.toMatch(/<html|\.js:\d+/);
  expect((res.body as { errors: { status: string }[] }).errors[0].status).toBe('400');
});

describe('when text holds U+0000 (PostgreSQL cannot store it: every such request was a 500 there)', () => {
  test.each([
    ['GET', '/v1/service-accounts/%00'],
    ['DELETE', '/api/v2/service-accounts/a%00b'],
    ['POST', '/api/v2/service-accounts/00000000-0000-7000-8000-000000000000/credentials/%00/revoke'],
  ])('then an id is simply not found: %s %s', async (method, path) => {
    expect((await raw(method, path)).status).toBe(404);
  });

  test.each([
    ['/v1/service-accounts', { name: 'a\u0000b', permissions: [] }, 'name'],
    ['/api/v2/service-accounts', { name: 'ok', description: '\u0000' }, 'description'],
    ['/api/v2/workspaces', { name: '\u0000' }, 'name'],
  ])('then a body naming it is 400 and writes nothing: POST %s', async (path, body, field) => {
    const before = (await count('service_accounts')) + (await count('workspaces'));
    const res = await t.http.post(path).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
    expect((await count('service_accounts')) + (await count('workspaces'))).toBe(before);
  });

  test.each(['/api/v2/service-accounts?search=%00', `/v3/orgs/{org}/iam/service-accounts?filter%5Bname%5D=a%00`])(
    'then a query parameter holding it is 400: %s',
    async (path) => {
      const res = await raw('GET', path.replace('{org}', t.admin.organizationId));
      expect(res.status).toBe(400);
    },
  );
});

describe("when a name is 200 × 'İ' (lower-cased it is 400 characters: PostgreSQL refused the key)", () => {
  const name = 'İ'.repeat(200);

  test('then the account is made, and the name is still taken afterwards', async () => {
    expect((await t.http.post('/api/v2/service-accounts').set(auth).send({ name })).status).toBe(201);
    expect((await t.http.post('/v1/service-accounts').set(auth).send({ name, permissions: [] })).status).toBe(409);
  });

  test('then a workspace of that name is made', async () => {
    expect((await t.http.post('/api/v2/workspaces').set(auth).send({ name })).status).toBe(201);
  });
});

test('when a key expires after 9999-12-31 (UTC), then 400: such an instant has no RFC 3339 form', async () => {
  const before = await count('service_accounts');
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'far future', expirationDate: '9999-12-31T23:59:59.999-23:59' });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual({ expirationDate: [expect.stringContaining('10000')] });
  expect(await count('service_accounts')).toBe(before);
  expect(
    (await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'last year', expirationDate: '9999-12-31T23:59:59.999Z' }))
      .status,
  ).toBe(201);
});
