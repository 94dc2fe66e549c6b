// Issue 16: while another process holds SQLite's write lock, the server's writes wait without
// blocking its event loop (SQLite's own busy wait is short; the store retries asynchronously): other
// requests keep being answered at once, the write lands when the lock goes, and a lock held longer
// than DB_TIMEOUT_MS is a 503 with Retry-After, not a hang.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(60_000);

interface RawDb {
  exec(sql: string): unknown;
  close(): void;
}
const Database = require('better-sqlite3') as new (file: string) => RawDb;

const file = join(mkdtempSync(join(tmpdir(), 'iamgate-busy-')), 'db.sqlite');
let server: ServerProcess | undefined;
let other: RawDb | undefined;
afterAll(async () => {
  await stopServerProcess(server, 'SIGKILL');
  other?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks /healthz every 20 ms while `during` runs; the slowest answer in ms. */
async function slowestHealthz(p: ServerProcess, during: Promise<unknown>): Promise<number> {
  let done = false;
  void during.finally(() => {
    done = true;
  });
  let slowest = 0;
  while (!done) {
    const t0 = Date.now();
    expect((await p.http.get('/healthz')).status).toBe(200);
    slowest = Math.max(slowest, Date.now() - t0);
    await sleep(20);
  }
  return slowest;
}

test('when another process holds the write lock, then the event loop stays free, the write lands after it, and a lock held past DB_TIMEOUT_MS is a 503', async () => {
  server = await startServerProcess({
    DATABASE_URL: `sqlite:${file}`,
    DB_TIMEOUT_MS: '1500',
    IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString('base64'),
  });
  const p = server;
  const auth = bearer(bootLineOf(p).clientSecret);
  expect((await p.http.get('/api/v2/service-accounts').set(auth)).status).toBe(200);
  other = new Database(file);

  other.exec('BEGIN IMMEDIATE');
  const t0 = Date.now();
  const waiting = p.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'after the lock', scopes: ['service-accounts:read'] })
    .then((r) => r);
  setTimeout(() => other!.exec('COMMIT'), 700);
  expect(await slowestHealthz(p, waiting)).toBeLessThan(200);
  const landed = await waiting;
  expect([landed.status, Date.now() - t0 >= 650]).toEqual([201, true]);

  other.exec('BEGIN IMMEDIATE');
  const refused = p.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'never', scopes: ['service-accounts:read'] })
    .then((r) => r);
  expect(await slowestHealthz(p, refused)).toBeLessThan(200);
  const res = await refused;
  other.exec('COMMIT');
  expect([res.status, res.body.code, res.headers['retry-after']]).toEqual([503, 'UNAVAILABLE', expect.stringMatching(/^\d+$/)]);
  expect((await p.http.post('/api/v2/service-accounts').set(auth).send({ name: 'lock gone', scopes: [] })).status).toBe(201);
});
