// Issue 12: knowing a client id must not let anyone lock that client out, and failures are counted
// in memory and flushed in batches instead of costing a database write each. The attacker sends
// from 127.0.0.2 (a loopback address of its own on Linux), the victim from 127.0.0.1.
import { Agent } from 'node:http';
import request from 'supertest';
import { RateLimiter, type RateLimits } from '../../src/auth/rate-limiter';
import { awayFromMinuteBoundary, basic, bearer, startTestServer, type Credentials, type TestServer } from '../support/server';

// Counts live in one-minute windows: start each test well inside one.
beforeEach(() => awayFromMinuteBoundary(10_000), 20_000);

const DEFAULTS: RateLimits = { authFailuresPerMinute: 20, tokenRequestsPerMinute: 600 };
const attackerAgent = new Agent({ localAddress: '127.0.0.2', keepAlive: true });
afterAll(() => attackerAgent.destroy());

const fromAttacker = (t: TestServer) => {
  const base = request(`http://127.0.0.1:${t.running.port}`);
  return {
    get: (path: string) => base.get(path).agent(attackerAgent),
    post: (path: string) => base.post(path).agent(attackerAgent),
  };
};
const wrongSecret = `iamg_${'A'.repeat(43)}${'0'.repeat(32)}`;
const tokenRequest = (http: { post: (p: string) => request.Test }, clientId: string, secret: string) =>
  http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' });

/** Sends `n` requests, a few at a time, and returns their statuses. */
async function flood(n: number, send: () => PromiseLike<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 10)
    statuses.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, send))).map((r) => r.status));
  return statuses;
}

/** Counts what the rate limiter writes: its transactions and its upserts into rate_limits. */
function countWrites(t: TestServer) {
  const store = t.running.runtime.store;
  const transactions = jest.spyOn(store, 'transaction');
  const queries = jest.spyOn(store.dataSource, 'query');
  return {
    transactions: () => transactions.mock.calls.length,
    upserts: () => queries.mock.calls.filter(([sql]) => /^\s*INSERT INTO rate_limits/i.test(String(sql))).length,
    restore: () => {
      transactions.mockRestore();
      queries.mockRestore();
    },
  };
}

describe("an attacker who knows the victim's client id", () => {
  let t: TestServer;
  let victim: Credentials;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: DEFAULTS });
    victim = await t.newOrg('Victim org'); // its key has not been used yet, so it needs bcrypt (and the limit check)
  });
  afterAll(async () => {
    await t.close();
  });

  test('when it floods bad Basic logins, then it is 429 itself and the victim still gets 200 from its own address', async () => {
    const statuses = await flood(40, () => fromAttacker(t).get('/api/v2/service-accounts').set(basic(victim.clientId, wrongSecret)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(DEFAULTS.authFailuresPerMinute);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));

    expect((await t.http.get('/api/v2/service-accounts').set(basic(victim.clientId, victim.secret))).status).toBe(200);
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(victim.secret))).status).toBe(200);
    // The attacker's address stays blocked, whatever it sends.
    const again = await fromAttacker(t).get('/api/v2/service-accounts').set(basic(victim.clientId, wrongSecret));
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('when it sends more bad token requests than the token limit, then the victim still gets tokens', async () => {
    const statuses = await flood(DEFAULTS.tokenRequestsPerMinute + 5, () => tokenRequest(fromAttacker(t), victim.clientId, wrongSecret));
    expect(statuses.slice(-5)).toEqual(Array(5).fill(429));
    const mine = await tokenRequest(t.http, victim.clientId, victim.secret);
    expect(mine.status).toBe(200);
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(mine.body.access_token))).status).toBe(200);
    const theirs = await tokenRequest(fromAttacker(t), victim.clientId, victim.secret);
    expect(theirs.status).toBe(429);
    expect(theirs.body.error).toBe('slow_down');
  });
});

