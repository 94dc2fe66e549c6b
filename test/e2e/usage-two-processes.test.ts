// Issue 18 across processes: calls made on two server processes sharing one database are summed
// together, and `iamgate usage` (the CLI, on the same DATABASE_URL) names exactly the accounts that
// called a dialect, exiting 3 while any did and 0 ("safe to retire") when none did.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

const root = join(__dirname, '..', '..');
let a: ServerProcess;
let b: ServerProcess;
let url: string;
let drop: () => Promise<void>;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/iamgate.js', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-usage-')), 'db.sqlite')}`);
  ({ url, drop } = db);
  a = await startServerProcess({ DATABASE_URL: url });
  b = await startServerProcess({ DATABASE_URL: url });
});
afterAll(async () => {
  await Promise.all([stopServerProcess(a), stopServerProcess(b)]);
  await drop();
});

test('v1 calls on both processes are summed; the CLI names the caller and exits 3, and 0 for an unused dialect', async () => {
  const admin = bearer(bootLineOf(a).clientSecret);
  const made = await a.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({ name: 'old integration', scopes: ['service-accounts:read'] });
  const legacy = bearer(made.body.data.clientSecret);
  expect((await a.http.get('/v1/service-accounts').set(legacy)).status).toBe(200);
  expect((await b.http.get('/v1/service-accounts').set(legacy)).status).toBe(200);
  // Each process writes its batch within 250 ms; reading usage on one flushes only its own.
  await new Promise((r) => setTimeout(r, 600));
  const usage = await b.http.get(`/api/v2/service-accounts/${made.body.data.id}/usage`).set(admin);
  expect(usage.body.data.dialects.v1.requests).toBe(2);

  const json = await cli(['usage', '--dialect', 'v1', '--json']);
  expect(json.code).toBe(3);
  const lines = json.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { accountId: string; requests: number; organization: string });
  expect(lines).toEqual([expect.objectContaining({ accountId: made.body.data.id, requests: 2, organization: 'Default' })]);

  const table = await cli(['usage', '--dialect', 'v1', '--org', 'default', '--since-days', '7']);
  expect(table.code).toBe(3);
  expect(table.stdout).toMatch(/old integration/);

  const unused = await cli(['usage', '--dialect', 'v3']);
  expect(unused).toMatchObject({ code: 0 });
  expect(unused.stdout).toMatch(/safe to retire/);
  expect((await cli(['usage'])).code).toBe(2);
});
