// Idempotency-Key on v2 POSTs: replays, conflicts, concurrency, and nothing stored in clear.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

const post = (key: string, body: object, auth = admin) =>
  t.http.post('/api/v2/service-accounts').set(auth).set('Idempotency-Key', key).send(body);
const countNamed = async (name: string) => (await t.query(`SELECT id FROM service_accounts WHERE name = '${name}'`)).length;

test('when a create is retried with the same key and body, then the first response (with its secret) is replayed and one account exists', async () => {
  const first = await post('k-1', { name: 'Once only' });
  expect(first.status).toBe(201);
  const again = await post('k-1', { name: 'Once only' });
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.headers.etag).toBe(first.headers.etag);
  expect(await countNamed('Once only')).toBe(1);
});

test('when the same key comes with a different body, then 409 and nothing is made', async () => {
  expect((await post('k-2', { name: 'First body' })).status).toBe(201);
  const res = await post('k-2', { name: 'Second body' });
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('CONFLICT');
  expect(await countNamed('Second body')).toBe(0);
});

test('when 10 requests with one key race, then one account is made and all get the same answer', async () => {
  const results = await Promise.all(Array.from({ length: 10 }, () => post('k-race', { name: 'Raced once' })));
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
  const ids = new Set(results.map((r) => r.body.data.id));
  expect(ids.size).toBe(1);
  expect(await countNamed('Raced once')).toBe(1);
});

test('when responses are stored, then no secret is in the database in clear', async () => {
  const res = await post('k-secret', { name: 'Sealed' });
  const rows = JSON.stringify(await t.query('SELECT * FROM idempotency_records'));
  expect(rows).not.toContain(res.body.data.clientSecret);
  expect(rows).not.toContain('Sealed');
});

test('when another account uses the same key, then it is a separate request', async () => {
  const other = await post('k-shared', { name: 'Writer', organizationalRole: 'Admin' });
  const writer = bearer(other.body.data.clientSecret);
  const res = await post('k-shared', { name: 'Made by writer' }, writer);
  expect(res.status).toBe(201);
  expect(res.body.data.name).toBe('Made by writer');
});

test('when the first attempt was refused, then the retry replays the refusal and nothing is made', async () => {
  const first = await post('k-bad', { name: '' });
  expect(first.status).toBe(400);
  const again = await post('k-bad', { name: '' });
  expect(again.status).toBe(400);
  expect(again.body.errors).toEqual(first.body.errors);
});

test('when the key is not 1–255 visible characters, then 400 and nothing is made', async () => {
  const res = await post('x'.repeat(256), { name: 'Long key' });
  expect(res.status).toBe(400);
  expect(res.body.errors['Idempotency-Key']).toBeDefined();
  expect(await countNamed('Long key')).toBe(0);
});

test('when a credential is created with a key, then a retry replays the same secret and makes no second credential', async () => {
  const made = await post('k-acct', { name: 'Has creds' });
  const path = `/api/v2/service-accounts/${made.body.data.id}/credentials`;
  const a = await t.http.post(path).set(admin).set('Idempotency-Key', 'cred-1').send({});
  const b = await t.http.post(path).set(admin).set('Idempotency-Key', 'cred-1').send({});
  expect(b.body.data.clientSecret).toBe(a.body.data.clientSecret);
  expect((await t.http.get(path).set(admin)).body.data).toHaveLength(2);
});
