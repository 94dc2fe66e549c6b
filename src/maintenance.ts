// Expired rows leave on a timer, in bounded batches, instead of inside requests (issue 16): a purge
// used to run inline every N token inserts (inside the insert's transaction) and every N idempotent
// requests, so one request in N paid for everybody's cleanup. Rate-limit rows are purged by the rate
// limiter's own flush timer. The timer is unref'd (it never keeps a process alive) and stopped, after
// its batch, by the server's stop().
import type { Clock } from './core/ports';
import type { ServiceStore } from './store/service-tables';
import { errorMessage, type Logger } from './observability/logger';

export interface SweepOptions {
  everyMs: number;
  /** Rows deleted per statement. */
  batch: number;
  /** Statements per table per sweep; the rest waits for the next sweep. */
  maxBatches: number;
}

const DEFAULTS: SweepOptions = { everyMs: 60_000, batch: 500, maxBatches: 20 };

export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly options: SweepOptions;

  constructor(
    private readonly store: ServiceStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<SweepOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): this {
    this.timer = setInterval(() => {
      this.running = this.sweep().catch((err: unknown) => {
        // The database may be down: the next sweep tries again.
        this.logger.warn({ error: (err as Error)?.name, message: errorMessage(err, 200) }, 'expired-row sweep failed');
      });
    }, this.options.everyMs);
    this.timer.unref();
    return this;
  }

  /** One sweep: expired access-token rows (the deny list of revoked ones), idempotency records and used jtis, each in batches. */
  async sweep(): Promise<{ accessTokens: number; idempotency: number; federationJtis: number }> {
    const before = this.clock.now().toISOString();
    const accessTokens = await this.drain((limit) => this.store.run((r) => r.accessTokens.deleteExpired(before, limit)));
    const idempotency = await this.drain((limit) => this.store.run((r) => r.idempotency.deleteExpired(before, limit)));
    const federationJtis = await this.drain((limit) => this.store.run((r) => r.federationJtis.deleteExpired(before, limit)));
    return { accessTokens, idempotency, federationJtis };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async drain(deleteSome: (limit: number) => Promise<number | void>): Promise<number> {
    const { batch, maxBatches } = this.options;
    let total = 0;
    for (let i = 0; i < maxBatches && !this.stopped; i++) {
      const n = (await deleteSome(batch)) ?? 0;
      total += n;
      if (n < batch) break;
      await new Promise((r) => setImmediate(r)); // requests go between batches
    }
    return total;
  }
}
