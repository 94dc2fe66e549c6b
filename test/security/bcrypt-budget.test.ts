// Issue 25, item 3: failed authentication costs a bounded amount of bcrypt. Concurrent forged secrets
// (a real key id, a wrong random part) all passed the failure check before any of them had failed:
// 300 at once from one address ran bcrypt 300 times, and a key creation waited behind them. Now an
// attempt reserves its address's failure budget before bcrypt runs, and the process runs a bounded
// number of checks of presented secrets at once, the addresses with nothing failed first.
// The attacker sends from 127.0.0.2 (a loopback address of its own on Linux), the others from 127.0.0.1.
import { Agent } from 'node:http';
import request from 'supertest';
import { forgedSecret, keyHexOf } from '../support/secrets';
import { awayFromMinuteBoundary, bearer, startTestServer, type Credentials, type TestServer } from '../support/server';

const LIMIT = 20;
const FLOOD = 300;
const attackerAgent = new Agent({ localAddress: '127.0.0.2', keepAlive: true });
afterAll(() => attackerAgent.destroy());

/** A secret with `victim`'s real key id and a random part of its own: the shape of a real one, never valid. */
const forgedFor = (victim: Credentials) => forgedSecret(keyHexOf(victim.secret));

// Each test floods from addresses of its own, so one server serves both.
let t: TestServer;
beforeAll(async () => {
  // The real cost: bcrypt must take long enough for a flood of it to be felt by others.
  t = await startTestServer({ bcryptCost: 10, rateLimits: { authFailuresPerMinute: LIMIT, tokenRequestsPerMinute: 10_000 } });
}, 30_000);
afterAll(async () => {
  await t.close();
});
beforeEach(() => awayFromMinuteBoundary(20_000), 30_000);

