// Prometheus metrics (prom-client), one registry per running app so tests can run several.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    help: 'HTTP request latency by dialect, route and method',
    labelNames: ['dialect', 'route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
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

  constructor(defaultMetrics = true) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'iamgate_' });
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
