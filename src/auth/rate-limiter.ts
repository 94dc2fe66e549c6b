// Fixed-window counters shared by every process through the database, but counted in memory and
// added in batches: a flood of failures must not cost a write each (issue 12: 13,857 counter writes
// in 12 s doubled legitimate latency). Each process adds its counts every FLUSH_MS in one
// transaction that returns the totals, which is how it learns the other processes' counts; a
// bucket it only reads is re-read at most every REFRESH_MS. Within SYNC_MARGIN of a limit the
// counts are written before answering and re-read before deciding, so near the limit (and with
// small limits) every process sees every count; far from it, and once past it, only batches go out.
import { createHash } from 'node:crypto';
import { BoundedMap } from '../bounded-map';
import { rateLimited } from '../core/errors';
import type { Clock } from '../core/ports';
import type { RateLimitDelta, ServiceStore } from '../store/service-tables';

export interface RateLimits {
  /** Failed authentications per minute, per address and per client id from that address. */
  authFailuresPerMinute: number;
  /** Token requests per minute, per address and per client id from that address. */
  tokenRequestsPerMinute: number;
}

export interface LimiterTiming {
  flushMs: number;
  refreshMs: number;
  /** Buckets remembered at most; past it the one read longest ago is forgotten (and read again when needed). */
  maxRemembered: number;
}

export type LimitKind = 'auth-failure' | 'token';

/** One event counted ahead of its outcome (see reserve). */
export interface Reservation {
  /** Each subject's total before this one was counted. */
  totals: number[];
  /** The kind's limit a minute (RateLimits). */
  limit: number;
  /** Takes the count back; once, and not after its window ended. */
  release(): void;
}

const WINDOW_MS = 60_000;
// Each remembered bucket is ~300 bytes, and a flood of made-up client ids makes one each: bounded.
const DEFAULT_TIMING: LimiterTiming = { flushMs: 250, refreshMs: 1_000, maxRemembered: 10_000 };
const SYNC_MARGIN = 5;
/** Longer subjects (an arbitrary Basic client id) are hashed to fit the bucket column. */
const MAX_SUBJECT = 200;

interface Known {
  total: number;
  at: number;
  ends: number;
}

export class RateLimiter {
  /** What the database said last about each bucket, and when (a cache: a forgotten bucket is read again). */
  private readonly known: BoundedMap<string, Known>;
  /** Counts not yet sent. */
  private pending = new Map<string, RateLimitDelta>();
  /** Counts in the transaction under way. */
  private flushing = new Map<string, RateLimitDelta>();
  /** Flushes and reads take turns, so a read never misses counts that are half-way to the database. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Operations in the chain, and how the last one failed if it was UNAVAILABLE (see serial). */
  private queued = 0;
  private lastUnavailable: unknown = null;
  private timer: NodeJS.Timeout | null = null;
  private lastPurge = 0;
  private lastForget = 0;
  private closed = false;
  private readonly timing: LimiterTiming;

  constructor(
    private readonly store: ServiceStore,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
    timing: Partial<LimiterTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.known = new BoundedMap(this.timing.maxRemembered);
  }

  /**
   * The subjects counted for a request: its address, and the client id as used from that address.
   * Not the client id alone: knowing it must not let anyone lock that client out.
   */
  subjects(address: string, client?: string): string[] {
    const addr = `addr:${address}`;
    return client === undefined ? [addr] : [addr, `${addr}|client:${client}`];
  }

  /** Counts one event for every subject; throws RATE_LIMITED once any subject is over its limit. */
  async hit(kind: LimitKind, subjects: string[]): Promise<void> {
    const { window, retryAfter, expiresAt } = this.window();
    const limit = this.limitOf(kind);
    const buckets = subjects.map((s) => bucketOf(kind, s, window));
    await this.refresh(buckets, () => false);
    for (const b of buckets) this.count(b, 1, expiresAt);
    if (buckets.some((b) => this.near(this.estimate(b) - 1, limit))) await this.flush();
    else this.schedule();
    if (buckets.some((b) => this.estimate(b) > limit)) throw rateLimited(retryAfter);
  }

  /** Throws RATE_LIMITED when any subject already used up its limit, without counting. */
  async check(kind: LimitKind, subjects: string[]): Promise<void> {
    const { window, retryAfter } = this.window();
    const limit = this.limitOf(kind);
    const buckets = subjects.map((s) => bucketOf(kind, s, window));
    await this.refresh(buckets, (b) => this.near(this.estimate(b), limit));
    if (buckets.some((b) => this.estimate(b) >= limit)) throw rateLimited(retryAfter);
  }

  /**
   * Counts one event for every subject before the work it stands for runs (a bcrypt check), so
   * attempts in flight count like failures: concurrent ones cannot all pass a check made before any
   * of them failed. `limitsOf` gives each subject's limit from the totals so far (in flight
   * included) and the kind's limit; when a total has reached its limit, nothing is counted and
   * RATE_LIMITED is thrown. The count stays (a failure) unless `release()` takes it back.
   */
  async reserve(kind: LimitKind, subjects: string[], limitsOf: (totals: number[], limit: number) => number[]): Promise<Reservation> {
    const { window, retryAfter, expiresAt } = this.window();
    const buckets = subjects.map((s) => bucketOf(kind, s, window));
    const limit = this.limitOf(kind);
    const limitsFor = (totals: number[]) => limitsOf(totals, limit);
    const totalsNow = () => buckets.map((b) => this.estimate(b));
    const nearNow = (b: string) => {
      const totals = totalsNow();
      const i = buckets.indexOf(b);
      return this.near(totals[i], limitsFor(totals)[i]);
    };
    await this.refresh(buckets, nearNow);
    const totals = totalsNow();
    const limits = limitsFor(totals);
    if (totals.some((total, i) => total >= limits[i])) throw rateLimited(retryAfter);
    const add = (delta: number) => buckets.forEach((b) => this.count(b, delta, expiresAt));
    add(1);
    if (totals.some((total, i) => this.near(total, limits[i]))) {
      try {
        await this.flush();
      } catch (err) {
        add(-1); // a refused request changes nothing
        throw err;
      }
    } else this.schedule();
    let held = true;
    return {
      totals,
      limit,
      release: () => {
        if (!held) return;
        held = false;
        if (this.clock.now().getTime() >= Date.parse(expiresAt)) return; // that window is over
        add(-1);
        this.schedule();
      },
    };
  }

