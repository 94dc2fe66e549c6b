// Bad input in the v2 shape: malformed JSON, wrong media types, oversized bodies — never a 500, nothing written.
import { useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

const count = async () => (await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM service_accounts'))[0].n;

const problem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    code,
    instance: expect.any(String),
    requestId: expect.any(String),
    timestamp: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
};

test.each([
  ['{"name": "x"', 'truncated'],
  ["{'name': 'x'}", 'single quotes'],
  ['', 'empty with a length'],
])('when the body is malformed JSON (%s → %s), then 400 BAD_REQUEST and nothing is written', async (raw) => {
  const before = await count();
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .set('Content-Type', 'application/json')
    .send(raw || ' ');
  problem(res, 400, 'BAD_REQUEST');
  expect(await count()).toEqual(before);
});

test.each(['null', '[]', '"name"', '42'])('when the body is the JSON value %s, then 400 and nothing is written', async (raw) => {
  const before = await count();
  const res = await t.http.post('/api/v2/service-accounts').set(auth).set('Content-Type', 'application/json').send(raw);
  problem(res, 400, 'VALIDATION_ERROR');
  expect(await count()).toEqual(before);
});

test.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/vnd.api+json'])(
  'when the body is sent as %s, then 415 and nothing is written',
  async (type) => {
    const before = await count();
    const res = await t.http.post('/api/v2/service-accounts').set(auth).set('Content-Type', type).send('{"name":"typed"}');
    problem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await count()).toEqual(before);
  },
);

test('when the body is over 64 KiB, then 413 and nothing is written', async () => {
  const before = await count();
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'big', description: 'x'.repeat(70 * 1024) });
  problem(res, 413, 'PAYLOAD_TOO_LARGE');
  expect(await count()).toEqual(before);
});

test('when the body is just under 64 KiB but invalid, then 400 (not 413)', async () => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'big', description: 'x'.repeat(60 * 1024) });
  problem(res, 400, 'VALIDATION_ERROR');
});

test('when the charset is not UTF-8, then 415', async () => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .set('Content-Type', 'application/json; charset=latin-9')
    .send('{"name":"x"}');
  problem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
});

test('when a route does not exist under /api/v2, then 404 in the v2 shape', async () => {
  const res = await t.http.get('/api/v2/nothing-here').set(auth);
  problem(res, 404, 'NOT_FOUND');
});

test('when the JSON has a prototype-polluting key, then it is refused as an unknown field', async () => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .set('Content-Type', 'application/json')
    .send('{"name":"proto","__proto__":{"isAdmin":true}}');
  expect([400]).toContain(res.status);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

test('when /healthz and /readyz are asked, then both answer 200 while the database is up', async () => {
  expect((await t.http.get('/healthz')).body).toEqual({ status: 'ok' });
  const ready = await t.http.get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body.database).toBe('ok');
});
