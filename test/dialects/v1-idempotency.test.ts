// Idempotency-Key on v1 POSTs: a retry replays the first status and body (a key's secret included),
// the same key with another body is a 409 in the v1 shape, and nothing is made twice.
import { useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

const post = (path: string, key: string, body: object) => t.http.post(`/v1${path}`).set(admin).set('Idempotency-Key', key).send(body);
const countNamed = async (name: string) => (await t.query(`SELECT id FROM service_accounts WHERE name = '${name}'`)).length;

test('when an account create is retried with the same key and body, then the first envelope is replayed and one account exists', async () => {
  const first = await post('/service-accounts', 'v1-k1', { name: 'Once via v1', permissions: [] });
  expect(first.status).toBe(200);
  const again = await post('/service-accounts', 'v1-k1', { name: 'Once via v1', permissions: [] });
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(again.headers.etag).toBe(first.headers.etag);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(await countNamed('Once via v1')).toBe(1);
});

test('when the same key comes with a different body, then 409 in the v1 shape and nothing is made', async () => {
  expect((await post('/service-accounts', 'v1-k2', { name: 'First v1 body', permissions: [] })).status).toBe(200);
  const res = await post('/service-accounts', 'v1-k2', { name: 'Second v1 body', permissions: [] });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: 409, data: null, message: expect.any(String), requestId: res.headers['x-request-id'] });
  expect(await countNamed('Second v1 body')).toBe(0);
});

test('when an api key create is retried, then the same secret comes back and no second key is made', async () => {
  const id = (await post('/service-accounts', 'v1-k3', { name: 'Key retry', permissions: [] })).body.data.id;
  const a = await post('/api-keys', 'v1-key-1', { serviceAccountId: id, name: 'retried' });
  const b = await post('/api-keys', 'v1-key-1', { serviceAccountId: id, name: 'retried' });
  expect(a.status).toBe(200);
  expect(b.body.data).toEqual(a.body.data);
  expect(JSON.stringify(await t.query('SELECT * FROM idempotency_records'))).not.toContain(a.body.data.key);
  const listed = await t.http.get(`/v1/api-keys?serviceAccountId=${id}`).set(admin);
  expect(listed.body.data.items.map((k: { id: string }) => k.id)).toEqual([a.body.data.id]);
});

test('when the first attempt was refused, then the retry replays the refusal with its field errors', async () => {
  const first = await post('/service-accounts', 'v1-bad', { name: '' });
  expect(first.status).toBe(400);
  const again = await post('/service-accounts', 'v1-bad', { name: '' });
  expect(again.status).toBe(400);
  expect(again.body.errors).toEqual(first.body.errors);
});

test('when the Idempotency-Key is not 1–255 visible characters, then 400 names it in the v1 shape and nothing is made', async () => {
  const res = await post('/service-accounts', 'x'.repeat(256), { name: 'Long v1 key', permissions: [] });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 400, data: null, errors: [{ field: 'Idempotency-Key', message: expect.any(String) }] });
  expect(await countNamed('Long v1 key')).toBe(0);
});
