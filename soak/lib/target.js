'use strict';
// What the soak runs against: a fresh database (SQLite in a temp dir, or a fresh schema when
// DATABASE_URL is PostgreSQL) and one iamgate process (dist/src/server.js) on port 0 of loopback.
// The process runs in its own group and is killed on any exit of the soak; the database is removed.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { rssOf } = require('../../bench/lib/proc');

const ROOT = join(__dirname, '..', '..');

async function freshDatabase() {
  const url = process.env.DATABASE_URL ?? '';
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { Client } = require('pg');
    const base = new URL(url);
    base.searchParams.delete('schema');
    const schema = `soak_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = async (sql) => {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE SCHEMA ${schema}`);
    const withSchema = new URL(base.toString());
    withSchema.searchParams.set('schema', schema);
    return { engine: 'postgres', url: withSchema.toString(), drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'iamgate-soak-'));
  return { engine: 'sqlite', url: `sqlite:${join(dir, 'db.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts iamgate; resolves with its port, pid and the bootstrap Admin's credentials. */
function startServer(databaseUrl, env = {}) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_AUTH_FAILURES: '1000000',
      RATE_LIMIT_TOKEN_REQUESTS: '100000000',
      IDEMPOTENCY_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ...env,
    },
  });
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', kill);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out = (out + d).slice(-1_000_000);
  });
  child.stderr.on('data', (d) => {
    err = (err + d).slice(-100_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`iamgate did not start:\n${err}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`iamgate exited (${code}) before it listened:\n${err}`)));
    const check = () => {
      const m = /listening on http:\/\/\S+:(\d+)/.exec(err);
      const boot = out.split('\n').find((l) => l.includes('clientSecret'));
      if (!m || !boot) return;
      clearTimeout(timer);
      child.stderr.off('data', check);
      resolve({
        port: Number(m[1]),
        pid: child.pid,
        boot: JSON.parse(boot),
        child,
        output: () => ({ out, err }),
        /** SIGTERM, then what the process said and its exit code. */
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
            setTimeout(kill, 15_000).unref();
          }),
      });
    };
    child.stderr.on('data', check);
    child.stdout.on('data', check);
  });
}

module.exports = { freshDatabase, startServer, rssOf };
