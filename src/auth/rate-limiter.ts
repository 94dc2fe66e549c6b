// Fixed-window counters kept in the database, so every process counts against the same limit.
import { rateLimited } from '../core/errors';
import type { Clock, Store } from '../core/ports';

export interface RateLimits {
  /** Failed authentications per client id and per address, per minute. */
  authFailuresPerMinute: number;
  /** Token requests per client id and per address, per minute. */
  tokenRequestsPerMinute: number;
}

export type LimitKind = 'auth-failure' | 'token';

const WINDOW_MS = 60_000;
const PURGE_EVERY = 200;

export class RateLimiter {
  private calls = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly limits: RateLimits) {}

  /** Counts one event for every subject; throws RATE_LIMITED once any subject is over its limit. */
  async hit(kind: LimitKind, subjects: string[]): Promise<void> {
    const { window, retryAfter, expiresAt } = this.window();
    const limit = this.limitOf(kind);
    const counts = await this.store.run(async (repos) => {
      const out: number[] = [];
      for (const s of subjects) out.push(await repos.rateLimits.hit(`${kind}:${s}:${window}`, expiresAt));
      if (++this.calls % PURGE_EVERY === 0) await repos.rateLimits.deleteExpired(this.clock.now().toISOString());
      return out;
    });
    if (counts.some((c) => c > limit)) throw rateLimited(retryAfter);
  }

  /** Throws RATE_LIMITED when any subject already used up its limit, without counting. */
  async check(kind: LimitKind, subjects: string[]): Promise<void> {
    const { window, retryAfter } = this.window();
    const limit = this.limitOf(kind);
    const counts = await this.store.run((repos) => Promise.all(subjects.map((s) => repos.rateLimits.current(`${kind}:${s}:${window}`))));
    if (counts.some((c) => c >= limit)) throw rateLimited(retryAfter);
  }

  private limitOf(kind: LimitKind): number {
    return kind === 'token' ? this.limits.tokenRequestsPerMinute : this.limits.authFailuresPerMinute;
  }

  private window() {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / WINDOW_MS);
    const end = (window + 1) * WINDOW_MS;
    return { window, retryAfter: Math.max(1, Math.ceil((end - now) / 1000)), expiresAt: new Date(end).toISOString() };
  }
}
