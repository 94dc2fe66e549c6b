'use strict';
// Child processes of the benchmark: every one is started in its own process group and killed at
// the end, on failure, on Ctrl-C and on exit, so nothing is left running.
const { spawn } = require('node:child_process');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

const ROOT = join(__dirname, '..', '..');
// BENCH_SERVER_JS: measure another build (say, of the commit before a change) with the same bench.
const SERVER_JS = process.env.BENCH_SERVER_JS || join(ROOT, 'dist', 'src', 'server.js');
const live = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

/** Kills every child still running (synchronously: usable from an 'exit' handler). */
function killAll() {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM the group, wait up to `ms`, then SIGKILL. */
async function stop(child, ms = 10_000) {
  if (!child || exited(child)) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), ms);
  await gone;
  clearTimeout(timer);
  live.delete(child);
}

function nodeChild(script, env, args = [], nodeArgs = []) {
  return track(
    spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
  );
}

/** Collects a child's output; resolves with the first match of `pattern` in `stream`. */
function waitFor(child, stream, pattern, what, ms = 60_000) {
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(stream === 'stdout' ? out : err);
      if (m) {
        cleanup();
        resolve({ match: m, output: () => ({ out, err }) });
      }
    };
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`${what} exited (${signal ?? code}) before it was ready:\n${err || out}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} not ready after ${ms} ms:\n${err || out}`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', onExit);
  });
}

const SEALING_KEY = randomBytes(32).toString('hex');
/** BENCH_NODE_ARGS: node options for every iamgate started (say, --cpu-prof --cpu-prof-dir=prof). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Starts iamgate (`node dist/src/server.js`) on port 0. Resolves with its port and, on an empty
 * database, the bootstrap credentials it printed. `env`: more variables (TOKEN_FORMAT…).
 */
async function startIamgate({ databaseUrl, workers = 1, bcryptCost, env: extra = {}, serverJs = SERVER_JS }) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
    BCRYPT_COST: String(bcryptCost),
    IAMGATE_WORKERS: String(workers),
    RATE_LIMIT_AUTH_FAILURES: '1000000',
    RATE_LIMIT_TOKEN_REQUESTS: '100000000',
    IDEMPOTENCY_ENCRYPTION_KEY: SEALING_KEY,
    ...extra,
  };
  if (process.env.UV_THREADPOOL_SIZE) env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE;
  const child = nodeChild(serverJs, env, [], NODE_ARGS);
  const ready = await waitFor(child, 'stderr', /iamgate listening on http:\/\/\S+:(\d+)/, 'iamgate');
  const { out } = ready.output();
  let boot = null;
  for (const line of out.split('\n')) {
    if (!line.includes('clientSecret')) continue;
    try {
      boot = JSON.parse(line);
    } catch {
      /* not the bootstrap line */
    }
  }
  return { child, pid: child.pid, port: Number(ready.match[1]), boot, workers, stop: () => stop(child) };
}

/**
 * A ceiling server (bench/servers/ceiling-*.js) answering the recorded responses in `responsesFile`
 * (lib/replay.js); it prints its port. express can also burn CPU and fork (calibration).
 */
async function startCeiling(kind, responsesFile, { spinUs = 0, workers = 1 } = {}) {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    RESPONSES_FILE: responsesFile,
    SPIN_US: String(spinUs),
    WORKERS: String(workers),
  };
  const child = nodeChild(join(__dirname, '..', 'servers', `ceiling-${kind}.js`), env);
  const ready = await waitFor(child, 'stdout', /^(\d+)\n/, `${kind} ceiling`);
  return { child, pid: child.pid, port: Number(ready.match[1]), stop: () => stop(child) };
}

/** The oidc-provider peer (bench/servers/oidc-peer.js) with one client; it prints its port. */
async function startPeer({ clientId, clientSecret }) {
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', CLIENT_ID: clientId, CLIENT_SECRET: clientSecret };
  const child = nodeChild(join(__dirname, '..', 'servers', 'oidc-peer.js'), env);
  const ready = await waitFor(child, 'stdout', /^(\d+)\n/, 'oidc-provider peer');
  return { child, pid: child.pid, port: Number(ready.match[1]), stop: () => stop(child) };
}

/**
 * Starts bench/servers/bcrypt-ceiling.js; `run(seconds)` makes it hash for that long and resolves
 * like load.runOnce (each hash counts as one answer), so it can be paired with a load.
 */
async function startBcryptCeiling({ bcryptCost }) {
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', BCRYPT_COST: String(bcryptCost) };
  if (process.env.UV_THREADPOOL_SIZE) env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE;
  const child = track(
    spawn(process.execPath, [join(__dirname, '..', 'servers', 'bcrypt-ceiling.js')], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    }),
  );
  const ready = await waitFor(child, 'stdout', /^(\{.*\})\n/, 'bcrypt ceiling');
  const { threads } = JSON.parse(ready.match[1]);
  let buffered = '';
  const waiting = [];
  child.stdout.on('data', (d) => {
    buffered += d;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(JSON.parse(line));
    }
  });
  return {
    threads,
    name: 'bcrypt ceiling',
    run(seconds) {
      return new Promise((resolve) => {
        waiting.push(({ hashes, seconds: took }) =>
          resolve({ ok: hashes, other: 0, errors: 0, statuses: {}, latencies: [], seconds: took }),
        );
        child.stdin.write(`run ${Math.round(seconds * 1000)}\n`);
      });
    },
    stop: () => stop(child),
  };
}

/** Resident set size of a process in bytes (VmRSS), or 0 when it is gone. */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The direct children of a process (cluster workers of the iamgate primary). */
function childPids(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* raced with an exit */
    }
  }
  return out;
}

/** Samples the peak VmRSS of `pids()` every `everyMs` until stopped. */
function rssSampler(pids, everyMs = 200) {
  const peak = new Map();
  const sample = () => {
    for (const pid of pids()) peak.set(pid, Math.max(peak.get(pid) ?? 0, rssOf(pid)));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

module.exports = {
  startIamgate,
  startCeiling,
  startPeer,
  startBcryptCeiling,
  stop,
  killAll,
  rssOf,
  rssSampler,
  childPids,
  SERVER_JS,
  ROOT,
};
