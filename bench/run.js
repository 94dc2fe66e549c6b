#!/usr/bin/env node
'use strict';
// npm run bench — iamgate's performance benchmark (issue 7).
//
// Measures the build: `npm run bench` builds first, then runs dist/src/server.js (node bench/run.js alone
// measures whatever was built last).
// Loopback only. Every server it starts (iamgate on port 0, the ceilings) is stopped at the end,
// also on failure or Ctrl-C, and its temporary SQLite files or PostgreSQL schemas are removed.
//
// Each target is a ratio, measured paired: the two sides run in alternating slices (lib/load.js),
// so background load on the machine weighs on both alike.
//
// Environment: DATABASE_URL (a postgres:// URL → PostgreSQL, in fresh schemas; otherwise SQLite in
// a temp dir), BCRYPT_COST (10), BENCH_DURATION (6 s measured per figure), BENCH_WARMUP (1.5 s),
// BENCH_PREWARM (per route, once, before anything is measured), BENCH_CONNECTIONS (10),
// BENCH_BASE_ACCOUNTS (10,000), BENCH_ACCOUNTS (1,000,000), BENCH_NAME (results file name),
// BENCH_SERVER_JS (measure another build).
const { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const proc = require('./lib/proc');
const { measure, measurePaired, runOnce } = require('./lib/load');
const { seedAccounts, seededId, seedBase } = require('./lib/seed');
const report = require('./lib/report');

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
};

const DURATION = num('BENCH_DURATION', 6);
const WARMUP = num('BENCH_WARMUP', Math.min(1.5, Math.max(0.5, DURATION / 4)));
const PREWARM = num('BENCH_PREWARM', Math.max(1, WARMUP));
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const SMALL = num('BENCH_BASE_ACCOUNTS', 10_000);
const LARGE = num('BENCH_ACCOUNTS', 1_000_000);
const BCRYPT_COST = num('BCRYPT_COST', 10);
const FLOOD_CONNECTIONS = 8;
const PROBE = { connections: 2, overallRate: 200 };
const EMAIL_DOMAIN = 'iam.ctrl-hub.com';
const RESULTS = join(__dirname, 'results');
const SLICE = Math.max(0.5, Math.min(1, DURATION / 4));

const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
const tagOf = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

