// Issue 16: a real server on a private PostgreSQL cluster that the test stops and starts. A start
// while the database is down waits for it (retrying, saying why); under a mixed load of every
// dialect, a stopped database gives 503s in each dialect's shape with Retry-After, fast, never a 500
// or a hang, also for a key this process verified before; /readyz says so within 2 s; once the
// database is back requests succeed again within 5 s, without a restart; the process never exits
// or logs a crash, and every acknowledged write is in the database. A database that stops answering
// (frozen, connections open) gives 503s within DB_TIMEOUT_MS the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import request, { type Response } from 'supertest';
import { basic, bearer } from '../support/server';
import { bootLineOf, stopServerProcess, type BootLine, type ServerProcess } from '../support/server-process';
import { createPrivatePostgres, privatePostgresAvailable, type PrivatePostgres } from './private-postgres';

jest.setTimeout(90_000);

const DB_TIMEOUT_MS = 2_000;
const JSONAPI = 'application/vnd.api+json';

let pg: PrivatePostgres | undefined;
let server: ServerProcess | undefined;
let admin: BootLine;
const acked = new Set<string>();
const spawned: ChildProcess[] = [];
afterAll(async () => {
  await stopServerProcess(server, 'SIGKILL');
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  pg?.destroy();
});

type Kind = 'v1' | 'v2' | 'v3' | 'verify' | 'token';
interface Outcome {
  kind: Kind;
  status: number;
  ms: number;
  at: number;
  res: Response;
}

/** A 503 in the shape its caller understands, with Retry-After. */
function expectUnavailable({ kind, res }: Outcome): void {
  expect([kind, res.headers['retry-after']]).toEqual([kind, expect.stringMatching(/^\d+$/)]);
  if (kind === 'v1') expect(res.body).toMatchObject({ code: 503, data: null });
  if (kind === 'v2')
    expect([res.headers['content-type'], res.body.status, res.body.code]).toEqual([
      'application/problem+json; charset=utf-8',
      503,
      'UNAVAILABLE',
    ]);
  if (kind === 'v3') expect(res.body.errors[0]).toMatchObject({ status: '503', code: 'UNAVAILABLE' });
  if (kind === 'verify' || kind === 'token') expect(res.body.error).toBe('temporarily_unavailable');
}

const OK: Record<Kind, number> = { v1: 200, v2: 201, v3: 201, verify: 200, token: 200 };

interface Load {
  outcomes: Outcome[];
  stop(): Promise<void>;
  create(): Promise<Response>;
}

/** Six clients sending creations in each dialect, forward auth and token requests, until stopped. */
function mixedLoad(p: ServerProcess): Load {
  const auth = bearer(admin.clientSecret);
  const ops: Record<Kind, () => Promise<Response>> = {
    v1: () =>
      p.http
        .post('/v1/service-accounts')
        .set(auth)
        .send({ name: `v1 ${serial++}`, permissions: [] }),
    v2: () =>
      p.http
        .post('/api/v2/service-accounts')
        .set(auth)
        .send({ name: `v2 ${serial++}`, scopes: ['service-accounts:read'] }),
    v3: () =>
      p.http
        .post(`/v3/orgs/${admin.organizationId}/iam/service-accounts`)
        .set(auth)
        .type(JSONAPI)
        .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: `v3 ${serial++}` } } })),
    verify: () => p.http.get('/auth/verify').set(auth),
    token: () =>
      p.http.post('/oauth2/token').set(basic(admin.clientId, admin.clientSecret)).type('form').send({ grant_type: 'client_credentials' }),
  };
  const outcomes: Outcome[] = [];
  let running = true;
  const worker = async (n: number) => {
    for (let i = n; running; i++) {
      const kind = KINDS[i % KINDS.length];
      const t0 = Date.now();
      const res = await ops[kind]();
      outcomes.push({ kind, status: res.status, ms: Date.now() - t0, at: t0, res });
      if (res.status === OK[kind] && (kind === 'v1' || kind === 'v2' || kind === 'v3')) acked.add(res.body.data.id);
      if (res.status === 503) await sleep(20);
    }
  };
  const clients = Array.from({ length: 6 }, (_, n) => worker(n));
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
    create: async () => {
      const r = await ops.v2();
      if (r.status === 201) acked.add(r.body.data.id);
      return r;
    },
  };
}

const KINDS = Object.keys(OK) as Kind[];
let serial = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds until `probe` holds (Infinity after `ms`). */
async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await probe()) return Date.now() - t0;
    await sleep(50);
  }
  return Infinity;
}

