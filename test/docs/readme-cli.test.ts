// The README's `iamgate` commands, typed as a user would in a copy of a built checkout: each answers,
// and nothing but the database changes — `dist/` above all (`npx iamgate` used to install the checkout
// and rebuild `dist/` under a running server). Needs `npm run build` first, like the other dist tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Every file under `dir` but the database directory: path → content hash and mtime. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const rel = relative(dir, path);
      if (rel === 'data' || rel === 'node_modules') continue;
      if (entry.isDirectory()) walk(path);
      else files[rel] = `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mtimeMs}`;
    }
  };
  walk(dir);
  return files;
}

let checkout: string;
beforeAll(() => {
  // A checkout after `npm ci`: the tracked files the CLI needs and the build; node_modules shared.
  checkout = mkdtempSync(join(tmpdir(), 'iamgate-cli-checkout-'));
  for (const path of ['package.json', 'package-lock.json', 'bin', 'dist'])
    cpSync(join(ROOT, path), join(checkout, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

/** Runs one README command line in the checkout, on the default database (./data/iamgate.sqlite). */
function run(command: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: checkout, BCRYPT_COST: '4' };
  const ran = spawnSync('sh', ['-c', command], { cwd: checkout, env, encoding: 'utf8', timeout: 30_000 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

test("when a user runs the README's iamgate commands in a built checkout, then each answers and only the database is written", () => {
  const commands = [...readme.matchAll(/`(node bin\/iamgate\.js [^`]+)`/g)].map((m) => m[1]);
  const create = 'node bin/iamgate.js org create --name "Acme"';
  const recover = 'node bin/iamgate.js admin create --org Default';
  expect(commands).toEqual(
    expect.arrayContaining([create, 'node bin/iamgate.js org list', 'node bin/iamgate.js admin create --org <id or name>', recover]),
  );
  expect(readme).not.toMatch(/`npx iamgate /); // no command that installs and builds
  const before = snapshot(checkout);

  const acme = run(create);
  expect(acme).toMatchObject({ status: 0, stderr: '' });
  expect(JSON.parse(acme.stdout)).toMatchObject({ organizationId: expect.any(String), clientSecret: expect.stringMatching(/^iamg_/) });
  expect(run(create.replace('Acme', 'Default')).status).toBe(0); // what the first start makes
  const recovered = run(recover);
  expect(recovered).toMatchObject({ status: 0, stderr: '' });
  expect(JSON.parse(recovered.stdout)).toMatchObject({ clientSecret: expect.stringMatching(/^iamg_/) });
  expect(run('node bin/iamgate.js admin create --org <id or name>'.replace('<id or name>', 'Acme')).status).toBe(0);
  const list = run('node bin/iamgate.js org list');
  expect(list.status).toBe(0);
  const orgs = list.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { name: string; accounts: number });
  expect(orgs.map((o) => [o.name, o.accounts]).sort()).toEqual([
    ['Acme', 2],
    ['Default', 2],
  ]);
  expect(run('node bin/iamgate.js --help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: iamgate/) });

  expect(snapshot(checkout)).toEqual(before);
  expect(readdirSync(join(checkout, 'data')).sort()).toEqual(expect.arrayContaining(['iamgate.sqlite']));
}, 60_000);
