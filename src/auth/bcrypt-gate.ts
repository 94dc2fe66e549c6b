// The bcrypt checks of presented secrets a process runs at once (issue 25). bcrypt runs on libuv's
// thread pool (UV_THREADPOOL_SIZE threads, 4 by default), first come first served: 300 forged
// secrets queued 300 checks there, and a key creation's hash waited behind all of them. Checks take
// at most half the pool, so a creation always finds a thread; the others wait here in lanes, the
// addresses with nothing failed or in flight first, and a bounded number of them for a bounded time:
// a check that finds its lane full, or waits too long, is refused (429, Retry-After: 1) without
// running bcrypt.
import { rateLimited, type DomainError } from '../core/errors';

/** By priority: an address with nothing failed, one with failures under its limit, one past it. */
export const LANES = ['clean', 'suspect', 'over-limit'] as const;
export type Lane = (typeof LANES)[number];
export const REFUSALS = ['full', 'timeout'] as const;
export type Refusal = (typeof REFUSALS)[number];

export interface GateLimits {
  /** Checks running at once. */
  running: number;
  /** Checks waiting, per lane. */
  waitingPerLane: number;
  /** The longest a check waits for its turn. */
  maxWaitMs: number;
}

export interface GateObserver {
  waited(lane: Lane, seconds: number): void;
  refused(lane: Lane, reason: Refusal): void;
}

/** Half the pool (at least one), 64 waiting per lane, 5 s at most. */
export function defaultGateLimits(env: NodeJS.ProcessEnv = process.env): GateLimits {
  const pool = Number(env.UV_THREADPOOL_SIZE) || 4;
  return { running: Math.max(1, Math.floor(pool / 2)), waitingPerLane: 64, maxWaitMs: 5_000 };
}

interface Waiter {
  start(): void;
  timer: NodeJS.Timeout;
}

const silent: GateObserver = { waited: () => undefined, refused: () => undefined };

export class BcryptGate {
  private active = 0;
  private readonly waiting = new Map<Lane, Waiter[]>(LANES.map((lane) => [lane, []]));

  constructor(
    private readonly limits: GateLimits = defaultGateLimits(),
    private readonly observer: GateObserver = silent,
  ) {}

  /** Runs `work` (one bcrypt check) in its turn; throws RATE_LIMITED when it cannot have one. */
  async run<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    await this.turn(lane);
    try {
      return await work();
    } finally {
      this.active--;
      this.next();
    }
  }

  /** Checks waiting in each lane (tests, metrics). */
  waitingIn(lane: Lane): number {
    return this.waiting.get(lane)!.length;
  }

  private turn(lane: Lane): Promise<void> {
    const arrived = process.hrtime.bigint();
    const waited = () => this.observer.waited(lane, Number(process.hrtime.bigint() - arrived) / 1e9);
    if (this.active < this.limits.running) {
      this.active++;
      waited();
      return Promise.resolve();
    }
    const queue = this.waiting.get(lane)!;
    if (queue.length >= this.limits.waitingPerLane) return Promise.reject(this.refusal(lane, 'full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          waited();
          resolve();
        },
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(this.refusal(lane, 'timeout'));
        }, this.limits.maxWaitMs).unref(),
      };
      queue.push(waiter);
    });
  }

  /** A slot is free: the first waiter of the first lane that has one takes it. */
  private next(): void {
    for (const lane of LANES) {
      const waiter = this.waiting.get(lane)!.shift();
      if (waiter) {
        this.active++;
        waiter.start();
        return;
      }
    }
  }

  private refusal(lane: Lane, reason: Refusal): DomainError {
    this.observer.refused(lane, reason);
    return rateLimited(1);
  }
}
