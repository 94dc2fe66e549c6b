// Issue 25, item 4: a valid credential is not refused because others failed from the same address
// (a NAT, a proxy without TRUST_PROXY, a CI fleet). The failing credential is throttled; a credential
// that has not failed from the address is still checked, within the address's bcrypt budget (twice
// the failure limit a minute), and passes when right. The shared address here is 127.0.0.2 (a
// loopback address of its own on Linux; 127.0.0.3 and .4 in the next tests).
import { Agent } from 'node:http';
import request from 'supertest';
import { reserveAttempt, type Attempt } from '../../src/auth/failure-budget';
import { RateLimiter } from '../../src/auth/rate-limiter';
import { forgedSecret, keyHexOf } from '../support/secrets';
import { awayFromMinuteBoundary, basic, bearer, startTestServer, type Credentials, type TestServer } from '../support/server';

const LIMIT = 20;
// One shared address per test: a window's counts would carry from one test to the next.
const natAgents = ['127.0.0.2', '127.0.0.3', '127.0.0.4'].map((localAddress) => new Agent({ localAddress, keepAlive: true }));
let natAgent = natAgents[0];
afterAll(() => natAgents.forEach((a) => a.destroy()));

/** A secret with `victim`'s real key id and a random part of its own. */
const forgedFor = (victim: Credentials) => forgedSecret(keyHexOf(victim.secret));
/** A secret of the right shape whose key id exists nowhere. */
const unknownKey = () => forgedSecret();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ rateLimits: { authFailuresPerMinute: LIMIT, tokenRequestsPerMinute: 10_000 } });
});
afterAll(async () => {
  await t.close();
});
// Counts live in one-minute windows: each test runs within one.
beforeEach(() => awayFromMinuteBoundary(15_000), 20_000);

const fromNat = () => {
  const base = request(`http://127.0.0.1:${t.running.port}`);
  return {
    get: (path: string) => base.get(path).agent(natAgent),
    post: (path: string) => base.post(path).agent(natAgent),
  };
};
const list = (headers: Record<string, string>) => fromNat().get('/api/v2/service-accounts').set(headers);
const tokenFor = (clientId: string, secret: string) =>
  fromNat().post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' });

