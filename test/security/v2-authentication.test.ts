// Credentials: the secret's format and storage, the three header forms, and refusal on the next request.
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();

const list = '/api/v2/service-accounts';

test('when secrets are stored, then only bcrypt hashes of them are in the database', async () => {
  const made = await t.http.post(list).set(bearer(t.admin.secret)).send({ name: 'Hashed' });
  const secret = made.body.data.clientSecret as string;
  const keys = await t.query<{ secret_hash: string; secret_prefix: string }>(`SELECT secret_hash, secret_prefix FROM keys`);
  expect(keys.length).toBeGreaterThanOrEqual(2);
  for (const k of keys) expect(k.secret_hash).toMatch(/^\$2[aby]\$04\$/);
  const everything = JSON.stringify([
    await t.query('SELECT * FROM keys'),
    await t.query('SELECT * FROM service_accounts'),
    await t.query('SELECT * FROM organizations'),
  ]);
  for (const s of [secret, t.admin.secret]) {
    expect(everything).not.toContain(s);
    expect(everything).not.toContain(s.slice(12));
  }
});

test('when the secret is shown, then it carries 256 bits, the iamg_ prefix, its key id, a checksum and only URL-safe characters', async () => {
  const made = await t.http.post(list).set(bearer(t.admin.secret)).send({ name: 'Format' });
  const secret = made.body.data.clientSecret as string;
  expect(secret).toMatch(/^iamg_[A-Za-z0-9_-]{43}[0-9a-f]{32}[0-9A-Za-z]{6}$/);
  expect(secret.slice(-38, -6)).toBe(made.body.data.credentials[0].id.replace(/-/g, ''));
});

test.each([
  ['no header', {}],
  ['an unknown scheme', { Authorization: 'Token abc' }],
  ['an empty bearer', { Authorization: 'Bearer ' }],
  ['a made-up bearer', { Authorization: 'Bearer hello' }],
  ['a well-formed secret for no key', { Authorization: `Bearer iamg_${'A'.repeat(43)}${'0'.repeat(32)}` }],
  ['basic without a colon', { Authorization: `Basic ${Buffer.from('abc').toString('base64')}` }],
])('when the request has %s, then 401 with WWW-Authenticate in the v2 shape', async (_label, headers) => {
  const res = await t.http.get(list).set(headers);
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toMatch(/Basic realm="iamgate", Bearer realm="iamgate"/);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
});

test('when a right secret comes with a wrong secret or another client id, then 401', async () => {
  const wrong = t.admin.secret.slice(0, 10) + (t.admin.secret[10] === 'A' ? 'B' : 'A') + t.admin.secret.slice(11);
  expect((await t.http.get(list).set(bearer(wrong))).status).toBe(401);
  expect((await t.http.get(list).set(basic('0198f0a0-0000-7000-8000-000000000000', t.admin.secret))).status).toBe(401);
  expect((await t.http.get(list).set(basic(t.admin.clientId, wrong))).status).toBe(401);
});

test('when the same key is used many times, then bcrypt runs once for it in this process', async () => {
  const made = await t.http.post(list).set(bearer(t.admin.secret)).send({ name: 'Fast path', organizationalRole: 'Admin' });
  const secret = made.body.data.clientSecret;
  const verifier = t.running.runtime.verifier;
  const before = verifier.bcryptRuns;
  for (let i = 0; i < 5; i++) expect((await t.http.get(list).set(bearer(secret))).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await t.http.get(list).set(basic(made.body.data.clientId, secret))).status).toBe(200);
  expect(verifier.bcryptRuns - before).toBe(1);
});

test('when a key is used, then its lastUsedAt is set', async () => {
  const made = await t.http.post(list).set(bearer(t.admin.secret)).send({ name: 'Used', organizationalRole: 'Admin' });
  await t.http.get(list).set(bearer(made.body.data.clientSecret));
  const read = await t.http.get(`${list}/${made.body.data.id}`).set(bearer(t.admin.secret));
  expect(read.body.data.lastUsedAt).toEqual(expect.any(String));
  expect(read.body.data.credentials[0].lastUsedAt).toBe(read.body.data.lastUsedAt);
});

test('when a request id is sent, then it is echoed; when unsafe, then a fresh one is made', async () => {
  const ok = await t.http.get(list).set(bearer(t.admin.secret)).set('X-Request-Id', 'trace-123');
  expect(ok.headers['x-request-id']).toBe('trace-123');
  expect(ok.body.meta.requestId).toBe('trace-123');
  const bad = await t.http.get(list).set(bearer(t.admin.secret)).set('X-Request-Id', 'a b<script>');
  expect(bad.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
  const err = await t.http.get(list).set('X-Request-Id', 'err-1');
  expect(err.body.requestId).toBe('err-1');
});
