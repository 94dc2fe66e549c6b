// How long the fuzzer runs: a fixed seed and a few hundred runs per property in the normal suite;
// `npm run fuzz` sets FUZZ_RUNS (and FUZZ_SEED=random) for a longer search. A failure prints the
// seed and path that fast-check needs to replay it (FUZZ_SEED=<seed> reruns the same requests).
const requestedRuns = Number(process.env.FUZZ_RUNS ?? '') || 0;
const seedText = process.env.FUZZ_SEED ?? '';

export const FUZZ_SEED = seedText === 'random' ? Date.now() % 2 ** 31 : Number(seedText) || 20_241_014;

/** The runs a property makes: FUZZ_RUNS when set, else its default. */
export function runsOr(defaultRuns: number): number {
  return requestedRuns > 0 ? requestedRuns : defaultRuns;
}

/** Enough time for the runs at a pessimistic tens of milliseconds each (PostgreSQL, shrinking). */
export function timeoutFor(numRuns: number): number {
  return 60_000 + numRuns * 100;
}
