// The JSON:API protocol around every v3 route: content negotiation (406/415), bad input (400/413),
// authentication (401), privilege (403), the path's organization (404), unknown routes, request
// ids and idempotent POSTs — every failure in the JSON:API error shape, nothing written.
import { expectErrors, JSONAPI, jsonApi, pointersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let api: V3Client;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  admin = bearer(t.admin.secret);
  api = v3Client(t, admin);
});
afterAll(async () => {
  await t.close();
});

const accountCount = async () => (await api.get('/service-accounts?limit=1')).body.meta.pagination.counts.resources as number;
const postRaw = (raw: string, contentType: string, headers: Record<string, string> = admin) =>
  jsonApi(t.http.post(`${api.base}/service-accounts`).set(headers).set('Content-Type', contentType).send(raw));
const validBody = JSON.stringify(accountDocument({ name: 'Negotiated' }));

describe('Accept (406)', () => {
  test.each([
    ['absent', undefined],
    ['the JSON:API media type', JSONAPI],
    ['*/*', '*/*'],
    ['application/json', 'application/json'],
    ['a JSON:API profile', `${JSONAPI}; profile="https://example.com/profiles/x"`],
    ['one plain instance among modified ones', `${JSONAPI}; charset=utf-8, ${JSONAPI}`],
    ['a weighted plain instance', `text/html, ${JSONAPI};q=0.5`],
  ])('when Accept is %s, then 200', async (_case, accept) => {
    const res = await api.get('/service-accounts', accept === undefined ? {} : { Accept: accept });
    expect(res.status).toBe(200);
  });

  test.each([
    ['every JSON:API instance has a foreign parameter', `${JSONAPI}; charset=utf-8`],
    ['the only plain instance is refused with q=0', `${JSONAPI};q=0`],
    ['the JSON:API instances are modified, even with */*', `${JSONAPI}; version=1.1, */*`],
    ['an extension is asked for', `${JSONAPI}; ext="https://jsonapi.org/ext/atomic"`],
    ['only HTML is accepted', 'text/html'],
  ])('when %s, then 406 in the JSON:API shape', async (_case, accept) => {
    const res = await api.get('/service-accounts', { Accept: accept });
    expectErrors(res, 406, 'NOT_ACCEPTABLE');
  });

  test('when Accept is refused and there are no credentials, then 406 comes before 401', async () => {
    const res = await jsonApi(t.http.get(`${api.base}/service-accounts`).set('Accept', `${JSONAPI}; charset=utf-8`));
    expectErrors(res, 406, 'NOT_ACCEPTABLE');
  });
});

describe('Content-Type (415)', () => {
  test.each([JSONAPI, 'application/json', 'application/json; charset=utf-8', `${JSONAPI}; profile="https://example.com/p"`])(
    'when the body is sent as %s, then it is accepted',
    async (type) => {
      const res = await postRaw(JSON.stringify(accountDocument({ name: `Typed ${type}` })), type);
      expect(res.status).toBe(201);
    },
  );

  test.each([
    `${JSONAPI}; charset=utf-8`,
    `${JSONAPI}; ext="https://jsonapi.org/ext/atomic"`,
    `${JSONAPI}; version=1.1`,
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/xml',
    'application/problem+json',
  ])('when the body is sent as %s, then 415 and nothing is written', async (type) => {
    const before = await accountCount();
    expectErrors(await postRaw(validBody, type), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await accountCount()).toBe(before);
  });

  test('when a PATCH comes as text/plain, then 415 and the account is unchanged', async () => {
    const res = await jsonApi(
      t.http
        .patch(`${api.base}/service-accounts/${t.admin.serviceAccountId}`)
        .set(admin)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ data: { type: 'service-accounts', id: t.admin.serviceAccountId, attributes: { name: 'Renamed' } } })),
    );
    expectErrors(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await api.get(`/service-accounts/${t.admin.serviceAccountId}`)).body.data.attributes.name).toBe('Default admin');
  });
});

