// The bcrypt gate (issue 25): a bounded number of checks at once, the rest waiting by lane, bounded
// in number and in time; what cannot wait is refused at once with Retry-After: 1.
import { BcryptGate, defaultGateLimits, type Lane, type Refusal } from '../../src/auth/bcrypt-gate';

/** Work that finishes when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { work: () => done, finish };
}

const tick = () => new Promise((r) => setImmediate(r));

function observed() {
  const refusals: [Lane, Refusal][] = [];
  const waits: Lane[] = [];
  return {
    refusals,
    waits,
    observer: { waited: (lane: Lane) => waits.push(lane), refused: (lane: Lane, reason: Refusal) => refusals.push([lane, reason]) },
  };
}

test('when more checks arrive than may run, then they wait, and a freed slot goes to the clean lane before the others, whatever the order of arrival', async () => {
  const gate = new BcryptGate({ running: 1, waitingPerLane: 10, maxWaitMs: 60_000 });
  const first = held();
  const order: string[] = [];
  const running = gate.run('suspect', first.work);
  const queued = [
    gate.run('over-limit', async () => void order.push('over-limit')),
    gate.run('suspect', async () => void order.push('suspect')),
    gate.run('clean', async () => void order.push('clean')),
  ];
  await tick();
  expect(order).toEqual([]);
  expect(gate.waitingIn('suspect')).toBe(1);
  first.finish();
  await Promise.all([running, ...queued]);
  expect(order).toEqual(['clean', 'suspect', 'over-limit']);
});

test('when a lane is full, then the next check in it is refused at once with RATE_LIMITED and Retry-After 1, without running, while other lanes still queue', async () => {
  const { refusals, observer } = observed();
  const gate = new BcryptGate({ running: 1, waitingPerLane: 2, maxWaitMs: 60_000 }, observer);
  const first = held();
  const running = gate.run('clean', first.work);
  const waiting = [gate.run('suspect', async () => 1), gate.run('suspect', async () => 2)];
  let ran = false;
  await expect(
    gate.run('suspect', async () => {
      ran = true;
    }),
  ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  expect(ran).toBe(false);
  expect(refusals).toEqual([['suspect', 'full']]);
  const clean = gate.run('clean', async () => 3);
  first.finish();
  expect(await Promise.all([running, ...waiting, clean])).toEqual([undefined, 1, 2, 3]);
});

test('when a check waits longer than the gate allows, then it is refused without running and leaves its place', async () => {
  const { refusals, observer } = observed();
  const gate = new BcryptGate({ running: 1, waitingPerLane: 5, maxWaitMs: 30 }, observer);
  const first = held();
  const running = gate.run('clean', first.work);
  let ran = false;
  await expect(
    gate.run('over-limit', async () => {
      ran = true;
    }),
  ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  expect(ran).toBe(false);
  expect(refusals).toEqual([['over-limit', 'timeout']]);
  expect(gate.waitingIn('over-limit')).toBe(0);
  first.finish();
  await running;
  // The slot is free again.
  expect(await gate.run('over-limit', async () => 'ran')).toBe('ran');
});

test('when a check fails, then its slot is freed for the next', async () => {
  const gate = new BcryptGate({ running: 1, waitingPerLane: 5, maxWaitMs: 60_000 });
  const failing = gate.run('clean', async () => {
    throw new Error('bcrypt failed');
  });
  const next = gate.run('suspect', async () => 'next');
  await expect(failing).rejects.toThrow('bcrypt failed');
  expect(await next).toBe('next');
});

test('when the pool size is set, then checks take half of it, and at least one thread', () => {
  expect(defaultGateLimits({}).running).toBe(2);
  expect(defaultGateLimits({ UV_THREADPOOL_SIZE: '16' }).running).toBe(8);
  expect(defaultGateLimits({ UV_THREADPOOL_SIZE: '1' }).running).toBe(1);
});
