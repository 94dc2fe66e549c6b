// The built server (dist/src/server.js, so `npm run build` first): the start-up line names the
// address actually bound (HOST, default 0.0.0.0), and BOOTSTRAP_CREDENTIALS_FILE takes the
// first-start credentials off stdout (which log shippers keep) into a file only its owner can read.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer, freshDatabase } from '../support/server';

const root = join(__dirname, '..', '..');
const LISTENING = /iamgate listening on (http:\/\/\S+):(\d+) \(([^)]+)\)/;

interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  stdout: () => string;
  stderr: () => string;
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = LISTENING.exec(err);
      if (m) resolve({ child, url: m[1], port: Number(m[2]), stdout: () => out, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

function stop(s: Started | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

/** Runs the server to its end (a failed start), with its exit code and output. */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'iamgate-'));
const sqliteIn = (dir: string) => `sqlite:${join(dir, 'db.sqlite')}`;
const mode = (path: string) => statSync(path).mode & 0o777;

let running: Started | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop(running);
  running = undefined;
  await drop?.();
  drop = undefined;
});

async function database(dir: string): Promise<string> {
  const db = await freshDatabase(sqliteIn(dir));
  drop = db.drop;
  return db.url;
}

describe('the start-up line', () => {
  test('when HOST is unset, then the server binds 0.0.0.0 and says so, and answers on the loopback address', async () => {
    running = await start({ DATABASE_URL: await database(tempDir()) });
    expect(running.url).toBe('http://0.0.0.0');
    const res = await request(`http://127.0.0.1:${running.port}`).get('/');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('iamgate');
  });

  test('when HOST=127.0.0.1, then that is the address bound and named', async () => {
    running = await start({ DATABASE_URL: await database(tempDir()), HOST: '127.0.0.1' });
    expect(running.url).toBe('http://127.0.0.1');
    expect((await request(`http://127.0.0.1:${running.port}`).get('/healthz')).status).toBe(200);
  });

  test('when HOST is not an address of this machine, then one line says so and the start fails', async () => {
    const run = await runToExit({ DATABASE_URL: await database(tempDir()), HOST: '192.0.2.1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /failed to start: port 0 cannot be opened: HOST 192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL\)/,
    );
  });
});

describe('BOOTSTRAP_CREDENTIALS_FILE', () => {
  test('when it is set on a first start, then the credentials are in that file (0600) and nowhere on stdout', async () => {
    const dir = tempDir();
    const file = join(dir, 'secrets', 'bootstrap.json');
    running = await start({ DATABASE_URL: await database(dir), BOOTSTRAP_CREDENTIALS_FILE: file, LOG_LEVEL: 'info' });
    expect(mode(file)).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
    const boot = JSON.parse(text) as { organizationId: string; serviceAccountId: string; clientId: string; clientSecret: string };
    expect(Object.keys(boot)).toEqual(['organizationId', 'serviceAccountId', 'clientId', 'clientSecret']);
    const http = request(`http://127.0.0.1:${running.port}`);
    const res = await http.get(`/api/v2/service-accounts/${boot.serviceAccountId}`).set(bearer(boot.clientSecret));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200)); // the request's log line
    expect(running.stdout()).not.toContain('clientSecret');
    expect(running.stdout()).not.toContain(boot.clientSecret);
    expect(running.stdout()).toContain('"msg":"request completed"'); // stdout still carries the logs
    expect(running.stderr()).toContain(`wrote the first-start credentials to ${file}`);
    expect(running.stderr()).not.toContain(boot.clientSecret);
  });

  test('when the file already exists with a wider mode, then it is replaced and made 0600', async () => {
    const dir = tempDir();
    const file = join(dir, 'bootstrap.json');
    writeFileSync(file, 'an old line that is longer than the new one will be, to show the file is truncated '.repeat(4));
    chmodSync(file, 0o644);
    running = await start({ DATABASE_URL: await database(dir), BOOTSTRAP_CREDENTIALS_FILE: file });
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).clientSecret).toMatch(/^iamg_/);
  });

  test('when the server starts again on the same database, then the file is left alone and nothing is printed', async () => {
    const dir = tempDir();
    const file = join(dir, 'bootstrap.json');
    const url = await database(dir);
    running = await start({ DATABASE_URL: url, BOOTSTRAP_CREDENTIALS_FILE: file });
    const first = readFileSync(file, 'utf8');
    await stop(running);
    running = await start({ DATABASE_URL: url, BOOTSTRAP_CREDENTIALS_FILE: file });
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(running.stdout()).not.toContain('clientSecret');
    expect(running.stderr()).not.toContain('wrote the first-start credentials');
  });

  test('when the file cannot be written, then the start fails with one line saying how to get an Admin key', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    const run = await runToExit({ DATABASE_URL: await database(dir), BOOTSTRAP_CREDENTIALS_FILE: join(blocker, 'bootstrap.json') });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('clientSecret');
    expect(run.stderr).toMatch(
      /failed to start: BOOTSTRAP_CREDENTIALS_FILE .* could not be written .*node bin\/iamgate\.js admin create --org [0-9a-f-]{36}/,
    );
    expect(run.stderr).not.toMatch(/iamg_/);
  });

  test('when workers share the port, then the primary writes the file and the line names the bound address', async () => {
    const dir = tempDir();
    const file = join(dir, 'bootstrap.json');
    running = await start({ DATABASE_URL: await database(dir), BOOTSTRAP_CREDENTIALS_FILE: file, IAMGATE_WORKERS: '2', HOST: '127.0.0.1' });
    expect(running.url).toBe('http://127.0.0.1');
    expect(mode(file)).toBe(0o600);
    const boot = JSON.parse(readFileSync(file, 'utf8'));
    expect(running.stdout()).not.toContain(boot.clientSecret);
    const res = await request(`http://127.0.0.1:${running.port}`).get('/api/v2/service-accounts').set(bearer(boot.clientSecret));
    expect(res.status).toBe(200);
  });
});