describe('bad bodies (400, 413)', () => {
  test.each([
    ['truncated JSON', '{"data": {'],
    ['single quotes', "{'data': {}}"],
  ])('when the body is %s, then 400 BAD_REQUEST and nothing is written', async (_case, raw) => {
    const before = await accountCount();
    expectErrors(await postRaw(raw, JSONAPI), 400, 'BAD_REQUEST');
    expect(await accountCount()).toBe(before);
  });

  test.each([
    ['null', ''],
    ['[]', ''],
    ['"data"', ''],
    ['42', ''],
  ])('when the body is the JSON value %s, then 400 points at the document', async (raw, pointer) => {
    const before = await accountCount();
    const res = await postRaw(raw, JSONAPI);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(pointersOf(res)).toEqual([pointer]);
    expect(await accountCount()).toBe(before);
  });

  test('when the body is over 64 KiB, then 413 and nothing is written', async () => {
    const before = await accountCount();
    const res = await api.post('/service-accounts', accountDocument({ name: 'big', description: 'x'.repeat(70 * 1024) }));
    expectErrors(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await accountCount()).toBe(before);
  });

  test('when the JSON has a prototype-polluting key, then 400 names it and nothing leaks into objects', async () => {
    const res = await postRaw('{"data":{"type":"service-accounts","attributes":{"name":"proto","__proto__":{"isAdmin":true}}}}', JSONAPI);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('authentication and privilege (401, 403)', () => {
  test('when no credentials are sent, then 401 with WWW-Authenticate in the JSON:API shape', async () => {
    const res = await jsonApi(t.http.get(`${api.base}/service-accounts`));
    expectErrors(res, 401, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });

  test('when the secret is wrong, then 401 and nothing is written', async () => {
    const before = await accountCount();
    const res = await v3Client(t, bearer(`${t.admin.secret.slice(0, -4)}AAAA`)).post(
      '/service-accounts',
      accountDocument({ name: 'Intruder' }),
    );
    expectErrors(res, 401, 'UNAUTHORIZED');
    expect(await accountCount()).toBe(before);
  });

  test('when a read-only account writes, then 403 on every write route and nothing changes; it may still read', async () => {
    const made = await t.http
      .post('/api/v2/service-accounts')
      .set(admin)
      .send({ name: 'Reader', scopes: ['service-accounts:read'] });
    const reader = v3Client(t, bearer(made.body.data.clientSecret));
    const id = t.admin.serviceAccountId;
    expect((await reader.get('/service-accounts')).status).toBe(200);
    expect((await reader.get(`/service-accounts/${id}?include=keys`)).status).toBe(200);
    const keysBefore = (await api.get(`/service-accounts/${id}/keys`)).body.data;
    const writes = [
      await reader.post('/service-accounts', accountDocument({ name: 'Not allowed' })),
      await reader.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { name: 'Hacked' } } }),
      await reader.delete(`/service-accounts/${id}`),
      await reader.post(`/service-accounts/${id}/keys`, { data: { type: 'service-account-keys' } }),
      await reader.patch(`/service-accounts/${id}/keys/${keysBefore[0].id}`, {
        data: { type: 'service-account-keys', id: keysBefore[0].id, attributes: { enabled: false } },
      }),
      await reader.delete(`/service-accounts/${id}/keys/${keysBefore[0].id}`),
    ];
    for (const res of writes) expectErrors(res, 403, 'FORBIDDEN');
    expect((await api.get(`/service-accounts/${id}`)).body.data.attributes).toMatchObject({ name: 'Default admin', enabled: true });
    expect((await api.get(`/service-accounts/${id}/keys`)).body.data).toEqual(keysBefore);
  });
});

describe('the organization in the path (404)', () => {
  test("when the path names another organization, then 404 on every route and that org's data is untouched", async () => {
    const other = await t.newOrg('Other org');
    const theirs = v3Client(t, bearer(other.secret), other.organizationId);
    const theirAccount = other.serviceAccountId;
    const intruder = v3Client(t, admin, other.organizationId);
    const calls = [
      await intruder.get('/service-accounts'),
      await intruder.post('/service-accounts', accountDocument({ name: 'Planted' })),
      await intruder.get(`/service-accounts/${theirAccount}`),
      await intruder.patch(`/service-accounts/${theirAccount}`, {
        data: { type: 'service-accounts', id: theirAccount, attributes: { enabled: false } },
      }),
      await intruder.delete(`/service-accounts/${theirAccount}`),
      await intruder.get(`/service-accounts/${theirAccount}/keys`),
      await intruder.post(`/service-accounts/${theirAccount}/keys`, { data: { type: 'service-account-keys' } }),
      await intruder.get(`/service-accounts/${theirAccount}/relationships/keys`),
    ];
    for (const res of calls) expectErrors(res, 404, 'NOT_FOUND');
    const list = await theirs.get('/service-accounts');
    expect(list.body.data.map((a: { attributes: { name: string; enabled: boolean } }) => a.attributes)).toEqual([
      expect.objectContaining({ name: 'Other org admin', enabled: true }),
    ]);
  });

  test("when the caller's own path names another org's account, then 404", async () => {
    const other = await t.newOrg('Third org');
    expectErrors(await api.get(`/service-accounts/${other.serviceAccountId}`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`/service-accounts/${other.serviceAccountId}/keys`), 404, 'NOT_FOUND');
  });

  test('when the org id in the path is malformed, then 404', async () => {
    expectErrors(await v3Client(t, admin, 'not-an-org').get('/service-accounts'), 404, 'NOT_FOUND');
  });
});

describe('routes, request ids and idempotency', () => {
  test.each([
    ['GET', '/nothing-here'],
    ['GET', '/service-accounts/x/y/z'],
  ])('when %s %s is not a route, then 404 in the JSON:API shape', async (method, path) => {
    const res = await jsonApi(t.http[method.toLowerCase() as 'get'](`${api.base}${path}`).set(admin));
    expectErrors(res, 404, 'NOT_FOUND');
  });

  // Issue 17: a path that exists, asked with a method it does not take, is 405 with Allow.
  test.each([
    ['PUT', '/service-accounts', 'POST, GET, HEAD'],
    ['POST', '/service-accounts/x/relationships/keys', 'GET, HEAD'],
  ])('when %s %s names a path with another method, then 405 with Allow in the JSON:API shape', async (method, path, allow) => {
    const res = await jsonApi(
      t.http[method.toLowerCase() as 'put'](`${api.base}${path}`).set(admin).set('Content-Type', JSONAPI).send('{}'),
    );
    expectErrors(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe(allow);
  });

  // `/v3/orgs` itself is a route since issue 26 (the caller's organisation); `/v3/orgs/x/iam` is not.
  test.each(['/v3', '/v3/whatever', '/v3/orgs/x/other', '/v3/orgs/x/iam', '/V3/orgs/x/iax/service-accounts'])(
    'when %s is under /v3 but not under the base path, then 404 in the JSON:API shape, with credentials or without',
    async (path) => {
      expectErrors(await jsonApi(t.http.get(path)), 404, 'NOT_FOUND');
      expectErrors(await jsonApi(t.http.post(path).set(admin).set('Content-Type', JSONAPI).send('{}')), 404, 'NOT_FOUND');
    },
  );

  test('when a path only starts like /v3, then the app answers it, not v3', async () => {
    const res = await t.http.get('/v3beta/orgs').set(admin);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('when X-Request-Id is sent, then it is echoed in the header and in meta.request_id, on success and on error', async () => {
    const ok = await api.get('/service-accounts', { 'X-Request-Id': 'trace-123' });
    expect(ok.headers['x-request-id']).toBe('trace-123');
    expect(ok.body.meta.request_id).toBe('trace-123');
    const failed = await api.get('/service-accounts/nope', { 'X-Request-Id': 'trace-456' });
    expect(failed.body.meta.request_id).toBe('trace-456');
  });

  test('when a POST is repeated with its Idempotency-Key, then the first 201 is replayed; with another body, then 409', async () => {
    const key = { 'Idempotency-Key': 'v3-create-once' };
    const first = await api.post('/service-accounts', accountDocument({ name: 'Once only' }), key);
    expect(first.status).toBe(201);
    const before = await accountCount();
    const again = await api.post('/service-accounts', accountDocument({ name: 'Once only' }), key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await accountCount()).toBe(before);
    expectErrors(await api.post('/service-accounts', accountDocument({ name: 'Twice' }), key), 409, 'CONFLICT');
    expect(await accountCount()).toBe(before);
  });
});
