// Issue 16: expired rows (idempotency records, and whatever access-token rows the store keeps) are
// deleted by a timer in bounded batches (src/maintenance.ts), not inside requests; rows that have
// not expired stay.
import type { ServiceRepositories, ServiceStore } from '../../src/store/service-tables';
import { systemClock } from '../../src/ids';
import { Sweeper } from '../../src/maintenance';
import { startTestServer, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const logger = { warn: () => undefined } as unknown as ConstructorParameters<typeof Sweeper>[2];
const records = async () => Number((await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM idempotency_records'))[0].n);

/** `expired` idempotency records an hour in the past, `live` ones an hour ahead. */
async function seed(expired: number, live: number): Promise<void> {
  for (let i = 0; i < expired + live; i++) {
    const at = new Date(Date.now() + (i < expired ? -1 : 1) * 3_600_000).toISOString();
    await t.running.runtime.store.run((r) =>
      r.idempotency.claim({
        id: `seed-${i}-${Math.random()}`,
        fingerprint: 'f',
        state: 'completed',
        status: 201,
        headers: '{}',
        body: null,
        authority: null,
        createdAt: at,
        expiresAt: at,
      }),
    );
  }
}

test('when a sweep runs, then it deletes expired records in batches of at most `batch`, `maxBatches` per sweep, and keeps the live ones', async () => {
  await seed(7, 2);
  const sweeper = new Sweeper(t.running.runtime.store, t.running.runtime.clock, logger, { batch: 2, maxBatches: 2 });
  expect((await sweeper.sweep()).idempotency).toBe(4);
  expect((await sweeper.sweep()).idempotency).toBe(3);
  expect((await sweeper.sweep()).idempotency).toBe(0);
  expect(await records()).toBe(2);
});

test('when access tokens have many expired rows, then each sweep asks the store for at most maxBatches batches of `batch`', async () => {
  let left = 25;
  const limits: (number | undefined)[] = [];
  const repos = {
    accessTokens: {
      deleteExpired: async (_before: string, limit?: number) => {
        limits.push(limit);
        const n = Math.min(left, limit ?? left);
        left -= n;
        return n;
      },
    },
    idempotency: { deleteExpired: async () => 0 },
    federationJtis: { deleteExpired: async () => 0 },
  } as unknown as ServiceRepositories;
  const store = { run: <T>(work: (r: ServiceRepositories) => Promise<T>) => work(repos) } as unknown as ServiceStore;
  const sweeper = new Sweeper(store, systemClock, logger, { batch: 10, maxBatches: 2 });
  expect((await sweeper.sweep()).accessTokens).toBe(20);
  expect((await sweeper.sweep()).accessTokens).toBe(5);
  expect(limits).toEqual([10, 10, 10]);
});

test('when started, then it sweeps on its timer until stopped', async () => {
  await seed(3, 0);
  const sweeper = new Sweeper(t.running.runtime.store, t.running.runtime.clock, logger, { everyMs: 30 }).start();
  for (let i = 0; i < 50 && (await records()) > 2; i++) await new Promise((r) => setTimeout(r, 20));
  await sweeper.stop();
  expect(await records()).toBe(2);
});
