// Issue 32: `iamgate janitor` (dist/, so `npm run build` first) beside a running server on the same
// database: `--dry-run --as-of` prints one JSON line per action due then and changes nothing; the
// real run prints what it did; run again, it prints nothing. Bad options are usage errors (exit 2).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/store/data-source';
import { bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(90_000);
const root = join(__dirname, '..', '..');
const DAY = 86_400_000;
let server: ServerProcess | undefined;
let db: DataSource;
let url: string;
let drop: () => Promise<void>;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    BCRYPT_COST: '4',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  };
  return new Promise((resolve) =>
    execFile(process.execPath, ['bin/iamgate.js', ...args], { cwd: root, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    ),
  );
}
const lines = (stdout: string) =>
  stdout
    ? stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { action: string; keyId: string })
    : [];

afterAll(async () => {
  await stopServerProcess(server);
  if (db?.isInitialized) await db.destroy();
  await drop?.();
});

test('when the dry run looks ahead, then it lists the idle keys and changes nothing; the real run disables them once', async () => {
  const fresh = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-janitor-')), 'db.sqlite')}`);
  url = fresh.url;
  drop = fresh.drop;
  server = await startServerProcess({
    DATABASE_URL: url,
    IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    JANITOR_INTERVAL_S: '0',
  });
  const auth = bearer(bootLineOf(server).clientSecret);
  const ids: string[] = [];
  for (const name of ['cli idle one', 'cli idle two']) {
    const res = await server.http
      .post('/api/v2/service-accounts')
      .set(auth)
      .send({ name, scopes: ['service-accounts:read'] });
    ids.push(res.body.data.credentials[0].id);
  }
  expect((await server.http.put('/api/v2/credential-policy').set(auth).send({ disableUnusedKeysAfterDays: 30 })).status).toBe(200);
  db = createDataSource(url).dataSource;
  await db.initialize();
  const snapshot = () =>
    db.query('SELECT id, enabled FROM keys ORDER BY id').then(async (k) => [k, await db.query('SELECT COUNT(*) AS n FROM audit_events')]);
  const before = await snapshot();

  const dry = await cli(['janitor', '--dry-run', '--as-of', new Date(Date.now() + 31 * DAY).toISOString()]);
  expect(dry.code).toBe(0);
  // The Admin's key is idle too, but it is the organization's last: spared.
  expect(
    lines(dry.stdout)
      .map((l) => `${l.action} ${l.keyId}`)
      .sort(),
  ).toEqual(ids.map((id) => `disable ${id}`).sort());
  expect(lines((await cli(['janitor', '--dry-run'])).stdout)).toEqual([]);
  expect(await snapshot()).toEqual(before);

  // Thirty-one days later (the keys' times moved back instead): the real run does it, once.
  const past = new Date(Date.now() - 31 * DAY).toISOString();
  const pg = fresh.engine === 'postgres';
  await db.query(`UPDATE keys SET created_at = ${pg ? '$1' : '?'}, last_used_at = NULL`, [past]);
  const run = await cli(['janitor']);
  expect(run.code).toBe(0);
  expect(
    lines(run.stdout)
      .map((l) => l.keyId)
      .sort(),
  ).toEqual([...ids].sort());
  expect((await cli(['janitor'])).stdout).toBe('');
  const disabled = (await db.query(`SELECT id FROM keys WHERE enabled = ${pg ? 'false' : '0'} ORDER BY id`)) as { id: string }[];
  expect(disabled.map((r) => r.id)).toEqual([...ids].sort());
});

test.each([
  [['janitor', '--as-of', '2030-01-01T00:00:00Z']],
  [['janitor', '--dry-run', '--as-of', 'tomorrow']],
  [['janitor', '--name', 'x']],
])('when called with %j, then usage is on stderr and it exits 2', async (args) => {
  const ran = await cli(args);
  expect(ran.code).toBe(2);
  expect(ran.stderr).toMatch(/^usage: iamgate/);
});
