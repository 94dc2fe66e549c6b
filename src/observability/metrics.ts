// Prometheus metrics (prom-client), one registry per running app so tests can run several. The
// output passes `promtool check metrics` (test/observability/promtool.test.ts).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { packageInfo } from '../package-info';
import { HTTP_STATUS } from '../http/status';
import { droppedLogLines } from './log-sink';

/**
 * prom-client's defaults include gauges named *_total (promtool: "non-counter metrics should not
 * have _total suffix"). Each is the sum over its per-type twin (`iamgate_nodejs_active_handles`
 * etc.), so nothing is lost: sum() that one instead.
 */
const GAUGES_NAMED_TOTAL = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * Label values come from closed sets, never from what a client sent: every distinct value is a
 * series kept for the life of the process, and in every scrape (issue 25: 8,000 made-up methods made
 * 7,369 series, 13 MB of /metrics and 170 MB of RSS). Routes are already patterns or `unmatched`.
 */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** What iamgate answers: its errors (status.ts), its successes, and what express.static and node send. */
const STATUSES = new Set([...Object.values(HTTP_STATUS), 200, 201, 204, 206, 301, 304, 408, 416]);

/** The method as a label: one of METHODS, or OTHER. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** The status as a label: one iamgate sends, or its class (`2xx` … `5xx`, `other` outside them). */
export function statusLabel(status: number): string {
  if (STATUSES.has(status)) return String(status);
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'iamgate_http_requests_total',
    help: 'HTTP requests by dialect, route, method and status',
    labelNames: ['dialect', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'iamgate_http_request_duration_seconds',
    help: 'HTTP request latency by dialect, route, method and status',
    labelNames: ['dialect', 'route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly deprecatedRequests = new Counter({
    name: 'iamgate_deprecated_requests_total',
    help: 'Requests to a dialect past its deprecation date, by dialect',
    labelNames: ['dialect'] as const,
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'iamgate_auth_failures_total',
    help: 'Refused authentications by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly bcryptSeconds = new Histogram({
    name: 'iamgate_bcrypt_duration_seconds',
    help: 'Time spent in bcrypt, by operation (hash, verify, decoy)',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  /** Read from the log sinks at each scrape (they count for the whole process). */
  readonly logLinesDropped = new Counter({
    name: 'iamgate_log_lines_dropped_total',
    help: 'Log lines dropped because stdout or stderr did not take them fast enough',
    registers: [this.registry],
    collect: countingUp(droppedLogLines),
  });

  /** Always 1; its labels say what runs (join on it, or count versions during a rolling upgrade). */
  readonly buildInfo = new Gauge({
    name: 'iamgate_build_info',
    help: 'The running build: iamgate version (package.json) and Node.js version; always 1',
    labelNames: ['version', 'node_version'] as const,
    registers: [this.registry],
  });

  /** How long checks of presented secrets waited for bcrypt (src/auth/bcrypt-gate.ts), by lane. */
  readonly bcryptQueueWait = new Histogram({
    name: 'iamgate_bcrypt_queue_wait_seconds',
    help: 'Time a check of a presented secret waited for its turn at bcrypt, by lane (clean, suspect, over-limit)',
    labelNames: ['lane'] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Checks refused (429) without bcrypt: their lane was full, or they waited too long. */
  readonly bcryptQueueRefusals = new Counter({
    name: 'iamgate_bcrypt_queue_refusals_total',
    help: 'Checks of presented secrets refused without bcrypt, by lane and reason (full, timeout)',
    labelNames: ['lane', 'reason'] as const,
    registers: [this.registry],
  });

  /** Presented secrets of our shape whose checksum failed (issue 30): refused before any read or bcrypt. */
  readonly secretChecksumFailures = new Counter({
    name: 'iamgate_secret_checksum_failures_total',
    help: 'Presented key secrets refused for a bad checksum, before any database read or bcrypt, by where (authentication, secret-scanning, public-revocation)',
    labelNames: ['where'] as const,
    registers: [this.registry],
  });

  /** The label children of each (dialect, route, method, status) seen, so a request builds no label object. */
  private readonly perRequest = new Map<string, { count: { inc(): void }; time: { observe(seconds: number): void } }>();

  constructor(defaultMetrics = true) {
    this.buildInfo.set({ version: packageInfo().version, node_version: process.versions.node }, 1);
    if (!defaultMetrics) return;
    collectDefaultMetrics({ register: this.registry, prefix: 'iamgate_' });
    for (const name of GAUGES_NAMED_TOTAL) this.registry.removeSingleMetric(`iamgate_${name}`);
  }

  /**
   * Counts one answered request and its latency (what requests.inc and latency.observe do, per
   * request). `dialect` and `route` are the app's own names (a route pattern, or `unmatched`).
   */
  observeRequest(dialect: string, route: string, rawMethod: string, rawStatus: number, seconds: number): void {
    const method = methodLabel(rawMethod);
    const status = statusLabel(rawStatus);
    const key = `${dialect} ${route} ${method} ${status}`;
    let children = this.perRequest.get(key);
    if (!children) {
      children = { count: this.requests.labels(dialect, route, method, status), time: this.latency.labels(dialect, route, method, status) };
      this.perRequest.set(key, children);
    }
    children.count.inc();
    children.time.observe(seconds);
  }

  /** Times a bcrypt call. */
  async timeBcrypt<T>(operation: 'hash' | 'verify' | 'decoy', work: () => Promise<T>): Promise<T> {
    const stop = this.bcryptSeconds.startTimer({ operation });
    try {
      return await work();
    } finally {
      stop();
    }
  }
}

/** A Counter's collect() that brings it up to `total()`, a count kept elsewhere. */
function countingUp(total: () => number): (this: Counter) => void {
  let seen = 0;
  return function (this: Counter) {
    const now = total();
    if (now > seen) this.inc(now - seen);
    seen = now;
  };
}
