'use strict';
// Per-interval figures of a soak: latency percentiles of every answer, errors, RSS (sampled every
// second: the interval's mean, which the garbage collector's sawtooth does not swing as much as one
// sample, and its peak), heap in use and the server's event-loop delay (prom-client's default
// metrics, reset at each scrape).

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Reads `name` (a gauge in seconds) from Prometheus text, in ms. */
function gaugeMs(text, name) {
  const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Math.round(Number(m[1]) * 1e5) / 100 : null;
}

/** Reads `name` (a gauge in bytes) from Prometheus text, in MB. */
function bytesMb(text, name) {
  const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Math.round(Number(m[1]) / 1048576 * 10) / 10 : null;
}

class Intervals {
  constructor({ rssOf, pid, metricsUrl }) {
    this.rssOf = rssOf;
    this.pid = pid;
    this.metricsUrl = metricsUrl;
    this.rows = [];
    this.reset();
    this.sampler = setInterval(() => { this.rss.push(rssOf(pid)); }, 1_000);
  }

  reset() {
    this.latencies = [];
    this.errors = 0;
    this.statuses = {};
    this.rss = [];
    this.startedAt = Date.now();
  }

  /** autocannon's 'response' event. */
  response(status, ms) {
    this.latencies.push(ms);
    if (status < 200 || status >= 300) {
      this.errors++;
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    }
  }

  /** A socket error or timeout. */
  error() {
    this.errors++;
    this.statuses.socket = (this.statuses.socket ?? 0) + 1;
  }

  /** Closes the interval under way: one row. */
  async close() {
    // Taken (and the next interval started) before anything is awaited: answers keep arriving.
    const seconds = (Date.now() - this.startedAt) / 1000;
    const sorted = this.latencies.sort((a, b) => a - b);
    const { errors, statuses } = this;
    const rss = this.rss.length ? this.rss : [this.rssOf(this.pid)];
    this.reset();
    const mb = (bytes) => Math.round(bytes / 1048576 * 10) / 10;
    const metrics = await fetch(this.metricsUrl).then((r) => r.text()).catch(() => '');
    const round = (ms) => (ms === null ? null : Math.round(ms * 100) / 100);
    const row = {
      minute: this.rows.length + 1,
      seconds: Math.round(seconds),
      requests: sorted.length,
      rps: Math.round(sorted.length / seconds),
      p50: round(percentile(sorted, 0.5)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted.length ? sorted[sorted.length - 1] : null),
      errors,
      statuses,
      rssMb: mb(rss.reduce((a, b) => a + b, 0) / rss.length),
      peakRssMb: mb(Math.max(...rss)),
      heapUsedMb: bytesMb(metrics, 'iamgate_nodejs_heap_size_used_bytes'),
      loopP99Ms: gaugeMs(metrics, 'iamgate_nodejs_eventloop_lag_p99_seconds'),
      loopMaxMs: gaugeMs(metrics, 'iamgate_nodejs_eventloop_lag_max_seconds'),
    };
    this.rows.push(row);
    return row;
  }

  stop() {
    clearInterval(this.sampler);
  }
}

module.exports = { Intervals, percentile, gaugeMs };
