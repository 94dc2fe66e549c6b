// Issue 30, item 3: POST /credentials/revoke. Anyone who finds a leaked secret can kill it: no
// authentication, at most 100 strings, and the same `202 {}` whatever was valid, so the answer reveals
// nothing. Each live secret's key is revoked (reason `leaked`, audited as `public-revocation`); a bad
// checksum costs nothing; every other string is checked like a failed authentication, within the
// sender's address's budget (429 beyond, nothing revoked) and the process's bcrypt gate.
import { randomUUID } from 'node:crypto';
import { formatSecret } from '../../src/auth/secret-format';
import { awayFromMinuteBoundary, basic, bearer, startTestServer, useTestServer, type TestServer } from '../support/server';

const t = useTestServer();
const PATH = '/credentials/revoke';
const revoke = (credentials: unknown, server: TestServer = t) => server.http.post(PATH).send({ credentials });
const works = async (secret: string, server: TestServer = t) => (await server.http.get('/v1/whoami').set(bearer(secret))).status;

async function newAccount(name: string, server: TestServer = t) {
  const res = await server.http
    .post('/api/v2/service-accounts')
    .set(bearer(server.admin.secret))
    .send({ name, scopes: ['service-accounts:read'] });
  return res.body.data as { id: string; clientId: string; clientSecret: string; credentials: { id: string }[] };
}

test('when a live secret is sent, then 202 {} and its key is revoked as leaked, with its tokens, audited as a public revocation', async () => {
  const leaked = await newAccount('Pasted in a chat');
  const token = (
    await t.http
      .post('/oauth2/token')
      .set(basic(leaked.clientId, leaked.clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' })
  ).body.access_token as string;
  expect(await works(token)).toBe(200);

  const res = await revoke([leaked.clientSecret]).set('User-Agent', 'good-samaritan/1.0');
  expect(res.status).toBe(202);
  expect(res.body).toEqual({});
  expect(res.headers['cache-control']).toBe('no-store');
  expect(await works(leaked.clientSecret)).toBe(401);
  expect(await works(token)).toBe(401);

  const keyId = leaked.credentials[0].id;
  const credential = (await t.http.get(`/api/v2/service-accounts/${leaked.id}/credentials/${keyId}`).set(t.adminBearer)).body.data;
  expect(credential).toMatchObject({ status: 'Revoked', revokedReason: 'leaked' });
  const events = (await t.http.get(`/api/v2/service-accounts/${leaked.id}/audit-events`).set(t.adminBearer)).body.data;
  expect(events.find((e: { action: string }) => e.action === 'key.revoke')).toMatchObject({
    actorType: 'public-revocation',
    actorId: null,
    targetId: keyId,
    userAgent: 'good-samaritan/1.0',
    changes: { revokedReason: 'leaked' },
  });
  const v3 = await t.http.get('/v3/audit-events').query({ 'filter[resource.id]': keyId, 'filter[operation]': 'revoke' }).set(t.adminBearer);
  expect(v3.body.data[0].attributes.principal).toEqual({ type: 'public-revocation', id: null });
  expect(v3.body.data[0].attributes.context.report).toBeUndefined();
});

test('when the strings are valid or not, then the answer is the same: 202 {}, and only the live secret is revoked', async () => {
  const live = await newAccount('Live among noise');
  const bystander = await newAccount('Bystander');
  const invalid = await revoke(['iamg_hello', formatSecret(randomUUID()), bystander.clientSecret.slice(0, -1) + '0', 'anything']);
  const valid = await revoke([live.clientSecret, 'iamg_hello']);
  for (const res of [invalid, valid]) {
    expect([res.status, res.text, res.headers['content-type']]).toEqual([202, '{}', 'application/json; charset=utf-8']);
  }
  expect(await works(live.clientSecret)).toBe(401);
  expect(await works(bystander.clientSecret)).toBe(200);
  // Sent again, a revoked secret changes nothing and still answers the same.
  expect((await revoke([live.clientSecret])).status).toBe(202);
});

test("when an organization's only Admin key is sent, then it is revoked all the same (recovery: iamgate admin create)", async () => {
  const other = await t.newOrg('Leaky organization');
  expect((await revoke([other.secret])).status).toBe(202);
  expect(await works(other.secret)).toBe(401);
});

test('when the strings have bad checksums, then no bcrypt runs and they are counted', async () => {
  const live = await newAccount('Typos only');
  const metric = async () =>
    Number(/^iamgate_secret_checksum_failures_total\{where="public-revocation"\} (\d+)$/m.exec((await t.http.get('/metrics')).text)?.[1]);
  const before = await metric();
  const runs = t.running.runtime.verifier.bcryptRuns;
  expect((await revoke([live.clientSecret.slice(0, -2) + 'zz', live.clientSecret.slice(0, -1) + 'Z'])).status).toBe(202);
  expect(t.running.runtime.verifier.bcryptRuns).toBe(runs);
  expect((await metric()) - before).toBe(2);
  expect(await works(live.clientSecret)).toBe(200);
});

test.each([
  ['more than 100 strings', () => revoke(Array.from({ length: 101 }, () => 'iamg_x'))],
  ['no strings', () => revoke([])],
  ['not strings', () => revoke([42])],
  ['no credentials member', () => t.http.post(PATH).send({ secrets: ['iamg_x'] })],
  ['another member beside it', () => t.http.post(PATH).send({ credentials: ['iamg_x'], reason: 'leaked' })],
  ['a string far longer than a secret', () => revoke(['iamg_' + 'A'.repeat(2000)])],
  ['malformed JSON', () => t.http.post(PATH).set('Content-Type', 'application/json').send('{"credentials": [')],
])('when the body has %s, then 400 invalid_request', async (_what, send) => {
  const res = await send();
  expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
});

test('when the body is not JSON, then 415; when it is over 64 KiB, then 413', async () => {
  expect((await t.http.post(PATH).type('form').send({ credentials: 'iamg_x' })).status).toBe(415);
  expect(
    (
      await t.http
        .post(PATH)
        .set('Content-Type', 'application/json')
        .send(`{"credentials": ["${'a'.repeat(70_000)}"]}`)
    ).status,
  ).toBe(413);
});

describe('the per-address budget', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ rateLimits: { authFailuresPerMinute: 3, tokenRequestsPerMinute: 10_000 } });
  });
  afterAll(async () => {
    await strict.close();
  });
  beforeEach(() => awayFromMinuteBoundary(20_000), 30_000);

  test('when one request names more well-formed strings than the address may fail, then 429 and nothing is revoked', async () => {
    const live = await newAccount('Named last', strict);
    const unknown = Array.from({ length: 5 }, () => formatSecret(randomUUID()));
    const res = await revoke([...unknown, live.clientSecret], strict);
    expect([res.status, res.body.error]).toEqual([429, 'rate_limited']);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(await works(live.clientSecret, strict)).toBe(200);
  });
});
