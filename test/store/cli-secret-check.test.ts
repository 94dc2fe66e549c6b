// `iamgate secret check` (issue 30; the bin runs dist/, so `npm run build` first): offline, it says
// whether a value (an argument, or standard input) is a well-formed iamgate key secret with a valid
// checksum — exit 0 — or not — exit 1, an old secret without checksum saying so — and never opens
// the database DATABASE_URL names.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSecret } from '../../src/auth/secret-format';

const root = join(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'iamgate-secret-check-'));
const database = join(dataDir, 'never-opened.sqlite');

function check(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: `sqlite:${database}`, LOG_LEVEL: 'info' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/iamgate.js', 'secret', 'check', ...args], { cwd: root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? '');
  });
}

const keyId = randomUUID();
const secret = formatSecret(keyId);
const old = `iamg_${randomBytes(32).toString('base64url')}${keyId.replace(/-/g, '')}`;

afterAll(() => {
  // No database file, no WAL, nothing beside it: the command never opened DATABASE_URL.
  expect(readdirSync(dataDir)).toEqual([]);
});

test('when given a secret iamgate issued, as an argument or on standard input, then it exits 0 naming the key', async () => {
  for (const ran of [await check([secret]), await check([], `${secret}\n`)]) {
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout).toBe(`valid: a well-formed iamgate key secret with a valid checksum (key ${keyId})\n`);
  }
  expect(existsSync(database)).toBe(false);
});

test('when the checksum does not match, then it exits 1 saying so', async () => {
  const ran = await check([secret.slice(0, -1) + (secret.endsWith('x') ? 'y' : 'x')]);
  expect(ran.code).toBe(1);
  expect(ran.stdout).toMatch(/^invalid: .*checksum does not match/);
});

test('when the secret is of the old format, without checksum, then it exits 1 with a line saying so', async () => {
  const ran = await check([], old);
  expect(ran.code).toBe(1);
  expect(ran.stdout).toMatch(new RegExp(`^old format: .*before checksums \\(key ${keyId}\\)`));
});

test.each([
  ['nothing at all', ''],
  ['noise', 'hello world'],
  ['an access token', 'iamgt_abc.def'],
])('when standard input holds %s, then it exits 1: not an iamgate secret', async (_what, input) => {
  const ran = await check([], input);
  expect(ran).toMatchObject({ code: 1, stdout: 'invalid: not an iamgate key secret\n' });
});

test('when given two values or an option, then it is wrong usage (exit 2)', async () => {
  expect((await check([secret, secret])).code).toBe(2);
  expect((await check(['--org', 'x', secret])).code).toBe(2);
});
