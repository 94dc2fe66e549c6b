#!/usr/bin/env node
'use strict';
// node bench/tenant-stall.js — can one tenant's heavy read stall the others? (issue 25, item 5)
//
// Builds the data set of the report (STALL_ACCOUNTS service accounts, each a member of every one of
// STALL_GROUPS groups) in one organization through the API, then sends that organization's
// `GET …/groups?limit=1&include=service_accounts` while another organization keeps calling /healthz
// and its own account list, and prints how long the heavy request took and the longest wait of the
// others, for STALL_ROUNDS rounds (the first pays for cold code paths). Run `npm run build` first (it measures dist/); BENCH_SERVER_JS measures another build.
// DATABASE_URL: a postgres:// URL → a fresh schema of it; otherwise SQLite in a temp file.
// STALL_WORKERS: IAMGATE_WORKERS of the server (1).
const { execFileSync } = require('node:child_process');
const { dirname, join } = require('node:path');
const proc = require('./lib/proc');
const { openDatabases } = require('./lib/databases');
const { envNumber } = require('./lib/env');

const ACCOUNTS = envNumber('STALL_ACCOUNTS', 300, { positive: true });
const GROUPS = envNumber('STALL_GROUPS', 50, { positive: true });
const ROUNDS = envNumber('STALL_ROUNDS', 3, { positive: true });
const WORKERS = envNumber('STALL_WORKERS', 1, { positive: true });
const PROBE_EVERY_MS = 20;
const SERVER_JS = process.env.BENCH_SERVER_JS || join(__dirname, '..', 'dist', 'src', 'server.js');
const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);

async function call(base, method, path, secret, body, type = 'application/json') {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secret}`, ...(body ? { 'Content-Type': type } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function must(what, reply) {
  const r = await reply;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

async function inParallel(n, items, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (queue.length) await work(queue.shift());
    }),
  );
}

async function main() {
  const dbs = await openDatabases();
  const db = await dbs.open('stall');
  const server = await proc.startIamgate({ databaseUrl: db.serverUrl, bcryptCost: 4, serverJs: SERVER_JS, workers: WORKERS });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const a = { org: server.boot.organizationId, secret: server.boot.clientSecret };
    const v3 = (path) => `/v3/orgs/${a.org}/iam${path}`;
    const JSONAPI = 'application/vnd.api+json';
    log(`seeding ${ACCOUNTS} accounts in ${GROUPS} groups (${db.engine})…`);
    const ids = [];
    await inParallel(4, [...Array(ACCOUNTS).keys()], async (i) => {
      const r = await must('account', call(base, 'POST', '/api/v2/service-accounts', a.secret, { name: `stall-${i}` }));
      ids.push(r.body.data.id);
    });
    const role = await must(
      'role',
      call(
        base,
        'POST',
        v3('/roles'),
        a.secret,
        { data: { type: 'roles', attributes: { name: 'stall', permissions: ['x:read'] } } },
        JSONAPI,
      ),
    );
    for (let g = 0; g < GROUPS; g++) {
      const group = await must(
        'group',
        call(
          base,
          'POST',
          v3('/groups'),
          a.secret,
          {
            data: { type: 'groups', attributes: { name: `stall-${g}`, bindings: [{ role: role.body.data.id }] } },
          },
          JSONAPI,
        ),
      );
      for (let at = 0; at < ids.length; at += 100) {
        const data = ids.slice(at, at + 100).map((id) => ({ type: 'service-accounts', id }));
        await must(
          'members',
          call(base, 'POST', v3(`/groups/${group.body.data.id}/relationships/service-accounts`), a.secret, { data }, JSONAPI),
        );
      }
    }
    // Another tenant, made by the CLI of the same build.
    const cli = join(dirname(SERVER_JS), 'cli.js');
    const made = JSON.parse(
      execFileSync(process.execPath, [cli, 'org', 'create', '--name', 'other tenant'], {
        env: { PATH: process.env.PATH, DATABASE_URL: db.serverUrl, BCRYPT_COST: '4', LOG_LEVEL: 'silent' },
      }).toString(),
    );
    const b = { org: made.organizationId ?? made.organization?.id, secret: made.clientSecret ?? made.admin?.clientSecret };
    await must('other tenant', call(base, 'GET', `/v3/orgs/${b.org}/iam/service-accounts`, b.secret));

    log('measuring…');
    for (let round = 1; round <= ROUNDS; round++) {
      let done = false;
      const waits = { healthz: [], other: [] };
      const heavy = call(base, 'GET', v3('/groups?limit=1&include=service_accounts'), a.secret).finally(() => {
        done = true;
      });
      const probe = async (kind, path, secret) => {
        while (!done) {
          const r = await call(base, 'GET', path, secret);
          waits[kind].push({ ms: r.ms, status: r.status });
          await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
        }
      };
      await Promise.all([heavy, probe('healthz', '/healthz'), probe('other', `/v3/orgs/${b.org}/iam/service-accounts`, b.secret)]);
      const r = await heavy;
      const worst = (list) => Math.max(0, ...list.map((w) => w.ms));
      const result = {
        engine: db.engine,
        workers: WORKERS,
        round,
        accounts: ACCOUNTS,
        groups: GROUPS,
        heavy: { status: r.status, ms: Math.round(r.ms), retryAfter: r.headers.get('retry-after'), included: r.body?.included?.length },
        healthz: { probes: waits.healthz.length, worstMs: Math.round(worst(waits.healthz)) },
        otherTenant: {
          probes: waits.other.length,
          worstMs: Math.round(worst(waits.other)),
          statuses: [...new Set(waits.other.map((w) => w.status))],
        },
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
  } finally {
    await server.stop();
    await dbs.drop();
  }
}

main().catch((err) => {
  log(err.stack || String(err));
  proc.killAll?.();
  process.exit(1);
});
