// A private PostgreSQL cluster for tests that stop and start the database (never the shared server
// on 5432): initdb in a temp dir owned by the `postgres` OS user, on a free port, stopped and
// removed afterwards. `available()` says whether this machine can run one (binaries, root or postgres).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/** initdb refuses root: run the binaries as `postgres` when we are root. */
function asPostgres(): { uid: number; gid: number } | null {
  if (userInfo().username === 'postgres') return { uid: process.getuid!(), gid: process.getgid!() };
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return id.status === 0 ? { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) } : null;
}

export function privatePostgresAvailable(): boolean {
  return binDir() !== null && asPostgres() !== null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  start(): void;
  /** `pg_ctl stop -m fast`: open sessions are terminated, new connections refused. */
  stop(): void;
  /** SIGSTOP / SIGCONT to the server and its backends: a database that stops answering, connections open. */
  freeze(): void;
  thaw(): void;
  /** Stops (if running) and removes the data directory. */
  destroy(): void;
}

/** The postmaster and its children (backends, background workers). */
function clusterPids(postmaster: number): number[] {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir()!;
  const owner = asPostgres()!;
  const dir = mkdtempSync(join(tmpdir(), 'iamgate-pg-'));
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) =>
    execFileSync(join(bin, tool), args, { uid: owner.uid, gid: owner.gid, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  let running = false;
  let frozen: number | null = null;
  const pg: PrivatePostgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
      run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '30', 'start']);
      running = true;
    },
    stop() {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    freeze() {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      for (const pid of clusterPids(postmaster)) process.kill(pid, 'SIGSTOP');
      frozen = postmaster;
    },
    thaw() {
      if (frozen === null) return;
      for (const pid of clusterPids(frozen)) process.kill(pid, 'SIGCONT');
      frozen = null;
    },
    destroy() {
      try {
        pg.thaw();
        pg.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return pg;
}
