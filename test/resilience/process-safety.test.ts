// Issue 16, process-level safety nets: crashes are logged with their request id and end in a
// graceful exit; a stop that hangs still exits at SHUTDOWN_GRACE_MS; the log sink stays bounded;
// start-up failures print one line (no stack trace); the cluster primary replaces dying workers
// with a growing wait instead of a tight loop.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { logCrash, shutdownOnce } from '../../src/lifecycle';
import { LogSink } from '../../src/observability/log-sink';
import { EventEmitter } from 'node:events';
import { trackRequest } from '../../src/observability/request-scope';
import { RestartBackoff } from '../../src/restart-backoff';

jest.setTimeout(30_000);

const root = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger whose lines land in `lines`. */
function memoryLogger(lines: Record<string, unknown>[]) {
  return pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
}

describe('log sink', () => {
  test('when the stream takes nothing, then the buffer stays under its bound and the dropped lines are counted', async () => {
    const stalled = new Writable({ highWaterMark: 1, write: () => undefined }); // never calls back
    const sink = new LogSink(stalled, 4_096);
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 1_000; i++) {
      sink.write(line);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    sink.flush();
    expect(stalled.writableLength).toBeLessThanOrEqual(4_096);
    expect(sink.dropped).toBeGreaterThan(900);
    await expect(sink.drained(50)).resolves.toBeUndefined(); // gives up instead of waiting forever
  });
});

describe('shutdown', () => {
  test('when the stop finishes, then the process exits 0; when it hangs, then it exits 1 at the grace period', async () => {
    const codes: number[] = [];
    const lines: Record<string, unknown>[] = [];
    shutdownOnce({ stop: async () => undefined, logger: memoryLogger(lines), graceMs: 1_000, exit: (c) => codes.push(c) })('SIGTERM');
    await sleep(50);
    expect(codes).toEqual([0]);

    let abandoned = false;
    const t0 = Date.now();
    const hung = shutdownOnce({
      stop: () => new Promise(() => undefined),
      abandon: () => {
        abandoned = true;
      },
      logger: memoryLogger(lines),
      graceMs: 200,
      exit: (c) => codes.push(c),
    });
    hung('SIGTERM');
    hung('SIGTERM'); // a second signal changes nothing
    await sleep(300);
    expect([codes, abandoned, Date.now() - t0 >= 200]).toEqual([[0, 1], true, true]);
    expect(lines.map((l) => l.msg)).toContain('shutdown grace period over; exiting with work pending');
  });

  test('when the process crashes, then the log line names the request in flight, or lists them when there are several', () => {
    const lines: Record<string, unknown>[] = [];
    const [a, b] = [new EventEmitter(), new EventEmitter()];
    trackRequest('req_abc', a);
    logCrash(memoryLogger(lines), 'unhandled rejection', new TypeError('boom'));
    trackRequest('req_def', b);
    logCrash(memoryLogger(lines), 'uncaught exception', new Error('bang'));
    a.emit('close');
    b.emit('close');
    logCrash(memoryLogger(lines), 'uncaught exception', new Error('idle'));
    expect(lines[0]).toMatchObject({ level: 60, requestId: 'req_abc', error: 'TypeError', message: 'boom', msg: 'unhandled rejection' });
    expect([lines[1].requestId, lines[1].inFlight]).toEqual([undefined, ['req_abc', 'req_def']]);
    expect([lines[2].requestId, lines[2].inFlight]).toEqual([undefined, undefined]);
  });

  test('when a real process has an unhandled rejection during a request, then it logs it with the request id and exits 1 after stopping', () => {
    const script = `
      const { installProcessHandlers, shutdownOnce } = require('./dist/src/lifecycle');
      const { createLogger } = require('./dist/src/observability/logger');
      const { trackRequest } = require('./dist/src/observability/request-scope');
      const logger = createLogger('info');
      installProcessHandlers(logger, shutdownOnce({ stop: async () => logger.info('stopped'), logger, graceMs: 2000 }));
      setInterval(() => undefined, 1000); // a server would keep it alive
      trackRequest('req_crash', new (require('node:events').EventEmitter)()); // one request in flight
      setTimeout(() => Promise.reject(new Error('lost')), 10);`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 10_000 });
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'unhandled rejection')).toMatchObject({ requestId: 'req_crash', message: 'lost' });
    expect(lines.map((l) => l.msg)).toEqual(['unhandled rejection', 'finishing in-flight requests', 'stopped']);
    expect(run.status).toBe(1);
  });
});

describe('start-up failures', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '0.0.0.0', r));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => taken.close());

  const start = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['dist/src/server.js'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, DATABASE_URL: 'sqlite::memory:', BCRYPT_COST: '4', LOG_LEVEL: 'silent', ...env },
    });

  test.each([
    ['one process', '1'],
    ['a cluster', '2'],
  ])('when the port is taken (%s), then one line says so and the exit status is 1', (_what, workers) => {
    const run = start({ PORT: String(port), IAMGATE_WORKERS: workers });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`failed to start: port ${port} is already in use \\(EADDRINUSE\\)`));
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    if (workers === '1') expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('when the database stays unreachable past DB_CONNECT_RETRY_S, then it retried, logging why, and one line says it gave up', () => {
    const t0 = Date.now();
    const run = start({ PORT: '0', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DB_CONNECT_RETRY_S: '1', LOG_LEVEL: 'warn' });
    expect(run.status).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^iamgate failed to start: the database is not reachable \(.*ECONNREFUSED.*\); gave up after 1 s \(DB_CONNECT_RETRY_S\)$/,
      ),
    ]);
    expect(run.stdout).toContain('database not reachable at start; retrying');
  });
});

describe('cluster restarts', () => {
  test('when workers keep dying young, then each replacement waits twice as long (up to 30 s), and a healthy run resets it', () => {
    const b = new RestartBackoff();
    expect([b.next(10), b.next(10), b.next(10), b.next(10)]).toEqual([100, 200, 400, 800]);
    for (let i = 0; i < 20; i++) b.next(10);
    expect(b.next(10)).toBe(30_000);
    expect(b.next(60_000)).toBe(100);
  });

  test('when a real worker is killed again and again, then the primary waits longer each time', async () => {
    const primary = spawn(process.execPath, ['dist/src/server.js'], {
      cwd: root,
      env: { ...process.env, PORT: '0', IAMGATE_WORKERS: '2', DATABASE_URL: 'sqlite::memory:', BCRYPT_COST: '4', LOG_LEVEL: 'silent' },
    });
    let err = '';
    primary.stderr!.on('data', (d) => {
      err += d;
    });
    const until = async (test: () => boolean) => {
      for (let i = 0; i < 200 && !test(); i++) await sleep(25);
    };
    const workers = () =>
      readdirSync('/proc')
        .filter((e) => /^\d+$/.test(e))
        .filter((e) => {
          try {
            return Number(readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === primary.pid;
          } catch {
            return false;
          }
        })
        .map(Number);
    try {
      await until(() => err.includes('listening on'));
      for (let round = 1; round <= 3; round++) {
        const [victim] = workers();
        process.kill(victim, 'SIGKILL');
        await until(() => (err.match(/starting another in/g) ?? []).length >= round);
        await until(() => workers().length === 2);
      }
      expect([...err.matchAll(/starting another in (\d+) ms/g)].map((m) => Number(m[1]))).toEqual([100, 200, 400]);
    } finally {
      primary.kill('SIGTERM');
      await new Promise((r) => primary.once('exit', r));
    }
  });
});