/** bcrypt runs so far by operation, from /metrics (`iamgate_bcrypt_duration_seconds`'s counts). */
async function bcryptRuns(t: TestServer): Promise<Record<'hash' | 'verify' | 'decoy', number>> {
  const text = (await t.http.get('/metrics')).text;
  const count = (op: string) =>
    Number(new RegExp(`^iamgate_bcrypt_duration_seconds_count\\{operation="${op}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hash: count('hash'), verify: count('verify'), decoy: count('decoy') };
}

/** Checks of the suspect lane refused so far, by reason, from /metrics. */
async function suspectRefusals(t: TestServer): Promise<Record<'full' | 'timeout', number>> {
  const text = (await t.http.get('/metrics')).text;
  const count = (reason: string) =>
    Number(new RegExp(`^iamgate_bcrypt_queue_refusals_total\\{lane="suspect",reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
  return { full: count('full'), timeout: count('timeout') };
}

describe('300 concurrent forged secrets from one address', () => {
  test('when they arrive at once, then bcrypt runs at most the address budget, the rest get 429 without it, and neither a key creation nor a first verification from elsewhere waits for the flood', async () => {
    const victim = await t.newOrg('Victim of the flood');
    const fresh = await t.newOrg('Never verified yet'); // its secret needs bcrypt on first use
    const { verifier, metrics } = t.running.runtime;
    // The creator's own secret is verified once, so the creation itself costs one bcrypt hash.
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(t.admin.secret))).status).toBe(200);
    const before = await bcryptRuns(t);
    const refusalsBefore = await suspectRefusals(t);

    // Counts the flood's checks as they complete, and how many completed while the creation's hash
    // ran and while the fresh secret was being checked (from the moment its key was read).
    let checksDone = 0;
    const during: { hash?: number; fresh?: number } = {};
    let freshSince: number | undefined;
    const timeBcrypt = metrics.timeBcrypt.bind(metrics);
    jest.spyOn(metrics, 'timeBcrypt').mockImplementation(async (operation, work) => {
      const since = checksDone;
      try {
        return await timeBcrypt(operation, work);
      } finally {
        if (operation === 'hash') during.hash = checksDone - since;
        else checksDone++;
      }
    });
    const verifiedBefore = verifier.verifiedBefore.bind(verifier);
    jest.spyOn(verifier, 'verifiedBefore').mockImplementation((keyId, secret, hash) => {
      if (secret === fresh.secret) freshSince = checksDone;
      return verifiedBefore(keyId, secret, hash);
    });
    const runsAtStart = verifier.bcryptRuns;

    const attacker = request(`http://127.0.0.1:${t.running.port}`);
    const flood = Promise.all(
      Array.from({ length: FLOOD }, () =>
        attacker
          .get('/api/v2/service-accounts')
          .agent(attackerAgent)
          .set(bearer(forgedFor(victim)))
          .then((r) => ({ status: r.status, retryAfter: r.headers['retry-after'], code: r.body.code })),
      ),
    );
    // Once the flood is being checked, the others arrive.
    while (verifier.bcryptRuns === runsAtStart) await new Promise((r) => setTimeout(r, 2));
    const [created, firstUse] = await Promise.all([
      t.http
        .post('/api/v2/service-accounts')
        .set(bearer(t.admin.secret))
        .send({ name: 'Made during the flood', scopes: ['service-accounts:read'] }),
      t.http
        .get('/api/v2/service-accounts')
        .set(bearer(fresh.secret))
        .then((res) => {
          during.fresh = checksDone - freshSince! - 1; // its own check is not the flood's
          return res;
        }),
    ]);
    const results = await flood;
    jest.restoreAllMocks();
    const after = await bcryptRuns(t);

    expect(created.status).toBe(201);
    expect(firstUse.status).toBe(200);
    const failed = results.filter((r) => r.status === 401).length;
    const refused = results.filter((r) => r.status === 429);
    expect(failed).toBeLessThanOrEqual(LIMIT);
    expect(failed + refused.length).toBe(FLOOD);
    for (const r of refused) {
      expect(r.code).toBe('RATE_LIMITED');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // The flood's bcrypt: at most the address's budget (the fresh secret's check is the one more).
    const checks = after.verify + after.decoy - (before.verify + before.decoy);
    expect(checks).toBeLessThanOrEqual(LIMIT + 1);
    expect(after.hash - before.hash).toBe(1);
    // Neither waited behind the flood's checks: a few of them completed meanwhile (those already
    // running), not the queue (with the code before issue 25: ~290 of 300 for the hash).
    expect(during.hash).toBeLessThanOrEqual(LIMIT / 2);
    expect(during.fresh).toBeLessThanOrEqual(LIMIT / 2);

    // /metrics shows the queue: the waits by lane, and the refusals (none here: the budget refused first).
    const text = (await t.http.get('/metrics')).text;
    expect(text).toMatch(/^iamgate_bcrypt_queue_wait_seconds_count\{lane="suspect"\} [1-9]\d*$/m);
    expect(text).toMatch(/^iamgate_bcrypt_queue_wait_seconds_count\{lane="clean"\} [1-9]\d*$/m);
    expect(await suspectRefusals(t)).toEqual(refusalsBefore);
  }, 120_000);
});

describe('forged secrets from many addresses at once', () => {
  test('when more checks wait than the process queues, then the rest get 429 with Retry-After at once, bcrypt never runs for them, and they are not counted as failures', async () => {
    const victim = await t.newOrg('Victim of many addresses');
    const agents = Array.from({ length: 12 }, (_, i) => new Agent({ localAddress: `127.0.0.${10 + i}`, keepAlive: true }));
    const base = request(`http://127.0.0.1:${t.running.port}`);
    const forged = (agent: Agent) =>
      base
        .get('/api/v2/service-accounts')
        .agent(agent)
        .set(bearer(forgedFor(victim)))
        .then((r) => ({ status: r.status, retryAfter: r.headers['retry-after'] }));
    try {
      const verifier = t.running.runtime.verifier;
      const runsBefore = verifier.bcryptRuns;
      const refusalsBefore = await suspectRefusals(t);
      // Each address stays within its own budget (LIMIT at once), together far past the queue.
      const perAddress = await Promise.all(agents.map((agent) => Promise.all(Array.from({ length: LIMIT }, () => forged(agent)))));
      const results = perAddress.flat();
      const failed = results.filter((r) => r.status === 401).length;
      const refused = results.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.retryAfter).toBe('1');
      expect(failed + refused.length).toBe(results.length);
      // Only the checks let in ran bcrypt.
      expect(verifier.bcryptRuns - runsBefore).toBe(failed);
      const refusals = await suspectRefusals(t);
      expect(refusals.full - refusalsBefore.full).toBeGreaterThan(0);
      expect(refusals.full + refusals.timeout - refusalsBefore.full - refusalsBefore.timeout).toBe(refused.length);
      // A refusal by the queue is not a failure: an address refused that way may still fail up to
      // LIMIT times in all (one at a time now, so the queue has room).
      const i = perAddress.findIndex((statuses) => statuses.some((r) => r.status === 429));
      const failedThere = perAddress[i].filter((r) => r.status === 401).length;
      for (let n = failedThere; n < LIMIT; n++) expect((await forged(agents[i])).status).toBe(401);
      expect((await forged(agents[i])).status).toBe(429);
    } finally {
      for (const a of agents) a.destroy();
    }
  }, 120_000);
});