async function statusesOf(n: number, send: () => PromiseLike<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

test('when one client failed past the limit from an address, then a valid credential never verified by this process passes from that address, and the failing one gets 429', async () => {
  const misconfigured = await t.newOrg('Misconfigured client');
  const neighbour = await t.newOrg('Neighbour behind the same NAT');
  const verifier = t.running.runtime.verifier;
  const runsBefore = verifier.bcryptRuns;

  const failing = await statusesOf(LIMIT + 5, () => list(bearer(forgedFor(misconfigured))));
  expect(failing).toEqual([...Array(LIMIT).fill(401), ...Array(5).fill(429)]);
  // The five over the limit ran no bcrypt.
  expect(verifier.bcryptRuns - runsBefore).toBe(LIMIT);

  // The neighbour's secret has never been checked by this process: it costs bcrypt, and passes.
  expect((await list(bearer(neighbour.secret))).status).toBe(200);
  // So does a key made after the failures, through Basic and through the token endpoint.
  const late = await t.newOrg('Made after the failures');
  expect((await list(basic(late.clientId, late.secret))).status).toBe(200);
  const other = await t.newOrg('Token client behind the NAT');
  const token = await tokenFor(other.clientId, other.secret);
  expect(token.status).toBe(200);
  expect((await list(bearer(token.body.access_token))).status).toBe(200);

  // The failing credential stays throttled, in each dialect's shape.
  const v2 = await list(bearer(forgedFor(misconfigured)));
  expect(v2.status).toBe(429);
  expect(v2.body.code).toBe('RATE_LIMITED');
  expect(Number(v2.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  const v3 = await fromNat()
    .get(`/v3/orgs/${misconfigured.organizationId}/iam/service-accounts`)
    .set(bearer(forgedFor(misconfigured)));
  expect(v3.status).toBe(429);
  expect(v3.body.errors[0].status).toBe('429');
  const oauth = await tokenFor(misconfigured.clientId, forgedFor(misconfigured));
  expect(oauth.status).toBe(429);
  expect(oauth.body.error).toBe('slow_down');
  expect(Number(oauth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  // Past the limit, nothing more of the misconfigured client's ran bcrypt; each neighbour's one check did.
  expect(verifier.bcryptRuns - runsBefore).toBe(LIMIT + 3);
});

test('when an address keeps failing with credential after credential, then it is refused everything that needs bcrypt at twice the limit, while credentials this process verified still pass', async () => {
  natAgent = natAgents[1];
  const known = await t.newOrg('Verified before the flood');
  expect((await list(bearer(known.secret))).status).toBe(200);
  const verifier = t.running.runtime.verifier;
  const runsBefore = verifier.bcryptRuns;

  // A fresh key id each time: past the first LIMIT failures, each is a credential that has not failed
  // from here, checked until the address has failed twice the limit.
  const statuses = await statusesOf(2 * LIMIT + 5, () => list(bearer(unknownKey())));
  expect(statuses).toEqual([...Array(2 * LIMIT).fill(401), ...Array(5).fill(429)]);
  expect(verifier.bcryptRuns - runsBefore).toBe(2 * LIMIT);

  // The ceiling holds for a right secret that would need bcrypt too, until the window ends.
  const unverified = await t.newOrg('Not verified yet');
  const refused = await list(bearer(unverified.secret));
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(verifier.bcryptRuns - runsBefore).toBe(2 * LIMIT);
  // A credential this process verified needs no bcrypt and passes.
  expect((await list(bearer(known.secret))).status).toBe(200);
  // From another address the unverified one passes.
  expect((await t.http.get('/api/v2/service-accounts').set(bearer(unverified.secret))).status).toBe(200);
});

test('when a client keeps sending a bad access token from an address, then it gets 429 past the limit, uncounted, and the others behind the address still pass', async () => {
  natAgent = natAgents[2];
  const badToken = bearer(`iamgt_${'A'.repeat(43)}${'0'.repeat(32)}`);
  const statuses = await statusesOf(3 * LIMIT, () => list(badToken));
  expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(2 * LIMIT).fill(429)]);
  // Refused, it was not counted again: the address has failed LIMIT times, not three times that,
  // so clients that have not failed are still checked.
  const neighbour = await t.newOrg('Neighbour of the stale token');
  expect((await list(bearer(neighbour.secret))).status).toBe(200);
  const other = await t.newOrg('Another neighbour');
  expect((await list(basic(other.clientId, other.secret))).status).toBe(200);
});

test('when two processes check secrets from one address at once, then attempts in flight in one count in the other, and a success gives its count back', async () => {
  const limits = { authFailuresPerMinute: LIMIT, tokenRequestsPerMinute: 10_000 };
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  const a = new RateLimiter(t.running.runtime.store, clock, limits, { flushMs: 60_000 });
  const b = new RateLimiter(t.running.runtime.store, clock, limits, { flushMs: 60_000 });
  const outcome = (p: Promise<Attempt>) =>
    p.then(
      (attempt) => attempt,
      (e: { code?: string }) => e.code,
    );
  try {
    const subjects = a.subjects('192.0.2.25', 'shared-client');
    // Sixteen checks under way in a (none has failed yet): the last few, near the limit, are written at once.
    const inA: Attempt[] = [];
    for (let i = 0; i < 16; i++) inA.push(await reserveAttempt(a, subjects));
    expect(inA.map((x) => x.lane)).toEqual(['clean', ...Array(15).fill('suspect')]);
    // b sees them: four more, then the client is refused from that address.
    for (let i = 0; i < 4; i++) expect(typeof (await outcome(reserveAttempt(b, subjects)))).toBe('object');
    expect(await outcome(reserveAttempt(b, subjects))).toBe('RATE_LIMITED');
    // Two of a's succeed: their counts go back, and b, on its next read (within a second), may check two more.
    inA[0].release();
    inA[1].release();
    inA[1].release(); // once only
    await a.flush();
    now += 1_500;
    for (let i = 0; i < 2; i++) expect(typeof (await outcome(reserveAttempt(b, subjects)))).toBe('object');
    expect(await outcome(reserveAttempt(b, subjects))).toBe('RATE_LIMITED');
    // Another client from the address has not failed: checked, last in line.
    const other = await outcome(reserveAttempt(b, b.subjects('192.0.2.25', 'other-client')));
    expect(other).toMatchObject({ lane: 'over-limit' });
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
