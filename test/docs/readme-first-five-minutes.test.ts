// The README's "First five minutes", run as a new user would paste it: its shell blocks, in order, in
// a fresh clone (an empty git repository with the project's .gitignore), against the built server.
// Only what a script cannot do like a person is changed: the server starts from this checkout's build
// instead of `npm ci && npm start`, on a free port, and the script waits for it to listen before the
// next block (a person reads meanwhile). Afterwards the clone is clean and holds no secret.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The ```sh blocks of the README section that starts with `heading`, in order. */
function shellBlocks(heading: string): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${heading}`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Every file under `dir` (.git aside), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.startsWith('.git/') && f !== '.git')
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

// dir/clone is the user's checkout (its working directory), dir/tmp their TMPDIR, dir/harness the
// test's own files (the script, the server's pid and stderr).
let dir: string;
let clone: string;
let harness: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamgate-readme-'));
  [clone, harness] = [join(dir, 'clone'), join(dir, 'harness')];
  for (const d of [clone, harness, join(dir, 'tmp')]) mkdirSync(d);
  copyFileSync(join(ROOT, '.gitignore'), join(clone, '.gitignore'));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: clone, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.gitignore');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'clone');
});
afterAll(() => {
  spawnSync('sh', ['-c', `[ -f ${harness}/server.pid ] && kill $(cat ${harness}/server.pid)`]);
  rmSync(dir, { recursive: true, force: true });
});

(has('curl') && has('jq') && has('git') ? test : test.skip)(
  'when a new user pastes the first five minutes, then every dialect lifecycle succeeds',
  async () => {
    const port = await freePort();
    const blocks = shellBlocks('First five minutes');
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const [install, ...rest] = blocks;
    // The install block: `npm ci`, then `npm start` in the background; the server is this build.
    expect(install).toMatch(/^npm ci$/m);
    expect(install).toMatch(/^[^#\n]*npm start [^#\n]*&/m);
    const start =
      install
        .replace(/^npm ci\n/m, '')
        .replace(
          /npm start ([^#\n]*)&/,
          `PORT=${port} HOST=127.0.0.1 node ${join(ROOT, 'dist/src/server.js')} $1 2> ${harness}/server.err & echo $! > ${harness}/server.pid`,
        ) + `for _ in $(seq 1 100); do curl -sf http://127.0.0.1:${port}/healthz > /dev/null && break; sleep 0.1; done\n`;
    const script = [
      'set -e -o pipefail',
      start,
      ...rest.map((b) => b.replaceAll('http://localhost:8080', `http://127.0.0.1:${port}`)),
    ].join('\n');
    writeFileSync(join(harness, 'five-minutes.sh'), script);
    const env = { ...process.env, TMPDIR: join(dir, 'tmp') };
    const run = spawnSync('bash', [join(harness, 'five-minutes.sh')], { cwd: clone, env, encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const out = run.stdout;
    if (process.env.SHOW_README_RUN) console.log(out);
    // GET /: the index names the service.
    expect(out).toContain('"name": "iamgate"');
    // v2: its own secret reads it, a rotated secret, the old one revoked, disabled, deleted (204).
    expect(out).toMatch(/"name": "ci-deployer"/);
    expect(out).toMatch(/^iamg_\S+$/m);
    expect(out).toMatch(/^"?revoked"?$/im);
    // v1 and v3 alike: the deletes' codes close each lifecycle.
    expect(out).toMatch(/"name": "reporting"/);
    expect(out).toMatch(/"name": "billing-sync"/);
    expect(out).not.toMatch(/^null$/m);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => /^(200|204)$/.test(l)).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => l === 'false').length).toBeGreaterThanOrEqual(2);
    // The clone is clean (the database is ignored) and no file in it holds the first Admin's secret,
    // which is in a private file outside it.
    expect(spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: clone, encoding: 'utf8' }).stdout).toBe('');
    const outside = filesUnder(join(dir, 'tmp')).filter((f) => readFileSync(f, 'utf8').includes('"clientSecret"'));
    expect(outside).toHaveLength(1);
    expect(statSync(outside[0]).mode & 0o077).toBe(0);
    const secret = (JSON.parse(readFileSync(outside[0], 'utf8')) as { clientSecret: string }).clientSecret;
    expect(secret).toMatch(/^iamg_/);
    expect(filesUnder(clone).filter((f) => readFileSync(f).includes(secret))).toEqual([]);
  },
  90_000,
);