// ---------------------------------------------------------------------------------------------
// Databases: fresh SQLite files in a temp directory, or fresh schemas when DATABASE_URL is a
// PostgreSQL URL.
async function openDatabases() {
  const url = process.env.DATABASE_URL ?? '';
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { Client } = require('pg');
    const base = new URL(url);
    base.searchParams.delete('schema');
    const prefix = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const made = [];
    const admin = async (sql) => {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      try { await c.query(sql); } finally { await c.end(); }
    };
    const open = async (name) => {
      const schema = `${prefix}_${name}`;
      await admin(`CREATE SCHEMA ${schema}`);
      made.push(schema);
      const withSchema = new URL(base.toString());
      withSchema.searchParams.set('schema', schema);
      return { engine: 'postgres', url: base.toString(), schema, serverUrl: withSchema.toString(), where: `schema ${schema}` };
    };
    return { open, async drop() { for (const s of made) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'iamgate-bench-'));
  return {
    open: async (name) => {
      const file = join(dir, name, 'iamgate.sqlite');
      return { engine: 'sqlite', file, serverUrl: `sqlite:${file}`, where: file };
    },
    async drop() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// ---------------------------------------------------------------------------------------------
const rows = [];

function addRow(row) {
  rows.push(row);
  log(`  ${row.label.padEnd(48)} ${report.fmtInt(row.rps).padStart(8)} req/s   p50 ${report.fmt(row.p50).padStart(7)} ms   p99 ${report.fmt(row.p99).padStart(7)} ms`);
  return row;
}

const toRow = (key, label, group, r, extra = {}) => ({ key, label, group, rps: r.rps, p50: r.p50, p99: r.p99, requests: r.ok, ...extra });

/** Runs `work` while sampling the VmRSS of `pids()`; resolves with [result, peak bytes of any of them]. */
async function withRss(pids, work) {
  const sampler = proc.rssSampler(pids);
  try {
    const result = await work();
    return [result, Math.max(0, ...sampler.stop().values())];
  } finally {
    sampler.stop();
  }
}

const engineOf = (url) => (/^postgres(ql)?:\/\//.test(url ?? '') ? 'postgres' : 'sqlite');

function git(args) {
  try { return execFileSync('git', args, { cwd: proc.ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

async function get(url, headers) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
  return { body, type: res.headers.get('content-type') };
}

/** An iamgate on its own database, bootstrapped, with `accounts` seeded accounts in its org. */
async function iamgateWith(db, accounts, { workers = 1 } = {}) {
  const server = await proc.startIamgate({ databaseUrl: db.serverUrl, bcryptCost: BCRYPT_COST, workers });
  cleanupTasks.push(() => server.stop());
  if (!server.boot) throw new Error('iamgate printed no bootstrap credentials on an empty database');
  const { organizationId: org, serviceAccountId: adminId, clientId, clientSecret } = server.boot;
  const base = `http://127.0.0.1:${server.port}`;
  const auth = { authorization: `Bearer ${clientSecret}` };
  const v3Headers = { ...auth, accept: 'application/vnd.api+json' };
  const admin = JSON.parse((await get(`${base}/v1/service-accounts/${adminId}`, auth)).body).data;
  const seedAt = seedBase(Date.parse(admin.createdAt));
  if (accounts > 0) {
    log(`seeding ${accounts.toLocaleString('en-US')} accounts (${db.where})…`);
    const took = await seedAccounts(db, { org, createdBy: adminId, base: seedAt, domain: EMAIL_DOMAIN, from: 0, to: accounts, log });
    log(`  ${took.toFixed(1)} s`);
  }
  const paths = {
    v1: { one: `/v1/service-accounts/${adminId}`, list: '/v1/service-accounts?limit=50', headers: auth },
    v2: { one: `/api/v2/service-accounts/${adminId}`, list: '/api/v2/service-accounts?limit=50', headers: auth },
    v3: { one: `/v3/orgs/${org}/iam/service-accounts/${adminId}`, list: `/v3/orgs/${org}/iam/service-accounts?limit=50`, headers: v3Headers },
  };
  const req = (path, headers = auth, extra = {}) => ({ url: base + path, headers, connections: CONNECTIONS, ...extra });
  return { server, org, adminId, clientId, clientSecret, base, auth, v3Headers, paths, seedAt, req, pids: () => [server.pid] };
}

/** V8 needs seconds of traffic to optimise a route; a short warm-up per figure would measure the compiler. */
async function prewarm(target, extra = []) {
  for (const d of ['v1', 'v2', 'v3']) {
    for (const path of [target.paths[d].one, target.paths[d].list]) await runOnce(target.req(path, target.paths[d].headers), PREWARM);
  }
  for (const r of extra) await runOnce(r, PREWARM);
}

// ---------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(proc.SERVER_JS)) {
    throw new Error(`${proc.SERVER_JS} is missing: run \`npm run build\` first (the benchmark measures the build, it does not make one)`);
  }
  const started = Date.now();
  const loadBefore = loadavg()[0];
  log(`iamgate benchmark: ${DURATION} s per figure (paired slices of ${SLICE} s) after ${WARMUP} s warm-up, ${CONNECTIONS} connections, BCRYPT_COST ${BCRYPT_COST}, ${cpus().length} CPU`);
  log(`measures ${proc.SERVER_JS} as built (npm run build)`);
  if (loadBefore > 0.5) log(`note: the 1-minute load average is ${loadBefore.toFixed(2)}: other work on this machine lowers the absolute figures (paired ratios less so)`);
  const dbs = await openDatabases();
  cleanupTasks.push(() => dbs.drop());
  const ratios = {};
  const rssPeaks = { main: 0, large: 0, worker: 0 };

  // --- iamgate, one worker, SMALL accounts --------------------------------------------------------
  const mainDb = await dbs.open('main');
  const main = await iamgateWith(mainDb, SMALL);
  const { paths, auth } = main;
  const tokenRequest = main.req('/oauth2/token', {
    authorization: `Basic ${Buffer.from(`${main.clientId}:${main.clientSecret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  }, { method: 'POST', body: 'grant_type=client_credentials' });
  log(`warming iamgate up (${PREWARM} s per route)…`);
  await prewarm(main, [tokenRequest]);

  // --- ceilings: the same bytes as iamgate's v2 GET-by-id ------------------------------------------
  const sample = await get(main.base + paths.v2.one, auth);
  const bodyFile = join(tmpdir(), `iamgate-bench-body-${process.pid}.json`);
  writeFileSync(bodyFile, sample.body);
  cleanupTasks.push(async () => rmSync(bodyFile, { force: true }));
  const express = await proc.startCeiling('express', bodyFile, sample.type);
  cleanupTasks.push(() => express.stop());
  const node = await proc.startCeiling('node', bodyFile, sample.type);
  cleanupTasks.push(() => node.stop());
  const ceilingReq = (c) => ({ name: 'ceiling', url: `http://127.0.0.1:${c.port}${paths.v2.one}`, headers: auth, connections: CONNECTIONS });
  await runOnce(ceilingReq(express), PREWARM);
  await runOnce(ceilingReq(node), PREWARM);
  log(`\nceilings (serving the ${sample.body.length} bytes of iamgate's v2 GET-by-id), paired:`);
  const [nodeR, expressR] = await measurePaired(ceilingReq(node), ceilingReq(express), { warmup: WARMUP, duration: DURATION, slice: SLICE });
  addRow(toRow('ceiling-node', 'node:http ceiling (same bytes)', 'ceiling', nodeR));
  addRow(toRow('ceiling-express', 'express ceiling (same bytes)', 'ceiling', expressR));
  await node.stop();

  // Each iamgate figure runs paired with the express ceiling; its ratio is to that pairing.
  const againstExpress = async (key, label, opts) => {
    const [[target, ceiling], peak] = await withRss(main.pids, () =>
      measurePaired({ name: label, ...opts }, ceilingReq(express), { warmup: WARMUP, duration: DURATION, slice: SLICE }));
    rssPeaks.main = Math.max(rssPeaks.main, peak);
    ratios[key] = target.rps / ceiling.rps;
    return addRow(toRow(key, label, 'read', target, { rssPeak: peak, pairedCeiling: ceiling.rps, ratioToPaired: ratios[key] }));
  };
  log(`\niamgate (${SMALL.toLocaleString('en-US')} accounts in the org), each paired with the express ceiling:`);
  for (const d of ['v1', 'v2', 'v3']) await againstExpress(`get-${d}`, `${d} GET-by-id`, main.req(paths[d].one, paths[d].headers));
  for (const d of ['v1', 'v2', 'v3']) await againstExpress(`list-${d}`, `${d} list page of 50`, main.req(paths[d].list, paths[d].headers));
  await againstExpress('token', 'POST /oauth2/token (client_credentials)', tokenRequest);
  await express.stop();

  // --- account creation against the bcrypt ceiling ------------------------------------------------------
  log('\naccount creation, paired with the bcrypt ceiling:');
  const bcrypt = await proc.startBcryptCeiling({ bcryptCost: BCRYPT_COST });
  cleanupTasks.push(() => bcrypt.stop());
  let made = 0;
  const create = main.req('/api/v2/service-accounts', { ...auth, 'content-type': 'application/json' }, {
    method: 'POST', connections: FLOOD_CONNECTIONS, settle: 1,
    makeBody: () => JSON.stringify({ name: `load ${process.pid}-${++made}`, description: 'made by npm run bench', scopes: ['service-accounts:read'] }),
  });
  const [[createR, bcryptR], createPeak] = await withRss(main.pids, () =>
    measurePaired({ name: 'v2 POST service account', ...create }, bcrypt, { warmup: Math.max(2, WARMUP), duration: DURATION, slice: Math.max(2, DURATION / 3) }));
  rssPeaks.main = Math.max(rssPeaks.main, createPeak);
  await bcrypt.stop();
  addRow(toRow('ceiling-bcrypt', `bcrypt ceiling (${bcrypt.threads} pool threads, hashes/s)`, 'ceiling', bcryptR));
  ratios.create = createR.rps / bcryptR.rps;
  addRow(toRow('create', 'v2 POST service account (+ bcrypt key)', 'write', createR, { rssPeak: createPeak }));

  // GET latency at a fixed rate alone, then during a creation flood.
  const probe = { name: 'probe', ...main.req(paths.v2.one), ...PROBE };
  const idle = await measure({ ...probe, warmup: WARMUP, duration: DURATION });
  addRow(toRow('probe-idle', `v2 GET-by-id at ${PROBE.overallRate}/s, idle`, 'read', idle));
  const [flooded, floodPeak] = await withRss(main.pids, async () => {
    const flood = runOnce(create, WARMUP + DURATION + 1);
    await new Promise((r) => setTimeout(r, WARMUP * 1000));
    const r = await measure({ ...probe, warmup: 0, duration: DURATION });
    const f = await flood;
    log(`  (the flood made ${f.ok} accounts, ${(f.ok / f.seconds).toFixed(1)}/s)`);
    return r;
  });
  rssPeaks.main = Math.max(rssPeaks.main, floodPeak);
  addRow(toRow('probe-flood', `v2 GET-by-id at ${PROBE.overallRate}/s, creation flood`, 'read', flooded, { rssPeak: floodPeak }));
  await new Promise((r) => setTimeout(r, 1500)); // let the flood's last requests finish

  // --- IAMGATE_WORKERS=2 against 1, on the same database --------------------------------------------------
  log('\nIAMGATE_WORKERS=2 paired with one worker (v2 GET-by-id, 16 connections):');
  const cluster = await proc.startIamgate({ databaseUrl: mainDb.serverUrl, workers: 2, bcryptCost: BCRYPT_COST });
  cleanupTasks.push(() => cluster.stop());
  const workerPids = () => proc.childPids(cluster.pid);
  const oneReq = { name: '1 worker', ...main.req(paths.v2.one, auth, { connections: 16 }) };
  const twoReq = { name: '2 workers', ...oneReq, url: `http://127.0.0.1:${cluster.port}${paths.v2.one}` };
  await runOnce(twoReq, Math.max(8, 4 * PREWARM)); // fresh workers: each verifies the key once (bcrypt) and warms its JIT
  const [[oneR, twoR], workerPeak] = await withRss(workerPids, () => measurePaired(oneReq, twoReq, { warmup: WARMUP, duration: DURATION, slice: SLICE }));
  rssPeaks.worker = workerPeak;
  await cluster.stop();
  addRow(toRow('workers-1', 'v2 GET-by-id, 1 worker', 'read', oneR));
  addRow(toRow('workers-2', 'v2 GET-by-id, IAMGATE_WORKERS=2', 'read', twoR, { rssPeak: workerPeak }));
  ratios.workers = twoR.rps / oneR.rps;
  // Calibration: the express ceiling burning the CPU iamgate spends per request beyond it, as 1
  // and as 2 processes. What it gains is what this machine allows with the load generator beside it.
  const spinUs = Math.max(0, 1e6 / oneR.rps - 1e6 / expressR.rps);
  const synth1 = await proc.startCeiling('express', bodyFile, sample.type, { spinUs, workers: 1 });
  cleanupTasks.push(() => synth1.stop());
  const synth2 = await proc.startCeiling('express', bodyFile, sample.type, { spinUs, workers: 2 });
  cleanupTasks.push(() => synth2.stop());
  const synthReq = (c) => ({ ...ceilingReq(c), connections: 16 });
  await runOnce(synthReq(synth1), PREWARM);
  await runOnce(synthReq(synth2), PREWARM);
  const [s1, s2] = await measurePaired(synthReq(synth1), synthReq(synth2), { warmup: WARMUP, duration: DURATION, slice: SLICE });
  await synth1.stop();
  await synth2.stop();
  addRow(toRow('calib-1', `calibration: express + ${Math.round(spinUs)} µs CPU, 1 process`, 'ceiling', s1));
  addRow(toRow('calib-2', `calibration: express + ${Math.round(spinUs)} µs CPU, 2 processes`, 'ceiling', s2));
  ratios.calibration = s2.rps / s1.rps;

  // --- scale: an org of LARGE accounts (its own database and server) paired with SMALL --------------------
  log(`\nscale: ${tagOf(LARGE)} accounts paired with ${tagOf(SMALL)}:`);
  const large = await iamgateWith(await dbs.open('large'), LARGE);
  await prewarm(large);
  const scaleReqs = (t, n) => {
    const mid = seededId(t.seedAt, Math.floor(n / 2));
    const token = Buffer.from(JSON.stringify({ after: mid, filter: JSON.stringify({}) })).toString('base64url');
    return {
      get: ['v2 GET-by-id (mid account)', t.req(`/api/v2/service-accounts/${mid}`)],
      v1: ['v1 list page of 50 (first)', t.req(t.paths.v1.list)],
      v2: ['v2 list page of 50 (mid)', t.req(`/api/v2/service-accounts?limit=50&continuationToken=${token}`)],
      v3: ['v3 list page of 50 (first)', t.req(t.paths.v3.list, t.v3Headers)],
    };
  };
  const smallReqs = scaleReqs(main, SMALL);
  const largeReqs = scaleReqs(large, LARGE);
  const scale = {};
  for (const k of ['get', 'v1', 'v2', 'v3']) {
    const [label] = smallReqs[k];
    const [[[s, l], smallPeak], peak] = await withRss(large.pids, () => withRss(main.pids, () =>
      measurePaired({ name: `${label}, ${tagOf(SMALL)}`, ...smallReqs[k][1] }, { name: `${label}, ${tagOf(LARGE)}`, ...largeReqs[k][1] },
        { warmup: WARMUP, duration: DURATION, slice: SLICE })));
    rssPeaks.main = Math.max(rssPeaks.main, smallPeak);
    rssPeaks.large = Math.max(rssPeaks.large, peak);
    addRow(toRow(`scale-${k}-small`, `${label}, ${tagOf(SMALL)}`, 'scale', s, { rssPeak: smallPeak }));
    addRow(toRow(`scale-${k}-large`, `${label}, ${tagOf(LARGE)}`, 'scale', l, { rssPeak: peak }));
    scale[k] = { small: s, large: l };
  }
  await large.server.stop();
  await main.server.stop();

  // --- the table and the targets ---------------------------------------------------------------------------
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  const ceilingRow = byKey['ceiling-express'];
  for (const r of rows) {
    r.ratio = {
      rps: r.ratioToPaired ?? r.rps / ceilingRow.rps,
      p50: r.p50 !== null ? r.p50 / ceilingRow.p50 : null,
      p99: r.p99 !== null ? r.p99 / ceilingRow.p99 : null,
    };
  }
  byKey.create.chartNote = `×${ratios.create.toFixed(2)} of bcrypt`;
  byKey['probe-idle'].chartNote = `p99 ${report.fmt(idle.p99)} ms`;
  byKey['probe-flood'].chartNote = `p99 ${report.fmt(flooded.p99)} ms`;
  byKey['workers-2'].chartNote = `×${ratios.workers.toFixed(2)} of 1 worker`;
  byKey['calib-2'].chartNote = `×${ratios.calibration.toFixed(2)} of 1 process`;

  const targets = [];
  const target = (label, value, goal, pass, shown, note) => targets.push({ label, value, goal, pass, shown, note });
  for (const d of ['v1', 'v2', 'v3']) {
    const v = ratios[`get-${d}`];
    target(`${d} GET-by-id ÷ express ceiling`, v, '≥ 0.70', v >= 0.7, v.toFixed(3));
  }
  for (const d of ['v1', 'v2', 'v3']) {
    const v = ratios[`list-${d}`];
    target(`${d} list page of 50 ÷ express ceiling`, v, '≥ 0.40', v >= 0.4, v.toFixed(3));
  }
  target('token exchange ÷ express ceiling', ratios.token, '≥ 0.50', ratios.token >= 0.5, ratios.token.toFixed(3));
  target('account creation ÷ bcrypt ceiling', ratios.create, '≥ 0.90', ratios.create >= 0.9, ratios.create.toFixed(3),
    `${createR.rps.toFixed(1)} creations/s vs ${bcryptR.rps.toFixed(1)} hashes/s`);
  {
    const v = flooded.p99 / idle.p99;
    target('GET p99 during creation flood ÷ idle', v, '≤ 3.0', v <= 3, v.toFixed(2), `${flooded.p99.toFixed(2)} ms vs ${idle.p99.toFixed(2)} ms`);
  }
  for (const [k, label] of [['get', 'v2 GET-by-id'], ['v1', 'v1 list page'], ['v2', 'v2 list page'], ['v3', 'v3 list page']]) {
    const v = scale[k].small.rps / scale[k].large.rps;
    target(`${label}: ${tagOf(SMALL)} req/s ÷ ${tagOf(LARGE)} req/s`, v, '≤ 1.5', v <= 1.5, v.toFixed(2),
      `p50 ${report.fmt(scale[k].small.p50)} → ${report.fmt(scale[k].large.p50)} ms, p99 ${report.fmt(scale[k].small.p99)} → ${report.fmt(scale[k].large.p99)} ms`);
  }
  {
    const peak = Math.max(rssPeaks.main, rssPeaks.large);
    const mb = peak / 2 ** 20;
    target('server peak RSS under load (1 worker)', mb, '≤ 200 MB', mb <= 200, `${mb.toFixed(0)} MB`,
      `${(rssPeaks.main / 2 ** 20).toFixed(0)} MB at ${tagOf(SMALL)}, ${(rssPeaks.large / 2 ** 20).toFixed(0)} MB at ${tagOf(LARGE)}; each of 2 workers ${(rssPeaks.worker / 2 ** 20).toFixed(0)} MB`);
  }
  target('IAMGATE_WORKERS=2 ÷ 1 worker', ratios.workers, '≥ 1.60', ratios.workers >= 1.6, ratios.workers.toFixed(2),
    `the same CPU per request in a synthetic express app scales ×${ratios.calibration.toFixed(2)} here`);

  const meta = {
    date: new Date().toISOString(), engine: engineOf(process.env.DATABASE_URL),
    node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null,
    durationSeconds: DURATION, warmupSeconds: WARMUP, sliceSeconds: SLICE, connections: CONNECTIONS, bcryptCost: BCRYPT_COST,
    accounts: { small: SMALL, large: LARGE, smallTag: tagOf(SMALL), largeTag: tagOf(LARGE) },
    commit: git(['rev-parse', '--short', 'HEAD']), dirty: Boolean(git(['status', '--porcelain'])),
    server: proc.SERVER_JS, loadAverageAtStart: Math.round(loadBefore * 100) / 100, loadAverageAtEnd: Math.round(loadavg()[0] * 100) / 100,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  const text = `${report.table(rows)}\n\nTargets (each a ratio of two figures measured in alternating slices in this run):\n${report.targetTable(targets)}\n`;
  process.stdout.write(`\n${text}`);
  mkdirSync(RESULTS, { recursive: true });
  const name = process.env.BENCH_NAME || (meta.engine === 'sqlite' ? 'latest' : `latest-${meta.engine}`);
  const round = (x) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : x);
  const json = {
    meta,
    rows: rows.map((r) => ({
      key: r.key, label: r.label, group: r.group, rps: round(r.rps), p50Ms: round(r.p50), p99Ms: round(r.p99), requests: r.requests,
      rssPeakMB: r.rssPeak ? round(r.rssPeak / 2 ** 20) : null, pairedExpressRps: round(r.pairedCeiling ?? null),
      ratioToExpress: { rps: round(r.ratio.rps), p50: round(r.ratio.p50), p99: round(r.ratio.p99) },
    })),
    targets: targets.map((t) => ({ label: t.label, value: round(t.value), goal: t.goal, result: t.pass ? 'PASS' : 'SHORT', note: t.note ?? null })),
  };
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${name}.svg`), report.svg(rows, meta));
  log(`\nwrote bench/results/${name}.json and ${name}.svg (${meta.totalSeconds} s)`);
}

// ---------------------------------------------------------------------------------------------
const cleanupTasks = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const task of cleanupTasks.reverse()) {
      try { await task(); } catch (err) { log(`cleanup: ${err.message}`); }
    }
    proc.killAll();
  })();
  return cleaning;
}
process.on('exit', () => proc.killAll());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`\n${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

main().then(
  () => cleanup(),
  async (err) => {
    log(`\nbenchmark failed: ${err.stack ?? err}`);
    await cleanup();
    process.exitCode = 1;
  },
);
