// The README's "First five minutes", run as a new user would paste it: its shell blocks, in order, in
// an empty directory, against the built server. Only what a script cannot do like a person is
// changed: the server starts from this checkout's build instead of `npm ci && npm start`, on a free
// port, and the script waits for it to listen before the next block (a person reads meanwhile).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamgate-readme-'));
});
afterAll(() => {
  spawnSync('sh', ['-c', `[ -f ${dir}/server.pid ] && kill $(cat ${dir}/server.pid)`]);
  rmSync(dir, { recursive: true, force: true });
});

(has('curl') && has('jq') ? test : test.skip)(
  'when a new user pastes the first five minutes, then every dialect lifecycle succeeds',
  async () => {
    const port = await freePort();
    const blocks = shellBlocks('First five minutes');
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const [install, ...rest] = blocks;
    expect(install).toContain('npm start > iamgate.log &');
    const start =
      `PORT=${port} HOST=127.0.0.1 node ${join(ROOT, 'dist/src/server.js')} > iamgate.log 2> iamgate.err & echo $! > server.pid\n` +
      `for _ in $(seq 1 100); do curl -sf http://127.0.0.1:${port}/healthz > /dev/null && break; sleep 0.1; done\n`;
    const script = [
      'set -e -o pipefail',
      start,
      ...rest.map((b) => b.replaceAll('http://localhost:8080', `http://127.0.0.1:${port}`)),
    ].join('\n');
    writeFileSync(join(dir, 'five-minutes.sh'), script);
    const run = spawnSync('bash', ['five-minutes.sh'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
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
  },
  90_000,
);
