// The rate limiter's counting, on a clock the test moves and an in-memory counter table shared the
// way processes share the database's: limits per one-minute window, counts of other processes seen
// near a limit, counts kept when a flush fails.
import { RateLimiter, type RateLimits } from '../../../src/auth/rate-limiter';
import type { RateLimitDelta, ServiceRepositories, ServiceStore } from '../../../src/store/service-tables';
import { ManualClock } from '../support/core-world';

/** The rate_limits table of one database, as rateLimits of the ServiceStore port; `failing` refuses writes. */
class CounterTable {
  readonly rows = new Map<string, { count: number; expiresAt: string }>();
  failing = false;

  store(): ServiceStore {
    const rateLimits: ServiceRepositories['rateLimits'] = {
      add: async (deltas: RateLimitDelta[]) => {
        if (this.failing) throw new Error('database unreachable');
        const totals = new Map<string, number>();
        for (const d of deltas) {
          const count = (this.rows.get(d.bucket)?.count ?? 0) + d.delta;
          this.rows.set(d.bucket, { count, expiresAt: d.expiresAt });
          totals.set(d.bucket, count);
        }
        return totals;
      },
      getMany: async (buckets) => new Map(buckets.filter((b) => this.rows.has(b)).map((b) => [b, this.rows.get(b)!.count])),
      deleteExpired: async (before) => {
        for (const [b, r] of this.rows) if (r.expiresAt < before) this.rows.delete(b);
      },
    };
    const repos = { rateLimits } as ServiceRepositories;
    const store: ServiceStore = {
      run: (work) => work(repos),
      transaction: (work) => work(repos),
      forRequest: () => store,
      ping: async () => true,
      close: async () => undefined,
    };
    return store;
  }
}

const LIMITS: RateLimits = { authFailuresPerMinute: 3, tokenRequestsPerMinute: 20 };
// 10 s into a minute: 50 s of the window left.
const start = () => new ManualClock(Date.parse('2030-01-01T00:00:10.000Z'));
const limited = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 'RATE_LIMITED' });

test('when failures reach the limit, then the next one is refused with the seconds left in the window', async () => {
  const limiter = new RateLimiter(new CounterTable().store(), start(), LIMITS);
  const subjects = limiter.subjects('10.0.0.1', 'client-a');
  for (let i = 0; i < 3; i++) await limiter.hit('auth-failure', subjects);
  await limited(limiter.check('auth-failure', subjects));
  await expect(limiter.hit('auth-failure', subjects)).rejects.toMatchObject({ retryAfterSeconds: 50 });
  await limiter.close();
});

test('when the window turns, then counting starts again', async () => {
  const clock = start();
  const limiter = new RateLimiter(new CounterTable().store(), clock, LIMITS);
  const subjects = limiter.subjects('10.0.0.2');
  for (let i = 0; i < 3; i++) await limiter.hit('auth-failure', subjects);
  await limited(limiter.check('auth-failure', subjects));
  clock.advance(50_000);
  await expect(limiter.check('auth-failure', subjects)).resolves.toBeUndefined();
  await expect(limiter.hit('auth-failure', subjects)).resolves.toBeUndefined();
  await limiter.close();
});

test('when two processes count against one table, then near the limit each sees what the other counted', async () => {
  const table = new CounterTable();
  const clock = start();
  const [a, b] = [new RateLimiter(table.store(), clock, LIMITS), new RateLimiter(table.store(), clock, LIMITS)];
  const subjects = a.subjects('10.0.0.3', 'client-b');
  await a.hit('auth-failure', subjects);
  await b.hit('auth-failure', subjects);
  await a.hit('auth-failure', subjects);
  await limited(b.check('auth-failure', subjects));
  await Promise.all([a.close(), b.close()]);
});

test('when a client id is used from one address, then another address is not limited by it, nor a lone address by the client', async () => {
  const limiter = new RateLimiter(new CounterTable().store(), start(), LIMITS);
  for (let i = 0; i < 3; i++) await limiter.hit('auth-failure', limiter.subjects('10.0.0.4', 'victim'));
  await limited(limiter.check('auth-failure', limiter.subjects('10.0.0.4', 'victim')));
  await expect(limiter.check('auth-failure', limiter.subjects('10.0.0.5', 'victim'))).resolves.toBeUndefined();
  await expect(limiter.check('token', limiter.subjects('10.0.0.4', 'victim'))).resolves.toBeUndefined();
  await limiter.close();
});

test('when a flush fails, then its counts are kept and sent with the next one', async () => {
  const table = new CounterTable();
  const limiter = new RateLimiter(table.store(), start(), { authFailuresPerMinute: 100, tokenRequestsPerMinute: 100 });
  const subjects = limiter.subjects('10.0.0.6');
  await limiter.hit('token', subjects);
  await limiter.hit('token', subjects);
  table.failing = true;
  await expect(limiter.flush()).rejects.toThrow('database unreachable');
  table.failing = false;
  await limiter.flush();
  expect([...table.rows.values()].map((r) => r.count)).toEqual([2]);
  await limiter.close();
});

test('when a client id is very long, then its bucket name stays short', async () => {
  const table = new CounterTable();
  const limiter = new RateLimiter(table.store(), start(), LIMITS);
  await limiter.hit('auth-failure', limiter.subjects('10.0.0.7', 'x'.repeat(10_000)));
  await limiter.flush();
  expect(Math.max(...[...table.rows.keys()].map((b) => b.length))).toBeLessThanOrEqual(300);
  await limiter.close();
});
