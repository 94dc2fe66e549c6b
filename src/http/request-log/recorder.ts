// Request logs leave the request path: a finished request is queued as references (capture.ts), and
// a batch (every 250 ms, or at once at 500 queued) is redacted, serialized and written in one transaction.
// The queue is bounded: when it is full a log is dropped and counted (iamgate_request_logs_dropped_total),
// never waited for. Logs older than the retention leave on a timer, in bounded batches. Timers are
// unref'd and start with the first log, so a process that serves nothing (the CLI) runs none.
import { Counter } from 'prom-client';
import type { Clock, IdGenerator } from '../../core/ports';
import type { RequestLog, RequestLogPageQuery, RequestLogReader } from '../../core/request-logs';
import { errorMessage, type Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { toRequestLog, type CapturedRequest } from './entry';

/** Where logs go (src/store/request-log-table.ts). */
export interface RequestLogSink {
  insert(logs: RequestLog[]): Promise<void>;
  /** Deletes at most `limit` logs made before `before`; how many went. */
  purgeBefore(before: string, limit: number): Promise<number>;
}

export interface RecorderOptions {
  retentionDays: number;
  flushEveryMs: number;
  batchRows: number;
  maxQueued: number;
  purgeEveryMs: number;
  purgeBatch: number;
  purgeMaxBatches: number;
}

const DEFAULTS: RecorderOptions = {
  retentionDays: 30,
  flushEveryMs: 250,
  batchRows: 500,
  maxQueued: 5_000,
  purgeEveryMs: 10 * 60_000,
  purgeBatch: 1_000,
  purgeMaxBatches: 50,
};
const DAY_MS = 86_400_000;

interface Queued {
  id: string;
  captured: CapturedRequest;
}

export class RequestLogRecorder {
  private queue: Queued[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private purgeTimer: NodeJS.Timeout | null = null;
  /** Flushes run one after another: each waits for the one before. */
  private tail: Promise<void> = Promise.resolve();
  private purging: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly options: RecorderOptions;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly sink: RequestLogSink,
    private readonly deps: { clock: Clock; ids: IdGenerator; logger: Logger; metrics: Metrics },
    options: Partial<RecorderOptions> = {},
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULTS, ...given };
    this.dropped = new Counter({
      name: 'iamgate_request_logs_dropped_total',
      help: 'Request logs not stored: the queue was full, or their batch could not be written',
      labelNames: ['reason'] as const,
      registers: [deps.metrics.registry],
    });
  }

  /** Called when a response has finished; never waits and never throws. */
  record(captured: CapturedRequest): void {
    if (this.closed) return;
    if (this.queue.length >= this.options.maxQueued) {
      this.dropped.inc({ reason: 'queue_full' });
      return;
    }
    this.queue.push({ id: this.deps.ids.next(), captured });
    if (this.queue.length >= this.options.batchRows) this.schedule(0);
    else if (!this.flushTimer) this.schedule(this.options.flushEveryMs);
    if (!this.purgeTimer) this.startPurging();
  }

  /** Writes everything queued so far (also what reads call first, so a process reads its own logs). */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const run = this.tail.then(() => this.drain());
    this.tail = run;
    return run;
  }

  /** A reader that sees every log this process has queued. */
  readingThrough(reader: RequestLogReader): RequestLogReader {
    return {
      page: async (orgId: string, accountId: string, q: RequestLogPageQuery) => {
        await this.flush();
        return reader.page(orgId, accountId, q);
      },
      get: async (orgId: string, accountId: string, id: string) => {
        await this.flush();
        return reader.get(orgId, accountId, id);
      },
    };
  }

  /** One purge: logs older than the retention, in batches, requests going in between. */
  async purgeExpired(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - this.options.retentionDays * DAY_MS).toISOString();
    let total = 0;
    for (let i = 0; i < this.options.purgeMaxBatches && !this.closed; i++) {
      const n = await this.sink.purgeBefore(before, this.options.purgeBatch);
      total += n;
      if (n < this.options.purgeBatch) break;
      await new Promise((r) => setImmediate(r));
    }
    return total;
  }

  /** Stops the timers and writes what is queued (the server's stop, before the store closes). */
  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = null;
    await this.flush();
    this.closed = true;
    await this.purging;
  }

  private schedule(delayMs: number): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delayMs);
    this.flushTimer.unref();
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.options.batchRows);
      try {
        await this.sink.insert(batch.map((q) => toRequestLog(q.id, q.captured)));
      } catch (err) {
        // The database may be down or full: these are lost (counted), the next batch tries again.
        this.dropped.inc({ reason: 'write_failed' }, batch.length);
        this.deps.logger.warn(
          { error: (err as Error)?.name, message: errorMessage(err, 200), logs: batch.length },
          'request logs not stored',
        );
      }
    }
  }

  private startPurging(): void {
    const purge = () => {
      this.purging = this.purgeExpired().catch((err: unknown) => {
        this.deps.logger.warn({ error: (err as Error)?.name, message: errorMessage(err, 200) }, 'request-log purge failed');
      });
    };
    this.purgeTimer = setInterval(purge, this.options.purgeEveryMs);
    this.purgeTimer.unref();
    // The first purge soon after start: a process that lives less than the interval still purges.
    setTimeout(
      () => {
        if (!this.closed && this.purgeTimer) purge();
      },
      Math.min(10_000, this.options.purgeEveryMs),
    ).unref();
  }
}
