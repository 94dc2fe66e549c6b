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
  return m ? Math.round((Number(m[1]) / 1048576) * 10) / 10 : null;
}

class Intervals {
  constructor({ rssOf, pid, metricsUrl }) {
    this.rssOf = rssOf;
    this.pid = pid;
    this.metricsUrl = metricsUrl;
    this.rows = [];
    this.reset();
    /** Every RSS sample after the first interval, [seconds since then, bytes], for the trend. */
    this.trendSamples = [];
    this.sampler = setInterval(() => {
      const bytes = rssOf(pid);
      this.rss.push(bytes);
      if (this.rows.length >= 1) this.trendSamples.push([(Date.now() - this.rows[0].closedAt) / 1000, bytes]);
    }, 1_000);
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
    const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
    const metrics = await fetch(this.metricsUrl)
      .then((r) => r.text())
      .catch(() => '');
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
      heapTotalMb: bytesMb(metrics, 'iamgate_nodejs_heap_size_total_bytes'),
      loopP99Ms: gaugeMs(metrics, 'iamgate_nodejs_eventloop_lag_p99_seconds'),
      loopMaxMs: gaugeMs(metrics, 'iamgate_nodejs_eventloop_lag_max_seconds'),
    };
    row.closedAt = Date.now();
    this.rows.push(row);
    return row;
  }

  /**
   * RSS at the end of the run as the least-squares line through every sample after the first
   * interval says, in MB: a level that one garbage collection more or less does not move.
   */
  rssTrendEndMb() {
    const xs = this.trendSamples.map(([x]) => x);
    const ys = this.trendSamples.map(([, y]) => y);
    if (xs.length < 2) return null;
    const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(xs);
    const my = mean(ys);
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    return Math.round(((my + slope * (xs[xs.length - 1] - mx)) / 1048576) * 10) / 10;
  }

  stop() {
    clearInterval(this.sampler);
  }
}

module.exports = { Intervals, percentile, gaugeMs };
