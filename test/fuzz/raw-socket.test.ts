// Raw-socket fuzzing of a real server process (issue 25): whatever bytes arrive on a connection —
// request lines, header lines and chunked bodies each right or wrong, several pipelined, cut short,
// written in pieces, the client's side ended or left open — the process lives and /healthz answers
// on a new connection. A fixed seed and a few hundred cases in the normal suite; `npm run fuzz`
// runs FUZZ_RUNS of them from a random seed (support/settings.ts).
import fc from 'fast-check';
import { get } from 'node:http';
import { rawExchange } from '../support/raw-http';
import { freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';
import { rawCase, type RawCase } from './support/raw-bytes';
import { FUZZ_SEED, runsOr, timeoutFor } from './support/settings';

const RUNS = runsOr(300);

let p: ServerProcess;
let drop: () => Promise<void>;
let closedByServer = 0;
let answers = 0;

beforeAll(async () => {
  const db = await freshDatabase();
  drop = db.drop;
  p = await startServerProcess({ DATABASE_URL: db.url });
}, 60_000);

afterAll(async () => {
  process.stderr.write(
    `fuzz raw sockets (seed ${FUZZ_SEED}): ${RUNS} connections, ${answers} responses read, ${closedByServer} closed by the server\n`,
  );
  await stopServerProcess(p);
  await drop?.();
});

function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function survives({ pieces, end }: RawCase): Promise<void> {
  const bytes = pieces.map((piece) => Buffer.from(piece, 'latin1'));
  // An ended stream is closed by the server at once; one left open may wait for more (keep-alive).
  const res = await rawExchange(p.port, bytes, { pauseMs: 2, end, waitMs: end ? 3_000 : 100 });
  answers += res.responses.length;
  if (res.closed) closedByServer++;
  if (process.env.FUZZ_TRACE === 'raw')
    process.stderr.write(`TRACE ${JSON.stringify(res.responses.map((r) => r.status))} closed=${res.closed} ${JSON.stringify(pieces)}\n`);
  // The process's own last words (the crash line is on stdout, as JSON) say why it went.
  if (p.child.exitCode !== null || p.child.signalCode !== null)
    throw new Error(`the server process exited (${p.child.exitCode ?? p.child.signalCode}): ${p.stdout().slice(-1_500)}`);
  expect(await healthz(p.port)).toBe(200);
}

test(
  'when any bytes arrive on a connection, then the process lives and /healthz answers',
  async () => {
    const boot = bootLineOf(p);
    // No shrinking: once the process is gone every case fails, so the first failure is the one to see.
    await fc.assert(fc.asyncProperty(rawCase(boot.organizationId, boot.clientSecret), survives), {
      seed: FUZZ_SEED,
      numRuns: RUNS,
      endOnFailure: true,
    });
  },
  timeoutFor(RUNS),
);