  /** Sends every pending count now (one transaction) and learns the totals; purges old rows when due. */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      const now = this.clock.now().getTime();
      const purge = now - this.lastPurge >= WINDOW_MS;
      this.forget(now);
      // A reservation taken back leaves a zero: nothing to send.
      for (const [b, d] of this.pending) if (d.delta === 0) this.pending.delete(b);
      if (this.pending.size === 0) return;
      this.flushing = this.pending;
      this.pending = new Map();
      try {
        const totals = await this.store.transaction(async (repos) => {
          const added = await repos.rateLimits.add([...this.flushing.values()]);
          if (purge) await repos.rateLimits.deleteExpired(new Date(now).toISOString());
          return added;
        });
        if (purge) this.lastPurge = now;
        for (const [b, d] of this.flushing) this.known.set(b, { total: totals.get(b) ?? d.delta, at: now, ends: Date.parse(d.expiresAt) });
      } catch (err) {
        // Kept for the next flush: a database hiccup must not forget failures.
        for (const d of this.flushing.values()) this.count(d.bucket, d.delta, d.expiresAt);
        throw err;
      } finally {
        this.flushing = new Map();
      }
    });
  }

  /** Flushes what is pending and stops the timer (the server's stop()). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush().catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Within SYNC_MARGIN below the limit: the next count could decide, so the database is asked. */
  private near(total: number, limit: number): boolean {
    return total < limit && total >= limit - Math.min(limit, SYNC_MARGIN);
  }

  private estimate(bucket: string): number {
    return (this.known.get(bucket)?.total ?? 0) + (this.flushing.get(bucket)?.delta ?? 0) + (this.pending.get(bucket)?.delta ?? 0);
  }

  private count(bucket: string, delta: number, expiresAt: string): void {
    const d = this.pending.get(bucket);
    if (d) d.delta += delta;
    else this.pending.set(bucket, { bucket, delta, expiresAt });
  }

  /** Re-reads the buckets never read, read over refreshMs ago, or for which `force` says so. */
  private async refresh(buckets: string[], force: (bucket: string) => boolean): Promise<void> {
    const now = this.clock.now().getTime();
    const stale = (b: string) => {
      const k = this.known.get(b);
      return !k || now - k.at >= this.timing.refreshMs || force(b);
    };
    if (!buckets.some(stale)) return;
    await this.serial(async () => {
      const wanted = buckets.filter(stale);
      if (wanted.length === 0) return;
      const totals = await this.store.run((repos) => repos.rateLimits.getMany(wanted));
      const at = this.clock.now().getTime();
      const ends = (Math.floor(at / WINDOW_MS) + 1) * WINDOW_MS;
      for (const b of wanted) this.known.set(b, { total: totals.get(b) ?? 0, at, ends });
      this.forget(at);
    });
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => this.schedule());
    }, this.timing.flushMs);
    this.timer.unref();
  }

  /**
   * One at a time. Work that had to wait behind one failing as UNAVAILABLE fails the same way at
   * once: with the database not answering, waiting for the one before and then for its own call
   * would double what the request waits (issue 16: answered within DB_TIMEOUT_MS).
   */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const waited = this.queued > 0;
    this.queued++;
    const run = this.chain.then(() => {
      if (waited && this.lastUnavailable) throw this.lastUnavailable;
      return work();
    });
    // Settles when `run` does, a tick later, like a plain catch (callers resume in the same order).
    this.chain = run.then(
      () => {
        this.queued--;
        this.lastUnavailable = null;
      },
      (err: unknown) => {
        this.queued--;
        this.lastUnavailable = (err as { code?: unknown })?.code === 'UNAVAILABLE' ? err : null;
      },
    );
    return run;
  }

  /**
   * At most once per refreshMs, drops what is remembered of windows that have ended, and zero totals
   * read over refreshMs ago. Such a zero says what its absence says (the total is 0 and is re-read
   * before use), so forgetting it changes no decision; kept, every client id that authenticated
   * would leave one for the rest of its window (thousands a minute under load: resident memory).
   */
  private forget(now: number): void {
    if (now - this.lastForget < this.timing.refreshMs) return;
    this.lastForget = now;
    for (const [b, k] of this.known) if (k.ends <= now || (k.total === 0 && now - k.at >= this.timing.refreshMs)) this.known.delete(b);
  }

  /** Buckets remembered in memory (tests: what forget() keeps). */
  get rememberedBuckets(): number {
    return this.known.size;
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

function bucketOf(kind: LimitKind, subject: string, window: number): string {
  const s = subject.length > MAX_SUBJECT ? `sha256:${createHash('sha256').update(subject).digest('hex')}` : subject;
  return `${kind}:${s}:${window}`;
}
