#!/usr/bin/env node
'use strict';
// npm run soak — iamgate under a long mixed load (issue 16). Not part of CI.
//
// Builds first (npm run soak), starts dist/src/server.js on loopback on a fresh database (SQLite in
// a temp dir, or a fresh schema when DATABASE_URL is postgres://…), measures the most the mixed load
// (soak/lib/mix.js: every dialect, reads, writes, key rotation, tokens, forward auth) gets out of
// it, then holds SOAK_LOAD (70 %) of that rate for SOAK_SECONDS and reports each interval (a minute
// by default): requests/s, p50/p99, errors, RSS, the server's event-loop delay. It fails if any
// request errs (anything but 2xx, a socket error, a timeout), RSS grows more than 15 % over its
// mean in the first interval (the level at the end, from the least-squares line through the
// later per-second samples, so that the garbage collector's swings do not decide it), or the last
// interval's p99 is more than twice the first's; and
// the server must then stop on SIGTERM with status 0 and no crash logged.
//
// Environment: SOAK_SECONDS (600), SOAK_INTERVAL_S (60; shorter when fewer than 3 would fit),
// SOAK_CONNECTIONS (8), SOAK_LOAD (0.7), SOAK_PROBE_SECONDS (15), BCRYPT_COST (4: the soak is about
// the process staying the same over time, not about bcrypt), DATABASE_URL.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { freshDatabase, startServer, rssOf } = require('./lib/target');
const { sequence, DESCRIPTION } = require('./lib/mix');
const { Intervals } = require('./lib/intervals');
const { envNumber } = require('../bench/lib/env');

const num = (name, fallback) => envNumber(name, fallback, { positive: true });
const SECONDS = num('SOAK_SECONDS', 600);
const INTERVAL_S = Math.min(num('SOAK_INTERVAL_S', 60), SECONDS / 3);
const CONNECTIONS = num('SOAK_CONNECTIONS', 8);
const LOAD = num('SOAK_LOAD', 0.7);
const PROBE_S = num('SOAK_PROBE_SECONDS', 15);
const BCRYPT_COST = num('BCRYPT_COST', 4);
const LIMITS = { rssGrowth: 0.15, p99Drift: 2 };

const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);

/** One autocannon run of the mix; `onResponse`/`onError` see every answer. */
function drive(server, { seconds, overallRate, onResponse = () => {}, onError = () => {} }) {
  const instance = autocannon({
    url: `http://127.0.0.1:${server.port}`,
    requests: sequence(server.boot),
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    overallRate,
    timeout: 10,
  });
  instance.on('response', (_c, status, _b, ms) => onResponse(status, ms));
  instance.on('reqError', () => onError());
  const done = new Promise((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  return { instance, done };
}

async function main() {
  const db = await freshDatabase();
  const label = db.engine === 'postgres' ? 'latest-postgres' : 'latest';
  log(
    `soak on ${db.engine}: ${SECONDS} s at ${LOAD * 100} % of the measured maximum, ${CONNECTIONS} connections, bcrypt cost ${BCRYPT_COST}`,
  );
  const server = await startServer(db.url, { BCRYPT_COST: String(BCRYPT_COST) });
  try {
    let probeErrors = 0;
    const count = (status) => {
      if (status < 200 || status >= 300) probeErrors++;
    };
    await drive(server, { seconds: 5, onResponse: count, onError: () => probeErrors++ }).done; // warm-up
    const probe = await drive(server, { seconds: PROBE_S, onResponse: count, onError: () => probeErrors++ }).done;
    const maxRps = Math.round(probe.requests.total / (probe.duration || PROBE_S));
    const rate = Math.max(1, Math.round(maxRps * LOAD));
    log(`measured maximum ${maxRps} req/s (${probeErrors} errors); soaking at ${rate} req/s`);

    const intervals = new Intervals({ rssOf, pid: server.pid, metricsUrl: `http://127.0.0.1:${server.port}/metrics` });
    await intervals.close(); // resets the event-loop histogram; not a row
    intervals.rows.length = 0;
    intervals.trendSamples.length = 0;
    const run = drive(server, {
      seconds: SECONDS + 5,
      overallRate: rate,
      onResponse: (status, ms) => intervals.response(status, ms),
      onError: () => intervals.error(),
    });
    const n = Math.round(SECONDS / INTERVAL_S);
    log('interval  req/s   p50 ms   p99 ms   max ms  errors  RSS MB (mean/peak)  heap MB (used/total)  loop p99/max ms');
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
      const row = await intervals.close();
      log(
        `${String(row.minute).padStart(8)} ${String(row.rps).padStart(6)} ${String(row.p50).padStart(8)} ${String(row.p99).padStart(8)} ` +
          `${String(row.max).padStart(8)} ${String(row.errors).padStart(7)} ${`${row.rssMb}/${row.peakRssMb}`.padStart(19)} ${`${row.heapUsedMb}/${row.heapTotalMb}`.padStart(21)}  ${row.loopP99Ms}/${row.loopMaxMs}`,
      );
    }
    run.instance.stop();
    await run.done;
    intervals.stop();
    const exitCode = await server.stop();
    const { out, err } = server.output();
    const crashed = /unhandled rejection|uncaught exception|grace period over/.test(out + err);

    const rows = intervals.rows;
    const baseline = rows[0].rssMb;
    const rssEnd = intervals.rssTrendEndMb();
    const rssGrowth = rssEnd / baseline - 1;
    const p99Drift = rows.at(-1).p99 / rows[0].p99;
    const errors = probeErrors + rows.reduce((s, r) => s + r.errors, 0);
    const checks = [
      ['no request errors', errors === 0, `${errors}`],
      [
        `RSS growth after the first interval ≤ ${LIMITS.rssGrowth * 100} %`,
        rssGrowth <= LIMITS.rssGrowth,
        `${(rssGrowth * 100).toFixed(1)} % (first-interval mean ${baseline} MB → trend at the end ${rssEnd} MB; interval means ${Math.min(...rows.map((r) => r.rssMb))}–${Math.max(...rows.map((r) => r.rssMb))}, peak ${Math.max(...rows.map((r) => r.peakRssMb))})`,
      ],
      [
        `p99 drift (last ÷ first interval) ≤ ${LIMITS.p99Drift}×`,
        p99Drift <= LIMITS.p99Drift,
        `${p99Drift.toFixed(2)}× (${rows[0].p99} → ${rows.at(-1).p99} ms)`,
      ],
      ['SIGTERM: exit 0, no crash logged', exitCode === 0 && !crashed, `exit ${exitCode}${crashed ? ', crash logged' : ''}`],
    ];
    for (const [what, ok, got] of checks) log(`${ok ? 'pass' : 'FAIL'}  ${what}: ${got}`);
    const passed = checks.every(([, ok]) => ok);
    const result = {
      engine: db.engine,
      date: new Date().toISOString(),
      node: process.version,
      seconds: SECONDS,
      intervalSeconds: INTERVAL_S,
      connections: CONNECTIONS,
      bcryptCost: BCRYPT_COST,
      mix: DESCRIPTION,
      measuredMaxRps: maxRps,
      load: LOAD,
      targetRps: rate,
      rssTrendEndMb: rssEnd,
      rows,
      checks: checks.map(([what, ok, got]) => ({ what, ok, got })),
      passed,
    };
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
    log(`${passed ? 'soak passed' : 'soak FAILED'}; figures in soak/results/${label}.json`);
    process.exitCode = passed ? 0 : 1;
  } finally {
    await server.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

main().catch((err) => {
  log(`soak failed: ${err.stack ?? err}`);
  process.exit(1);
});
