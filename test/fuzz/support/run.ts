// One fuzzing property over every route of a dialect: generate a request, send it, snapshot the
// database, and check the oracle. Requests run one at a time, so a snapshot taken after one
// request is the state the next one starts from.
import fc from 'fast-check';
import { describeExchange, problemsOf } from './oracle';
import { requestArb, type RequestSpec } from './request-arbitraries';
import { resolve } from './resolve';
import { routesOf, type DialectName } from './routes';
import { FUZZ_SEED, runsOr, timeoutFor } from './settings';
import { closeWireClients, sendWire } from './wire';
import { FuzzWorld } from './world';

const SECRET = /iamg_[A-Za-z0-9_-]{43}[0-9a-f]{32}(?:[0-9A-Za-z]{6})?/g;

/**
 * Sends one request and throws, describing the exchange, when anything the oracle checks fails.
 * FUZZ_TRACE=<status> prints every exchange answered with that status (to see what a run reaches).
 */
export async function exchange(world: FuzzWorld, spec: RequestSpec): Promise<void> {
  const before = world.state;
  const { wire } = resolve(spec, world);
  const res = await sendWire(world.port, wire);
  world.sent++;
  world.statuses.set(res.status, (world.statuses.get(res.status) ?? 0) + 1);
  const after = await world.snapshot();
  if (process.env.FUZZ_TRACE === String(res.status)) process.stderr.write(`TRACE ${describeExchange({ spec, wire, res })}\n`);
  const problems = problemsOf({ spec, wire, res, before, after, secrets: world.secrets });
  if (res.status < 300) for (const [s] of res.text.matchAll(SECRET)) world.secrets.add(s);
  world.state = after;
  await world.keepTargets();
  if (!problems.length) return;
  const message = `${problems.join('; ')}\n  ${describeExchange({ spec, wire, res })}`;
  // Shrinking replays requests against a database that has moved on, and may end at another
  // failure; FUZZ_VERBOSE shows every one as it happens.
  if (process.env.FUZZ_VERBOSE) process.stderr.write(`FUZZ FAILURE ${message}\n`);
  throw new Error(message);
}

export function fuzzDialect(dialect: DialectName, defaultRuns: number): void {
  const runs = runsOr(defaultRuns);
  let world: FuzzWorld;

  beforeAll(async () => {
    world = await FuzzWorld.start();
  }, 60_000);
  afterAll(async () => {
    world?.report(dialect);
    closeWireClients();
    await world?.close();
  });

  test(
    `when any request reaches any ${dialect} route, then no 5xx, ${dialect}-shaped refusals that change nothing, no secret or stack trace`,
    async () => {
      const arbitrary = fc.oneof(...routesOf(dialect).map(requestArb));
      await fc.assert(
        fc.asyncProperty(arbitrary, (spec) => exchange(world, spec)),
        { seed: FUZZ_SEED, numRuns: runs },
      );
    },
    timeoutFor(runs),
  );
}
