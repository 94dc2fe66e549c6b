#!/usr/bin/env node
'use strict';
// npm run bench — iamgate's performance benchmark (issues 7 and 19).
//
// Measures the build: `npm run bench` builds first, then runs dist/src/server.js (node bench/run.js alone
// measures whatever was built last).
// Loopback only. Every server it starts (iamgate on port 0, the ceilings, the oidc-provider peer) is
// stopped at the end, also on failure or Ctrl-C, and its temporary SQLite files or PostgreSQL
// schemas are removed.
//
// Each target is a ratio, measured paired: the two sides run in alternating slices (lib/load.js),
// so background load on the machine weighs on both alike. Every iamgate figure is divided by a
// ceiling answering the very bytes (status, headers, body) that figure's iamgate response had
// (lib/replay.js); the token exchange and introspection also stand beside oidc-provider's.
//
// Environment: DATABASE_URL (a postgres:// URL → PostgreSQL, in fresh schemas; otherwise SQLite in
// a temp dir), BCRYPT_COST (10), BENCH_DURATION (5 s measured per figure), BENCH_WARMUP (1.25 s),
// BENCH_PREWARM (per route, once, before anything is measured), BENCH_CONNECTIONS (10),
// BENCH_BASE_ACCOUNTS (10,000), BENCH_ACCOUNTS (1,000,000), BENCH_NAME (results file name),
// BENCH_SERVER_JS (measure another build), BENCH_NODE_ARGS (node options for iamgate: --cpu-prof…).
const { existsSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join, relative } = require('node:path');
const proc = require('./lib/proc');
const { measure, measurePaired, runOnce, spread } = require('./lib/load');
const { seedAccounts, seededId, seedBase } = require('./lib/seed');
const replay = require('./lib/replay');
const { revision, resultsDir } = require('./lib/revision');
const report = require('./lib/report');
const { openDatabases } = require('./lib/databases');
const { targetsOf } = require('./lib/targets');
const { envNumber } = require('./lib/env');

const num = (name, fallback) => envNumber(name, fallback);

const DURATION = num('BENCH_DURATION', 5);
const WARMUP = num('BENCH_WARMUP', Math.min(1.5, Math.max(0.5, DURATION / 4)));
const PREWARM = num('BENCH_PREWARM', Math.max(1, WARMUP));
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const SMALL = num('BENCH_BASE_ACCOUNTS', 10_000);
const LARGE = num('BENCH_ACCOUNTS', 1_000_000);
const BCRYPT_COST = num('BCRYPT_COST', 10);
const FLOOD_CONNECTIONS = 8;
const MANY_CONNECTIONS = 200;
const PROBE = { connections: 2, overallRate: 200 };
const EMAIL_DOMAIN = 'iam.ctrl-hub.com';
const SLICE = Math.max(0.5, Math.min(1, DURATION / 4));
const PAIRED = { warmup: WARMUP, duration: DURATION, slice: SLICE };

const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
const tagOf = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const engine = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';

// ---------------------------------------------------------------------------------------------
const rows = [];

function addRow(row) {
  rows.push(row);
  const vs = row.vs
    ? `   ÷ ${row.vs.label} ${report.fmtInt(row.vs.rps)} (spread ${report.pct(row.vs.spread)}) = ${report.fmt(row.ratio, 3)}`
    : '';
  log(
    `  ${row.label.padEnd(46)} ${report.fmtInt(row.rps).padStart(8)} req/s   p50 ${report.fmt(row.p50).padStart(7)} ms   p99 ${report.fmt(row.p99).padStart(7)} ms${vs}`,
  );
  return row;
}

const toRow = (key, label, group, r, extra = {}) => ({
  key,
  label,
  group,
  rps: r.rps,
  p50: r.p50,
  p99: r.p99,
  requests: r.ok,
  spread: spread(r),
  ...extra,
});
const side = (label, r) => ({ label, rps: r.rps, p50: r.p50, p99: r.p99, spread: spread(r) });

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

