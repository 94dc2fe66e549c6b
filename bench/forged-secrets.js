#!/usr/bin/env node
'use strict';
// The repro of issue 25, item 3 (not part of npm run bench): 300 concurrent forged secrets (the
// Admin's real key id, a wrong random part) from 127.0.0.2, while a client on 127.0.0.1 whose secret
// is already verified creates a service account (one bcrypt hash). Prints the flood's statuses,
// the bcrypt runs counted by /metrics (with IAMGATE_WORKERS > 1, one worker's), how long the
// creation took and when the flood's last answer came. Loopback, Linux (127.0.0.2).
// Usage: node bench/forged-secrets.js [path/to/server.js] (default dist/src/server.js; build first).
// Environment: FLOOD (300), BCRYPT_COST (10), FORGE=unknown (a key id of its own per secret),
// IAMGATE_WORKERS; SQLite in a temporary directory, removed at the end.
const { spawn } = require('node:child_process');
const http = require('node:http');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const serverJs = resolve(process.argv[2] ?? 'dist/src/server.js');
const N = Number(process.env.FLOOD ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'flood-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const attacker = new http.Agent({ localAddress: '127.0.0.2', maxSockets: Infinity });
const legit = new http.Agent({ localAddress: '127.0.0.1', maxSockets: 10 });

function call(agent, method, path, headers, body) {
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => ok({ status: res.statusCode, body: data, headers: res.headers }));
    });
    req.on('error', fail);
    if (body) req.end(body);
    else req.end();
  });
}

async function bcryptCounts() {
  const m = (await call(legit, 'GET', '/metrics', {})).body;
  const out = {};
  for (const op of ['hash', 'verify', 'decoy']) {
    const line = m.split('\n').find((l) => l.startsWith(`iamgate_bcrypt_duration_seconds_count{operation="${op}"}`));
    out[op] = line ? Number(line.split(' ').pop()) : 0;
  }
  return out;
}

(async () => {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    LOG_LEVEL: 'silent',
    BCRYPT_COST: process.env.BCRYPT_COST ?? '10',
  };
  const child = spawn(process.execPath, [serverJs], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const boot = await new Promise((ok) => {
      let buf = '';
      child.stdout.on('data', (c) => {
        buf += c;
        const line = buf.split('\n').find((l) => l.includes('clientSecret'));
        if (line) ok(JSON.parse(line));
      });
    });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await call(legit, 'GET', '/healthz', {})).status === 200) break;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const auth = { Authorization: `Bearer ${boot.clientSecret}` };
    const warm = await call(legit, 'GET', '/api/v2/service-accounts', auth); // the Admin's secret is now verified (cached)
    if (warm.status !== 200) throw new Error(`warm-up ${warm.status}`);
    const keyHex = boot.clientSecret.slice(48, 80);
    // FORGE=unknown: a key id of its own each time (none exists) instead of the Admin's. With a valid
    // checksum (issue 30), so that each one reaches bcrypt as a crafted secret would.
    const { randomBytes } = require('node:crypto');
    const { checksumOf } = require(resolve(serverJs, '..', 'auth', 'secret-checksum.js'));
    const forged = () => {
      const body = `iamg_${randomBytes(32).toString('base64url')}${process.env.FORGE === 'unknown' ? randomBytes(16).toString('hex') : keyHex}`;
      return body + checksumOf(body);
    };
    const before = await bcryptCounts();
    const t0 = Date.now();
    let floodDone = 0;
    const statuses = {};
    const flood = Promise.all(
      Array.from({ length: N }, () =>
        call(attacker, 'GET', '/api/v2/service-accounts', { Authorization: `Bearer ${forged()}` }).then((r) => {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          floodDone = Date.now() - t0;
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50)); // the flood is in flight
    const c0 = Date.now();
    const created = await call(
      legit,
      'POST',
      '/api/v2/service-accounts',
      { ...auth, 'Content-Type': 'application/json' },
      JSON.stringify({ name: 'During the flood', scopes: ['service-accounts:read'] }),
    );
    const creationMs = Date.now() - c0;
    await flood;
    const after = await bcryptCounts();
    console.log(
      JSON.stringify({
        flood: N,
        statuses,
        creationStatus: created.status,
        creationMs,
        floodFinishedMs: floodDone,
        bcryptRuns: { verify: after.verify - before.verify, decoy: after.decoy - before.decoy, hash: after.hash - before.hash },
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    attacker.destroy();
    legit.destroy();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
