// Issue 16: a server whose stdout is a pipe nobody reads (a stalled log shipper). It keeps answering
// with a bounded log buffer (the lines it cannot write are dropped and counted), and SIGTERM still
// ends it: an in-flight request finishes and the process exits 0, or, when a request never
// finishes, exits 1 once SHUTDOWN_GRACE_MS is over.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, get, request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer, freshDatabase } from '../support/server';

jest.setTimeout(60_000);

const GRACE_MS = 2_000;
const root = join(__dirname, '..', '..');
const drops: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of drops) await d();
});

interface Stalled {
  child: ChildProcess;
  port: number;
  secret: string;
  exited: Promise<number | null>;
}

/** A server process; its stdout is read up to the bootstrap line, then never again. */
async function startStalled(): Promise<Stalled> {
  const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-logs-')), 'db.sqlite')}`);
  drops.push(db.drop);
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      LOG_BUFFER_KB: '64',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    },
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const secret = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /"clientSecret":"([^"]+)"/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.pause(); // from here on nobody reads: the pipe fills up
      resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  for (let i = 0; i < 100 && !/listening on http:\/\/\S+:(\d+)/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
  const port = Number(/listening on http:\/\/\S+:(\d+)/.exec(err)![1]);
  return { child, port, secret, exited };
}

/** Enough requests (each logs a line) to fill the pipe and the 64 KiB buffer many times over; the slowest ms. */
async function flood(s: Stalled, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = Date.now();
      get({ host: '127.0.0.1', port: s.port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(Date.now() - t0) : reject(new Error(`status ${res.statusCode}`))));
      }).on('error', reject);
    });
  let slowest = 0;
  for (let i = 0; i < count; i += 50) slowest = Math.max(slowest, ...(await Promise.all(Array.from({ length: 50 }, one))));
  agent.destroy();
  return slowest;
}

/** A v2 creation whose body is only half sent: in flight until `finish()` sends the rest. */
function halfSent(s: Stalled, name: string): { finish(): void; response: Promise<IncomingMessage & { body: string }> } {
  const body = JSON.stringify({ name, scopes: ['service-accounts:read'] });
  const req = httpRequest({
    host: '127.0.0.1',
    port: s.port,
    method: 'POST',
    path: '/api/v2/service-accounts',
    headers: { ...bearer(s.secret), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const response = new Promise<IncomingMessage & { body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve(Object.assign(res, { body: text })));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 10));
  return { finish: () => req.end(body.slice(10)), response };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('when stdout is never read, then the server keeps answering, drops and counts log lines, and SIGTERM finishes the in-flight request and exits 0', async () => {
  const s = await startStalled();
  expect(await flood(s, 1_200)).toBeLessThan(5_000); // a blocked event loop would not answer at all
  const metrics = await request(`http://127.0.0.1:${s.port}`).get('/metrics');
  expect(Number(/^iamgate_log_lines_dropped_total (\d+)/m.exec(metrics.text)?.[1])).toBeGreaterThan(0);
  const inFlight = halfSent(s, 'in flight at SIGTERM');
  await sleep(200);
  const t0 = Date.now();
  s.child.kill('SIGTERM');
  await sleep(300);
  expect(s.child.exitCode).toBeNull(); // waiting for the request
  inFlight.finish();
  const res = await inFlight.response;
  expect(res.statusCode).toBe(201);
  expect(JSON.parse(res.body).data.name).toBe('in flight at SIGTERM');
  expect(await s.exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(GRACE_MS);
});

test('when a request never finishes and stdout is never read, then SIGTERM still exits once SHUTDOWN_GRACE_MS is over', async () => {
  const s = await startStalled();
  await flood(s, 1_200);
  const stuck = halfSent(s, 'never finished');
  stuck.response.catch(() => undefined); // the server drops it at the deadline
  await sleep(200);
  const t0 = Date.now();
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(1);
  const took = Date.now() - t0;
  expect(took).toBeGreaterThanOrEqual(GRACE_MS - 100);
  expect(took).toBeLessThan(GRACE_MS + 1_000);
});
