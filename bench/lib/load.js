'use strict';
// Measurements with autocannon. Latencies are taken from each response (autocannon's own
// histogram keeps whole milliseconds only), in ms.
//
// A ratio is measured *paired*: the two sides run in alternating slices of about a second, so
// whatever else the machine is doing weighs on both alike, and the ratio holds even where the
// absolute figures wander.
const autocannon = require('autocannon');

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Runs autocannon once for `seconds`; resolves with the raw counts and 2xx latencies. */
function runOnce(opts, seconds) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let ok = 0;
    let other = 0;
    const statuses = {};
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: opts.url,
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        body: opts.body,
        // A body made per request (unique names for creations): autocannon sets Content-Length from it.
        requests: opts.makeBody ? [{ setupRequest: (req) => ({ ...req, body: opts.makeBody() }) }] : undefined,
        connections: opts.connections ?? 10,
        pipelining: 1,
        duration: seconds,
        overallRate: opts.overallRate,
        timeout: 30,
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          ok,
          other,
          statuses,
          latencies,
          errors: result.errors + result.timeouts,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        ok++;
        latencies.push(responseTime);
      } else {
        other++;
      }
    });
  });
}

/** Several runs of one side as one figure. */
function combine(name, parts) {
  const acc = { ok: 0, other: 0, errors: 0, seconds: 0, statuses: {}, latencies: [] };
  for (const p of parts) {
    acc.ok += p.ok;
    acc.other += p.other;
    acc.errors += p.errors;
    acc.seconds += p.seconds;
    for (const [s, n] of Object.entries(p.statuses)) acc.statuses[s] = (acc.statuses[s] ?? 0) + n;
    for (const l of p.latencies) acc.latencies.push(l);
  }
  const total = acc.ok + acc.other;
  // No answer at all (every request slower than the run): a figure of 0 req/s would hide it.
  if (total === 0) throw new Error(`${name}: no answer in ${acc.seconds.toFixed(1)} s (${acc.errors} socket errors or timeouts)`);
  // More than 1% of answers not 2xx: the figure would not mean what its name says.
  if (acc.other > total * 0.01 || acc.errors > Math.max(1, total * 0.01)) {
    throw new Error(`${name}: ${acc.ok} ok of ${total} answers (statuses ${JSON.stringify(acc.statuses)}, ${acc.errors} socket errors)`);
  }
  acc.latencies.sort((a, b) => a - b);
  return {
    rps: acc.seconds > 0 ? acc.ok / acc.seconds : 0,
    // Each slice's own rate: how steady this side was (a ceiling's spread says how noisy the machine was).
    slices: parts.map((p) => (p.seconds > 0 ? p.ok / p.seconds : 0)),
    p50: percentile(acc.latencies, 0.5),
    p99: percentile(acc.latencies, 0.99),
    ok: acc.ok,
    seconds: acc.seconds,
  };
}

const pause = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * `opts.warmup` seconds unmeasured, then `opts.duration` seconds measured. `opts.settle`: seconds
 * to wait after the warm-up, for requests it left in flight (slow ones: bcrypt) to finish.
 */
async function measure(opts) {
  if (opts.warmup > 0) await runOnce(opts, opts.warmup);
  if (opts.settle) await pause(opts.settle);
  return combine(opts.name, [await runOnce(opts, opts.duration)]);
}

/**
 * Measures two sides in alternating slices: `duration` seconds each in all, in slices of `slice`
 * seconds. A side is an autocannon options object, or `{ name, run(seconds) }` for anything else
 * (it resolves with what runOnce does). Resolves with [a, b].
 */
async function measurePaired(a, b, { warmup, duration, slice = 1 }) {
  const run = (side, seconds) => (side.run ? side.run(seconds) : runOnce(side, seconds));
  if (warmup > 0) {
    await run(a, warmup);
    if (a.settle) await pause(a.settle);
    await run(b, warmup);
    if (b.settle) await pause(b.settle);
  }
  const slices = Math.max(1, Math.round(duration / slice));
  const parts = [[], []];
  for (let i = 0; i < slices; i++) {
    // Alternate which side goes first, so neither always follows the other.
    const order =
      i % 2 === 0
        ? [
            [a, 0],
            [b, 1],
          ]
        : [
            [b, 1],
            [a, 0],
          ];
    for (const [side, k] of order) {
      parts[k].push(await run(side, duration / slices));
      if (side.settle) await pause(side.settle);
    }
  }
  return [combine(a.name, parts[0]), combine(b.name, parts[1])];
}

/** (max − min) ÷ median of the slices' rates: 0.1 means the slices of that side differed by 10 %. */
function spread(result) {
  const s = [...(result.slices ?? [])].sort((a, b) => a - b);
  if (s.length < 2) return null;
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return median > 0 ? (s[s.length - 1] - s[0]) / median : null;
}

module.exports = { measure, measurePaired, runOnce, combine, percentile, spread };
