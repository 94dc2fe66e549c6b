// Issue 12: a real server on SQLite in a 2 MB tmpfs. With the disk full, writes are 503 with
// Retry-After in each dialect's shape (never 500, never a 2xx for what is not stored) and /readyz is
// 503; once space returns, writes and /readyz recover without a restart; after a restart every
// acknowledged write is there and an acknowledged revocation holds. Needs root to mount (skipped otherwise).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/store/data-source';
import { bearer } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type BootLine, type ServerProcess } from '../support/server-process';

jest.setTimeout(120_000);

const JSONAPI = 'application/vnd.api+json';
const dir = mkdtempSync(join(tmpdir(), 'iamgate-full-'));
const mounted = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const url = `sqlite:${join(dir, 'db.sqlite')}`;
const filler = join(dir, 'filler');
const env = { DATABASE_URL: url, IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };

let server: ServerProcess | undefined;
let admin: BootLine;
afterAll(async () => {
  await stopServerProcess(server, 'SIGKILL');
  if (mounted) execFileSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes until ENOSPC: nothing is left for SQLite's WAL to grow into. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

type Dialect = 'v1' | 'v2' | 'v3';
const OK: Record<Dialect, number> = { v1: 200, v2: 201, v3: 201 };

function create(p: ServerProcess, dialect: Dialect, name: string) {
  const auth = bearer(admin.clientSecret);
  if (dialect === 'v1') return p.http.post('/v1/service-accounts').set(auth).send({ name, permissions: [] });
  if (dialect === 'v2')
    return p.http
      .post('/api/v2/service-accounts')
      .set(auth)
      .send({ name, scopes: ['service-accounts:read'] });
  return p.http
    .post(`/v3/orgs/${admin.organizationId}/iam/service-accounts`)
    .set(auth)
    .type(JSONAPI)
    .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name } } }));
}

/** A 503 in the dialect's own error shape, with Retry-After. */
function expectUnavailable(dialect: Dialect, res: Response): void {
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  if (dialect === 'v1') expect(res.body).toMatchObject({ code: 503, data: null });
  if (dialect === 'v2')
    expect([res.headers['content-type'], res.body.status, res.body.code]).toEqual([
      'application/problem+json; charset=utf-8',
      503,
      'UNAVAILABLE',
    ]);
  if (dialect === 'v3') expect(res.body.errors[0]).toMatchObject({ status: '503', code: 'UNAVAILABLE' });
}

(mounted ? test : test.skip)(
  'when the disk fills and empties again, then nothing unstored is acknowledged and the server recovers without a restart',
  async () => {
    server = await startServerProcess(env);
    admin = bootLineOf(server);
    const auth = bearer(admin.clientSecret);
    const acked = new Set<string>();
    const refused = new Set<string>();
    const first = await create(server, 'v2', 'before the disk fills');
    expect(first.status).toBe(201);
    acked.add(first.body.data.name);
    const owner = first.body.data.id;
    const revoke = (keyId: string) => server!.http.post(`/api/v2/service-accounts/${owner}/credentials/${keyId}/revoke`).set(auth);
    const spare = await server.http.post(`/api/v2/service-accounts/${owner}/credentials`).set(auth).send({});
    expect(spare.status).toBe(201);

    fillDisk();
    const dialects: Dialect[] = ['v2', 'v1', 'v3'];
    for (let i = 0; i < 30; i++) {
      const dialect = dialects[i % 3];
      const name = `while full ${i}`;
      const res = await create(server, dialect, name);
      expect([name, [OK[dialect], 503]]).toEqual([name, expect.arrayContaining([res.status])]);
      if (res.status === 503) {
        expectUnavailable(dialect, res);
        refused.add(name);
      } else acked.add(name);
    }
    expect(refused.size).toBeGreaterThan(0);
    const revokedWhileFull = await revoke(spare.body.data.id);
    expect([200, 503]).toContain(revokedWhileFull.status);
    const ready = await server.http.get('/readyz');
    expect([ready.status, ready.body.status]).toEqual([503, 'unavailable']);

    rmSync(filler);
    const after = await create(server, 'v2', 'after space returns');
    expect(after.status).toBe(201);
    acked.add(after.body.data.name);
    expect((await server.http.get('/readyz')).status).toBe(200);
    if (revokedWhileFull.status !== 200) expect((await revoke(spare.body.data.id)).status).toBe(200);

    // What was acknowledged is committed: a second connection sees it while the server still runs.
    const other: DataSource = createDataSource(url).dataSource;
    await other.initialize();
    try {
      const names = new Set(((await other.query('SELECT name FROM service_accounts')) as { name: string }[]).map((r) => r.name));
      expect([...acked].filter((n) => !names.has(n))).toEqual([]);
      expect([...refused].filter((n) => names.has(n))).toEqual([]);
    } finally {
      await other.destroy();
    }

    // And it survives a crash: every acknowledged account is there, the revoked key stays refused.
    await stopServerProcess(server, 'SIGKILL');
    server = await startServerProcess(env);
    const listed = await server.http.get('/api/v2/service-accounts?limit=100').set(auth);
    expect(listed.status).toBe(200);
    const names = new Set((listed.body.data as { name: string }[]).map((a) => a.name));
    expect([...acked].filter((n) => !names.has(n))).toEqual([]);
    expect((await server.http.get('/api/v2/service-accounts').set(bearer(spare.body.data.clientSecret))).status).toBe(401);
    expect((await server.http.get('/readyz')).status).toBe(200);
  },
);