/** Only success and 503 in its shape, each in time; during the outage itself only 503s (from every kind, if `everyKind`). */
function expectOutage(outcomes: Outcome[], from: number, to: number, everyKind = true): void {
  // With the server's log line of each, so a failure says what went wrong inside.
  const logOf = (o: Outcome) =>
    server!
      .stdout()
      .split('\n')
      .filter((l) => l.includes(String(o.res.headers['x-request-id'])))
      .join('\n');
  expect(outcomes.filter((o) => o.status !== OK[o.kind] && o.status !== 503).map((o) => [o.kind, o.status, o.res.text, logOf(o)])).toEqual(
    [],
  );
  expect(outcomes.filter((o) => o.ms >= DB_TIMEOUT_MS + 1_000).map((o) => [o.kind, o.status, o.ms])).toEqual([]);
  for (const o of outcomes.filter((x) => x.status === 503)) expectUnavailable(o);
  const down = outcomes.filter((o) => o.at > from && o.at + o.ms < to);
  if (everyKind) expect(new Set(down.filter((o) => o.status === 503).map((o) => o.kind))).toEqual(new Set(KINDS));
  else expect(down.length).toBeGreaterThanOrEqual(3);
  expect(down.filter((o) => o.status !== 503).map((o) => [o.kind, o.status])).toEqual([]);
}

const available = privatePostgresAvailable();

/** Like startServerProcess, but its output can be watched before it listens. */
function startWatched(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, PORT: '0', BCRYPT_COST: '4', ...env },
  });
  spawned.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const until = async (what: () => boolean, ms = 30_000) => {
    for (const t0 = Date.now(); !what(); await sleep(25)) {
      if (child.exitCode !== null || Date.now() - t0 > ms) throw new Error(`server gone or not there yet: ${err}${out}`);
    }
  };
  const listening = until(() => /listening on http:\/\/\S+:\d+/.test(err)).then((): ServerProcess => {
    const port = Number(/listening on http:\/\/\S+:(\d+)/.exec(err)![1]);
    return { child, port, http: request(`http://127.0.0.1:${port}`), stdout: () => out, stderr: () => err };
  });
  listening.catch(() => undefined);
  return { child, listening, said: (text: string) => until(() => out.includes(text)) };
}

(available ? test : test.skip)('when PostgreSQL is down at start, then the server retries until it is up, saying why', async () => {
  pg = await createPrivatePostgres();
  const starting = startWatched({
    DATABASE_URL: pg.url,
    DB_TIMEOUT_MS: String(DB_TIMEOUT_MS),
    DB_CONNECT_RETRY_S: '60',
    LOG_LEVEL: 'warn',
    IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  });
  await starting.said('database not reachable at start; retrying'); // it tried, and is still there
  expect(starting.child.exitCode).toBeNull();
  pg.start();
  server = await starting.listening;
  admin = bootLineOf(server);
  // The key is verified (bcrypt) once here; later requests with it must still read the database.
  expect((await server.http.get('/api/v2/service-accounts').set(bearer(admin.clientSecret))).status).toBe(200);
});

(available ? test : test.skip)(
  'when PostgreSQL stops under load, then every kind of request is 503 in its shape, /readyz within 2 s, and all succeed within 5 s of its return',
  async () => {
    const p = server!;
    const load = mixedLoad(p);
    await sleep(1_000);
    pg!.stop();
    const stoppedAt = Date.now();
    const readyzDown = await within(2_000, async () => (await p.http.get('/readyz')).status === 503);
    await sleep(2_500);
    const restartAt = Date.now();
    pg!.start();
    const startedAt = Date.now();
    const recovered = await within(8_000, async () => (await load.create()).status === 201);
    await sleep(500);
    await load.stop();

    expect(readyzDown).toBeLessThan(2_000);
    expect(recovered).toBeLessThan(5_000 - (startedAt - restartAt));
    expect((await p.http.get('/readyz')).status).toBe(200);
    expectOutage(load.outcomes, stoppedAt + 200, restartAt);
  },
);

(available ? test : test.skip)(
  'when PostgreSQL stops answering (connections open), then requests are 503 within DB_TIMEOUT_MS and recover when it answers again',
  async () => {
    const p = server!;
    const load = mixedLoad(p);
    await sleep(500);
    pg!.freeze();
    const frozenAt = Date.now();
    const readyzDown = await within(2_000, async () => (await p.http.get('/readyz')).status === 503);
    await sleep(2 * DB_TIMEOUT_MS + 1_000);
    const thawAt = Date.now();
    pg!.thaw();
    const recovered = await within(8_000, async () => (await load.create()).status === 201);
    await sleep(500);
    await load.stop();

    expect(readyzDown).toBeLessThan(2_000);
    expect(recovered).toBeLessThan(5_000);
    // Requests sent in the first DB_TIMEOUT_MS may still be waiting on a statement sent before the
    // freeze; each later one waits DB_TIMEOUT_MS, so only a few fit in the window.
    expectOutage(load.outcomes, frozenAt + DB_TIMEOUT_MS, thawAt, false);
  },
);

(available ? test : test.skip)(
  'after both outages, then the process never exited or logged a crash, and every acknowledged write is stored',
  async () => {
    const p = server!;
    expect(p.child.exitCode).toBeNull();
    expect(p.stdout()).not.toMatch(/unhandled rejection|uncaught exception/);
    expect(acked.size).toBeGreaterThan(10);
    const db = new Client({ connectionString: pg!.url });
    await db.connect();
    try {
      const ids = new Set((await db.query<{ id: string }>('SELECT id FROM service_accounts')).rows.map((r) => r.id));
      expect([...acked].filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      await db.end();
    }
    expect(await stopServerProcess(p)).toBe(0);
  },
);
