// Runs the janitor (src/core/janitor.ts): in the server every JANITOR_INTERVAL_S seconds, and once
// from `iamgate janitor`. A real run takes the cluster-wide lease first (src/store/exclusive-lease.ts),
// so one process at a time applies the policies; a dry run only reads and needs none.
import type { IamCore } from './core';
import type { JanitorAction } from './core/janitor';
import type { Clock } from './core/ports';
import { errorMessage, type Logger } from './observability/logger';
import { whileHolding } from './store/exclusive-lease';
import type { TypeOrmStore } from './store/typeorm-store';

const LEASE_MS = 15 * 60_000;
const RENEW_EVERY = 100;

export interface JanitorRuntime {
  core: IamCore;
  store: TypeOrmStore;
  clock: Clock;
}

/** What a dry run would do at `asOf` (default now); nothing is changed. */
export async function janitorPlan(rt: JanitorRuntime, asOf?: Date): Promise<JanitorAction[]> {
  return rt.core.planJanitor(asOf ?? rt.clock.now());
}

/** One real run: the actions done, or null when another process is running the janitor. */
export async function runJanitorOnce(
  rt: JanitorRuntime,
  onAction: (a: JanitorAction) => void = () => undefined,
  stopping: () => boolean = () => false,
): Promise<JanitorAction[] | null> {
  return whileHolding(rt.store, 'janitor', LEASE_MS, async (lease) => {
    const done: JanitorAction[] = [];
    const plan = await rt.core.planJanitor(rt.clock.now());
    for (const [i, action] of plan.entries()) {
      if (stopping()) break; // the rest is due at the next run
      if (i > 0 && i % RENEW_EVERY === 0) await lease.renew();
      if (await rt.core.applyJanitorAction(action, rt.clock.now())) {
        done.push(action);
        onAction(action);
      }
    }
    return done;
  });
}

/** The in-process timer; unref'd, and stopped (after its run) by the server's stop(). */
export class JanitorTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly rt: JanitorRuntime,
    private readonly logger: Logger,
    private readonly everyMs: number,
  ) {}

  start(): this {
    if (this.everyMs <= 0) return this;
    this.timer = setInterval(() => {
      if (this.running) return; // the last run is still going
      this.running = runJanitorOnce(this.rt, undefined, () => this.stopped)
        .then((done) => {
          if (done?.length) this.logger.info({ actions: done.length }, 'janitor applied the credential policies');
        })
        .catch((err: unknown) => this.logger.warn({ error: (err as Error)?.name, message: errorMessage(err, 200) }, 'janitor run failed'))
        .finally(() => (this.running = null));
    }, this.everyMs);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