describe('a clean address', () => {
  test('when another address used up its failures for the same client id, then a first-time right secret from the clean one is not throttled', async () => {
    const t = await startTestServer({ rateLimits: { authFailuresPerMinute: 2, tokenRequestsPerMinute: 3 } });
    try {
      const victim = await t.newOrg('Fresh victim');
      await flood(5, () => fromAttacker(t).get('/api/v2/service-accounts').set(basic(victim.clientId, wrongSecret)));
      await flood(5, () => tokenRequest(fromAttacker(t), victim.clientId, victim.secret));
      expect((await tokenRequest(t.http, victim.clientId, victim.secret)).status).toBe(200);
      expect((await t.http.get('/api/v2/service-accounts').set(basic(victim.clientId, victim.secret))).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('failures cost no write each', () => {
  test('when 200 failures arrive, then the counter writes are a few batches, not 200', async () => {
    const t = await startTestServer({ rateLimits: { authFailuresPerMinute: 1_000_000, tokenRequestsPerMinute: 1_000_000 } });
    try {
      const writes = countWrites(t);
      const started = Date.now();
      const statuses = await flood(200, () =>
        fromAttacker(t)
          .get('/api/v2/service-accounts')
          .set(bearer(`iamgt_${'A'.repeat(43)}${'0'.repeat(32)}`)),
      );
      const elapsed = Date.now() - started;
      expect(statuses).toEqual(Array(200).fill(401));
      // At most one flush per 250 ms window (plus the one running when the flood ends).
      const bound = Math.ceil(elapsed / 250) + 1;
      expect(writes.transactions()).toBeLessThanOrEqual(bound);
      expect(writes.upserts()).toBeLessThanOrEqual(bound);
      writes.restore();
    } finally {
      await t.close();
    }
  });

  test('when failures pass a small limit, then only the last few before it are written one by one', async () => {
    const t = await startTestServer({ rateLimits: DEFAULTS });
    try {
      const writes = countWrites(t);
      const started = Date.now();
      const statuses = await flood(200, () => fromAttacker(t).get('/api/v2/service-accounts').set(bearer(wrongSecret)));
      const elapsed = Date.now() - started;
      expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULTS.authFailuresPerMinute);
      expect(statuses.slice(-100)).toEqual(Array(100).fill(429));
      // The five counts just below the limit are written through; the rest go in the timed batches.
      expect(writes.upserts()).toBeLessThanOrEqual(5 + Math.ceil(elapsed / 250) + 1);
      writes.restore();
    } finally {
      await t.close();
    }
  });
});

describe('the limiter itself, on the test database', () => {
  let t: TestServer;
  const clock = { now: () => new Date() };
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  test('when 200 hits far from the limit arrive within one flush window, then nothing is written until the flush, which is one statement', async () => {
    const limiter = new RateLimiter(
      t.running.runtime.store,
      clock,
      { authFailuresPerMinute: 10_000, tokenRequestsPerMinute: 10_000 },
      { flushMs: 60_000 },
    );
    const writes = countWrites(t);
    for (let i = 0; i < 200; i++) await limiter.hit('auth-failure', limiter.subjects('192.0.2.1', 'far-from-limit'));
    expect(writes.upserts()).toBe(0);
    await limiter.close();
    expect(writes.upserts()).toBe(1);
    const rows = await t.query<{ count: number | string }>(
      "SELECT count FROM rate_limits WHERE bucket LIKE 'auth-failure:addr:192.0.2.1%'",
    );
    expect(rows.map((r) => Number(r.count))).toEqual([200, 200]);
    writes.restore();
  });

  test('when 200 hits pass the limit, then only the five below it are written one by one, the rest in the flush', async () => {
    const limiter = new RateLimiter(t.running.runtime.store, clock, DEFAULTS, { flushMs: 60_000 });
    const writes = countWrites(t);
    const refused = [];
    for (let i = 0; i < 200; i++)
      refused.push(
        await limiter.hit('auth-failure', limiter.subjects('192.0.2.2', 'over')).then(
          () => false,
          () => true,
        ),
      );
    expect(refused.filter((r) => !r)).toHaveLength(DEFAULTS.authFailuresPerMinute);
    expect(writes.upserts()).toBe(5);
    await limiter.close();
    expect(writes.upserts()).toBe(6);
    const rows = await t.query<{ count: number | string }>(
      "SELECT count FROM rate_limits WHERE bucket LIKE 'auth-failure:addr:192.0.2.2%'",
    );
    expect(rows.map((r) => Number(r.count))).toEqual([200, 200]);
    writes.restore();
  });

  test('when two processes count against one limit, then the limit holds exactly near it', async () => {
    const limits = { authFailuresPerMinute: 20, tokenRequestsPerMinute: 20 };
    const a = new RateLimiter(t.running.runtime.store, clock, limits, { flushMs: 60_000 });
    const b = new RateLimiter(t.running.runtime.store, clock, limits, { flushMs: 60_000 });
    const subjects = a.subjects('192.0.2.3', 'shared');
    const outcome = (p: Promise<void>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    // Fifteen far from the limit stay in a's memory until the sixteenth, which writes them all.
    for (let i = 0; i < 16; i++) expect(await outcome(a.hit('token', subjects))).toBe('ok');
    // b learns them on its first look, and writes each of the last counts before answering.
    for (let i = 0; i < 4; i++) expect(await outcome(b.hit('token', subjects))).toBe('ok');
    expect(await outcome(b.hit('token', subjects))).toBe('RATE_LIMITED');
    expect(await outcome(a.check('token', subjects))).toBe('RATE_LIMITED');
    expect(await outcome(a.hit('token', subjects))).toBe('RATE_LIMITED');
    await Promise.all([a.close(), b.close()]);
  });

  test('when many clients authenticate without failing, then their zero counts are forgotten after a refresh period, and counts that are not zero are kept', async () => {
    await awayFromMinuteBoundary(10_000);
    let now = Date.now();
    const frozen = { now: () => new Date(now) };
    const limiter = new RateLimiter(
      t.running.runtime.store,
      frozen,
      { authFailuresPerMinute: 3, tokenRequestsPerMinute: 600 },
      { flushMs: 60_000 },
    );
    const failing = limiter.subjects('198.51.100.1', 'failing');
    for (let i = 0; i < 3; i++) await limiter.hit('auth-failure', failing);
    await limiter.flush();
    for (let i = 0; i < 50; i++) await limiter.check('auth-failure', limiter.subjects('198.51.100.2', `client-${i}`));
    // The failing client's two buckets, the address of the fifty and each of theirs.
    expect(limiter.rememberedBuckets).toBe(53);
    now += 1_500;
    await limiter.check('auth-failure', limiter.subjects('198.51.100.3', 'late'));
    // The failing client's two (3 each) and the two zeros just read for the late one.
    expect(limiter.rememberedBuckets).toBe(4);
    await expect(limiter.check('auth-failure', failing)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // A forgotten zero is read again when next needed, and still decides nothing.
    await expect(limiter.check('auth-failure', limiter.subjects('198.51.100.2', 'client-0'))).resolves.toBeUndefined();
    await limiter.close();
  });
});
