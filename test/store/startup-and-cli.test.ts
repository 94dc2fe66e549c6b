// The real processes: `npm start`'s server prints the bootstrap line once, the `iamgate` bin makes
// organizations, and migrations run again cleanly on an existing database.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { bearer, freshDatabase } from '../support/server';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/** Starts dist/src/server.js, resolves with its stdout so far once it listens. */
interface Started {
  stdout: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Lines of stdout that are bootstrap credentials (the rest are JSON logs). */
const bootLines = (stdout: string) => stdout.split('\n').filter((l) => l.includes('"clientSecret"'));

async function startProcess(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['dist/src/server.js'], { cwd: root, env: { ...process.env, ...env, PORT: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on http:\/\/\S+:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { stdout, port, output: () => stdout, stop };
}

const env = (url: string) => ({ DATABASE_URL: url, BCRYPT_COST: '4' });

test('when the server starts on an empty database, then it prints one bootstrap line once, and that admin works', async () => {
  const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-')), 'db.sqlite')}`);
  try {
    const first = await startProcess({ ...env(db.url), LOG_LEVEL: 'info' });
    const lines = bootLines(first.stdout);
    expect(lines).toHaveLength(1);
    const boot = JSON.parse(lines[0]);
    expect(Object.keys(boot)).toEqual(['organizationId', 'serviceAccountId', 'clientId', 'clientSecret']);
    const res = await request(`http://127.0.0.1:${first.port}`)
      .get(`/api/v2/service-accounts/${boot.serviceAccountId}`)
      .set(bearer(boot.clientSecret));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ accountId: boot.organizationId, organizationalRole: 'Admin' });
    await new Promise((r) => setTimeout(r, 100));
    const logs = first
      .output()
      .split('\n')
      .filter((l) => l && !l.includes('"clientSecret"'))
      .map((l) => JSON.parse(l));
    const access = logs.find((l) => l.msg === 'request completed' && l.route === '/api/v2/service-accounts/:id');
    expect(access).toMatchObject({
      req: { id: res.headers['x-request-id'], method: 'GET', url: `/api/v2/service-accounts/${boot.serviceAccountId}` },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      accountId: boot.serviceAccountId,
      dialect: 'v2',
      level: 30,
    });
    expect(
      first
        .output()
        .split('\n')
        .filter((l) => l.includes(boot.clientSecret)),
    ).toHaveLength(1);
    await first.stop();

    const second = await startProcess(env(db.url));
    expect(bootLines(second.stdout)).toEqual([]);
    const again = await request(`http://127.0.0.1:${second.port}`).get('/api/v2/service-accounts').set(bearer(boot.clientSecret));
    expect(again.status).toBe(200);
    await second.stop();
  } finally {
    await db.drop();
  }
});

test('when `iamgate org create --name Acme` runs, then it prints exactly one JSON line with working credentials', async () => {
  const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-')), 'db.sqlite')}`);
  try {
    const { stdout } = await run(process.execPath, ['bin/iamgate.js', 'org', 'create', '--name', 'Acme'], {
      cwd: root,
      env: { ...process.env, ...env(db.url) },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const made = JSON.parse(lines[0]);
    expect(made.clientSecret).toMatch(/^iamg_/);
    const server = await startProcess(env(db.url));
    const res = await request(`http://127.0.0.1:${server.port}`).get('/api/v2/service-accounts').set(bearer(made.clientSecret));
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { id: string }) => a.id)).toEqual([made.serviceAccountId]);
    await server.stop();
  } finally {
    await db.drop();
  }
});

test('when the bin is called wrongly, then it prints usage and exits 2', async () => {
  await expect(run(process.execPath, ['bin/iamgate.js', 'org', 'delete'], { cwd: root })).rejects.toMatchObject({ code: 2 });
});