async function getJson(url, headers) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

async function postForm(url, headers, body) {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

/** An iamgate on its own database, bootstrapped, with `accounts` seeded accounts (one key each) in its org. */
async function iamgateWith(db, accounts, { workers = 1 } = {}) {
  const server = await proc.startIamgate({ databaseUrl: db.serverUrl, bcryptCost: BCRYPT_COST, workers });
  cleanupTasks.push(() => server.stop());
  if (!server.boot) throw new Error('iamgate printed no bootstrap credentials on an empty database');
  const { organizationId: org, serviceAccountId: adminId, clientId, clientSecret } = server.boot;
  const base = `http://127.0.0.1:${server.port}`;
  const auth = { authorization: `Bearer ${clientSecret}` };
  const basic = { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` };
  const v3Headers = { ...auth, accept: 'application/vnd.api+json' };
  const admin = (await getJson(`${base}/v1/service-accounts/${adminId}`, auth)).data;
  const seedAt = seedBase(Date.parse(admin.createdAt));
  if (accounts > 0) {
    log(`seeding ${accounts.toLocaleString('en-US')} accounts with a key each (${db.where})…`);
    const took = await seedAccounts(db, {
      org,
      createdBy: adminId,
      base: seedAt,
      domain: EMAIL_DOMAIN,
      from: 0,
      to: accounts,
      keys: true,
      log,
    });
    log(`  ${took.toFixed(1)} s`);
  }
  const paths = {
    v1: { one: `/v1/service-accounts/${adminId}`, list: '/v1/service-accounts?limit=50', headers: auth },
    v2: { one: `/api/v2/service-accounts/${adminId}`, list: '/api/v2/service-accounts?limit=50', headers: auth },
    v3: {
      one: `/v3/orgs/${org}/iam/service-accounts/${adminId}`,
      list: `/v3/orgs/${org}/iam/service-accounts?limit=50`,
      headers: v3Headers,
    },
  };
  const req = (path, headers = auth, extra = {}) => ({ url: base + path, headers, connections: CONNECTIONS, ...extra });
  return { server, org, adminId, clientId, clientSecret, base, auth, basic, v3Headers, paths, seedAt, req, pids: () => [server.pid] };
}

/** The figures divided by a same-bytes ceiling: [key, label, request]. */
async function scenariosOf(t) {
  const form = { ...t.basic, 'content-type': 'application/x-www-form-urlencoded' };
  const token = (await postForm(`${t.base}/oauth2/token`, t.basic, 'grant_type=client_credentials')).access_token;
  const list = [];
  for (const d of ['v1', 'v2', 'v3']) list.push([`get-${d}`, `${d} GET-by-id`, t.req(t.paths[d].one, t.paths[d].headers)]);
  for (const d of ['v1', 'v2', 'v3']) list.push([`list-${d}`, `${d} list page of 50`, t.req(t.paths[d].list, t.paths[d].headers)]);
  list.push(['include-v3', 'v3 list of 50, include=keys', t.req(`${t.paths.v3.list}&include=keys`, t.v3Headers)]);
  list.push(['verify-secret', 'GET /auth/verify (key secret)', t.req('/auth/verify', t.auth)]);
  list.push(['verify-token', 'GET /auth/verify (access token)', t.req('/auth/verify', { authorization: `Bearer ${token}` })]);
  list.push([
    'token',
    'POST /oauth2/token (client_credentials)',
    t.req('/oauth2/token', form, { method: 'POST', body: 'grant_type=client_credentials' }),
  ]);
  list.push(['introspect', 'POST /oauth2/introspect', t.req('/oauth2/introspect', form, { method: 'POST', body: `token=${token}` })]);
  return list.map(([key, label, request]) => ({ key, label, request: { name: label, ...request } }));
}

/** V8 needs seconds of traffic to optimise a route; a short warm-up per figure would measure the compiler. */
async function prewarm(requests) {
  for (const r of requests) await runOnce(r, PREWARM);
}

// ---------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(proc.SERVER_JS)) {
    throw new Error(`${proc.SERVER_JS} is missing: run \`npm run build\` first (the benchmark measures the build, it does not make one)`);
  }
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const rev = revision(proc.ROOT);
  log(
    `iamgate benchmark: ${DURATION} s per figure (paired slices of ${SLICE} s) after ${WARMUP} s warm-up, ${CONNECTIONS} connections, BCRYPT_COST ${BCRYPT_COST}, ${cpus().length} CPU, ${engine}`,
  );
  log(
    `measures ${proc.SERVER_JS} as built (npm run build), commit ${rev.commit ?? 'unknown'}${rev.dirty ? ` with uncommitted changes (${rev.changed.length} files): results go to bench/results/dirty/` : ''}`,
  );
  if (loadBefore > 0.5)
    log(
      `note: the 1-minute load average is ${loadBefore.toFixed(2)}: other work on this machine lowers the absolute figures (paired ratios less so)`,
    );
  const dbs = await openDatabases();
  cleanupTasks.push(() => dbs.drop());
  const ratios = {};
  const rssPeaks = { main: 0, many: 0, large: 0, worker: 0 };

  // --- iamgate, one worker, SMALL accounts; every response it gives recorded for the ceilings ------------
  const mainDb = await dbs.open('main');
  const main = await iamgateWith(mainDb, SMALL);
  const scenarios = await scenariosOf(main);
  log(`warming iamgate up (${PREWARM} s per route)…`);
  await prewarm(scenarios.map((s) => s.request));
  const records = [];
  for (const s of scenarios)
    records.push(replay.record(s.key, s.request.method ?? 'GET', s.request.url, await replay.capture(s.request.url, s.request)));
  const responsesFile = join(tmpdir(), `iamgate-bench-responses-${process.pid}.json`);
  writeFileSync(responsesFile, JSON.stringify(records));
  cleanupTasks.push(async () => rmSync(responsesFile, { force: true }));
  const express = await proc.startCeiling('express', responsesFile);
  cleanupTasks.push(() => express.stop());
  const node = await proc.startCeiling('node', responsesFile);
  cleanupTasks.push(() => node.stop());
  const ceilingOf = (c, s, rec = records.find((r) => r.name === s.key)) => ({
    ...s.request,
    name: `ceiling ${s.key}`,
    url: replay.ceilingUrl(c.port, rec, s.request.url),
  });
  // A new token each time: its response is compared by length.
  for (const s of scenarios)
    await replay.assertSame(
      ceilingOf(express, s).url,
      records.find((r) => r.name === s.key),
      s.request,
      { bodyLengthOnly: s.key === 'token' },
    );
  log(`\nceilings: express and node:http answer each of the ${records.length} recorded iamgate responses (checked byte for byte)`);
  const getV2 = scenarios.find((s) => s.key === 'get-v2');
  await prewarm([ceilingOf(express, getV2), ceilingOf(node, getV2)]); // the other routes warm in their pair's warm-up
  const [nodeR, expressR] = await measurePaired(ceilingOf(node, getV2), ceilingOf(express, getV2), PAIRED);
  addRow(
    toRow('ceiling-node', 'node:http, v2 GET-by-id bytes', 'ceiling', nodeR, {
      vs: side('express, same bytes', expressR),
      ratio: nodeR.rps / expressR.rps,
    }),
  );
  await node.stop();

  log(`\niamgate (${SMALL.toLocaleString('en-US')} accounts in the org), each paired with express answering its bytes:`);
  for (const s of scenarios) {
    const [[target, ceiling], peak] = await withRss(main.pids, () => measurePaired(s.request, ceilingOf(express, s), PAIRED));
    rssPeaks.main = Math.max(rssPeaks.main, peak);
    ratios[s.key] = target.rps / ceiling.rps;
    addRow(toRow(s.key, s.label, 'read', target, { rssPeak: peak, vs: side('express, same bytes', ceiling), ratio: ratios[s.key] }));
  }
  await express.stop();

  // --- the peer: oidc-provider, client credentials and introspection --------------------------------------
  log('\noidc-provider (in-memory adapter), paired with iamgate:');
  const peer = await proc.startPeer({ clientId: main.clientId, clientSecret: main.clientSecret });
  cleanupTasks.push(() => peer.stop());
  const peerBase = `http://127.0.0.1:${peer.port}`;
  const peerForm = { ...main.basic, 'content-type': 'application/x-www-form-urlencoded' };
  const peerToken = (await postForm(`${peerBase}/token`, main.basic, 'grant_type=client_credentials')).access_token;
  const peerReqs = {
    token: {
      name: 'oidc-provider token',
      url: `${peerBase}/token`,
      method: 'POST',
      headers: peerForm,
      body: 'grant_type=client_credentials',
      connections: CONNECTIONS,
    },
    introspect: {
      name: 'oidc-provider introspection',
      url: `${peerBase}/token/introspection`,
      method: 'POST',
      headers: peerForm,
      body: `token=${peerToken}`,
      connections: CONNECTIONS,
    },
  };
  await prewarm(Object.values(peerReqs));
  for (const [key, label] of [
    ['token', 'POST /oauth2/token vs oidc-provider'],
    ['introspect', 'POST /oauth2/introspect vs oidc-provider'],
  ]) {
    const s = scenarios.find((x) => x.key === key);
    const [ours, theirs] = await measurePaired(s.request, peerReqs[key], PAIRED);
    ratios[`peer-${key}`] = ours.rps / theirs.rps;
    addRow(
      toRow(`peer-${key}`, label, 'peer', ours, {
        vs: side(`oidc-provider ${key === 'token' ? '/token' : '/token/introspection'}`, theirs),
        ratio: ratios[`peer-${key}`],
      }),
    );
  }
  await peer.stop();

  // --- memory at 200 connections ---------------------------------------------------------------------
  log(`\n${MANY_CONNECTIONS} connections:`);
  for (const key of ['get-v2', 'token']) {
    const s = scenarios.find((x) => x.key === key);
    const [r, peak] = await withRss(main.pids, () =>
      measure({ ...s.request, connections: MANY_CONNECTIONS, warmup: WARMUP, duration: DURATION }),
    );
    rssPeaks.many = Math.max(rssPeaks.many, peak);
    addRow(toRow(`many-${key}`, `${s.label}, ${MANY_CONNECTIONS} connections`, 'read', r, { rssPeak: peak }));
  }

  // --- request logs (REQUEST_LOGS, on by default) against none, a second process on the same database ---------
  log('\nrequest logs on (the default) paired with REQUEST_LOGS=off:');
  const quiet = await proc.startIamgate({ databaseUrl: mainDb.serverUrl, bcryptCost: BCRYPT_COST, env: { REQUEST_LOGS: 'off' } });
  cleanupTasks.push(() => quiet.stop());
  const logsOn = { ...getV2.request, name: 'request logs on' };
  const logsOff = { ...logsOn, name: 'request logs off', url: logsOn.url.replace(main.base, `http://127.0.0.1:${quiet.port}`) };
  await prewarm([logsOff]); // a fresh process: bcrypt once, and its JIT
  const [onR, offR] = await measurePaired(logsOn, logsOff, PAIRED);
  await quiet.stop();
  ratios.logging = onR.rps / offR.rps;
  addRow(toRow('logging', 'v2 GET-by-id, request logs on', 'read', onR, { vs: side('REQUEST_LOGS=off', offR), ratio: ratios.logging }));

  // --- account creation against the bcrypt ceiling ------------------------------------------------------
  log('\naccount creation, paired with the bcrypt ceiling:');
  const bcrypt = await proc.startBcryptCeiling({ bcryptCost: BCRYPT_COST });
  cleanupTasks.push(() => bcrypt.stop());
  let made = 0;
  const create = main.req(
    '/api/v2/service-accounts',
    { ...main.auth, 'content-type': 'application/json' },
    {
      method: 'POST',
      connections: FLOOD_CONNECTIONS,
      settle: 1,
      makeBody: () =>
        JSON.stringify({ name: `load ${process.pid}-${++made}`, description: 'made by npm run bench', scopes: ['service-accounts:read'] }),
    },
  );
  const [[createR, bcryptR], createPeak] = await withRss(main.pids, () =>
    measurePaired({ name: 'v2 POST service account', ...create }, bcrypt, {
      warmup: Math.max(2, WARMUP),
      duration: DURATION,
      slice: Math.max(2, DURATION / 3),
    }),
  );
  rssPeaks.main = Math.max(rssPeaks.main, createPeak);
  await bcrypt.stop();
  ratios.create = createR.rps / bcryptR.rps;
  addRow(
    toRow('create', 'v2 POST service account (+ bcrypt key)', 'write', createR, {
      rssPeak: createPeak,
      vs: side(`bcrypt, ${bcrypt.threads} pool threads (hashes/s)`, bcryptR),
      ratio: ratios.create,
    }),
  );

  // GET latency at a fixed rate alone, then during a creation flood.
  const probe = { name: 'probe', ...main.req(main.paths.v2.one), ...PROBE };
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
  const oneReq = { name: '1 worker', ...main.req(main.paths.v2.one, main.auth, { connections: 16 }) };
  const twoReq = { name: '2 workers', ...oneReq, url: `http://127.0.0.1:${cluster.port}${main.paths.v2.one}` };
  await runOnce(twoReq, Math.max(8, 4 * PREWARM)); // fresh workers: each verifies the key once (bcrypt) and warms its JIT
  const [[oneR, twoR], workerPeak] = await withRss(workerPids, () => measurePaired(oneReq, twoReq, PAIRED));
  rssPeaks.worker = workerPeak;
  await cluster.stop();
  ratios.workers = twoR.rps / oneR.rps;
  addRow(
    toRow('workers-2', 'v2 GET-by-id, IAMGATE_WORKERS=2', 'read', twoR, {
      rssPeak: workerPeak,
      vs: side('1 worker', oneR),
      ratio: ratios.workers,
    }),
  );
  // Calibration: the express ceiling burning the CPU iamgate spends per request beyond it, as 1
  // and as 2 processes. What it gains is what this machine allows with the load generator beside it.
  const getCeiling = rows.find((r) => r.key === 'get-v2').vs;
  const spinUs = Math.max(0, 1e6 / oneR.rps - 1e6 / getCeiling.rps);
  const synth1 = await proc.startCeiling('express', responsesFile, { spinUs, workers: 1 });
  cleanupTasks.push(() => synth1.stop());
  const synth2 = await proc.startCeiling('express', responsesFile, { spinUs, workers: 2 });
  cleanupTasks.push(() => synth2.stop());
  const synthReq = (c) => ({ ...ceilingOf(c, getV2), connections: 16 });
  await prewarm([synthReq(synth1), synthReq(synth2)]);
  const [s1, s2] = await measurePaired(synthReq(synth1), synthReq(synth2), PAIRED);
  await synth1.stop();
  await synth2.stop();
  ratios.calibration = s2.rps / s1.rps;
  addRow(
    toRow('calib-2', `calibration: express + ${Math.round(spinUs)} µs CPU, 2 processes`, 'ceiling', s2, {
      vs: side('1 process', s1),
      ratio: ratios.calibration,
    }),
  );
  await main.server.stop();

  // --- scale: LARGE accounts against SMALL, two fresh servers with the same history -----------------------
  log(`\nscale: ${tagOf(LARGE)} accounts paired with ${tagOf(SMALL)}, two fresh servers seeded and warmed alike:`);
  const small = await iamgateWith(await dbs.open('small'), SMALL);
  const large = await iamgateWith(await dbs.open('large'), LARGE);
  const scaleReqs = (t, n) => {
    const mid = seededId(t.seedAt, Math.floor(n / 2));
    const token = Buffer.from(JSON.stringify({ after: mid, filter: JSON.stringify({}) })).toString('base64url');
    return {
      get: ['v2 GET-by-id (mid account)', t.req(`/api/v2/service-accounts/${mid}`)],
      v1: ['v1 list page of 50 (first)', t.req(t.paths.v1.list)],
      v2: ['v2 list page of 50 (keyset, mid)', t.req(`/api/v2/service-accounts?limit=50&continuationToken=${token}`)],
      v3: ['v3 list page of 50 (first)', t.req(t.paths.v3.list, t.v3Headers)],
      deep: ['v1 list page of 50 (offset, mid)', t.req(`/v1/service-accounts?limit=50&offset=${Math.floor(n / 2)}`)],
    };
  };
  const smallReqs = scaleReqs(small, SMALL);
  const largeReqs = scaleReqs(large, LARGE);
  for (const t of [
    [small, smallReqs],
    [large, largeReqs],
  ])
    await prewarm(Object.values(t[1]).map(([, r]) => r));
  const scale = {};
  for (const k of Object.keys(smallReqs)) {
    const [label] = smallReqs[k];
    const [[[s, l], smallPeak], largePeak] = await withRss(large.pids, () =>
      withRss(small.pids, () =>
        measurePaired(
          { name: `${label}, ${tagOf(SMALL)}`, ...smallReqs[k][1] },
          { name: `${label}, ${tagOf(LARGE)}`, ...largeReqs[k][1] },
          PAIRED,
        ),
      ),
    );
    rssPeaks.main = Math.max(rssPeaks.main, smallPeak);
    rssPeaks.large = Math.max(rssPeaks.large, largePeak);
    addRow(
      toRow(`scale-${k}`, `${label}, ${tagOf(LARGE)}`, 'scale', l, { rssPeak: largePeak, vs: side(tagOf(SMALL), s), ratio: l.rps / s.rps }),
    );
    scale[k] = { small: s, large: l };
  }
  await large.server.stop();
  await small.server.stop();

  // --- the table and the targets ---------------------------------------------------------------------------
  const targets = targetsOf({ engine, ratios, rows, rssPeaks, scale, idle, flooded, createR, bcryptR, tags: [tagOf(SMALL), tagOf(LARGE)] });
  const meta = {
    date: new Date().toISOString(),
    engine,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    durationSeconds: DURATION,
    warmupSeconds: WARMUP,
    sliceSeconds: SLICE,
    connections: CONNECTIONS,
    bcryptCost: BCRYPT_COST,
    accounts: { small: SMALL, large: LARGE, smallTag: tagOf(SMALL), largeTag: tagOf(LARGE) },
    commit: rev.commit,
    dirty: rev.dirty,
    changedFiles: rev.changed,
    server: relative(proc.ROOT, proc.SERVER_JS),
    loadAverageAtStart: Math.round(loadBefore * 100) / 100,
    loadAverageAtEnd: Math.round(loadavg()[0] * 100) / 100,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  const text = `${report.table(rows)}\n\nTargets (each a ratio of two figures measured in alternating slices in this run, ${engine}):\n${report.targetTable(targets)}\n`;
  process.stdout.write(`\n${text}`);
  const dir = resultsDir(proc.ROOT, rev.dirty);
  mkdirSync(dir, { recursive: true });
  const name = process.env.BENCH_NAME || (engine === 'sqlite' ? 'latest' : `latest-${engine}`);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report.json(meta, rows, targets), null, 2)}\n`);
  writeFileSync(join(dir, `${name}.svg`), report.svg(rows, meta));
  log(
    `\nwrote ${relative(proc.ROOT, join(dir, name))}.json and .svg (${meta.totalSeconds} s)${rev.dirty ? ': from a tree with uncommitted changes, so not as bench/results/latest*' : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
const cleanupTasks = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const task of cleanupTasks.reverse()) {
      try {
        await task();
      } catch (err) {
        log(`cleanup: ${err.message}`);
      }
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
