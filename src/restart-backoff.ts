// How long the cluster primary waits before replacing a worker that died (issue 16): a worker that
// dies again soon after its start doubles the wait (100 ms, 200 ms, … up to 30 s), so a crash at
// start (a bad database, a bad build) does not become a tight fork loop; once workers live longer
// than `stableMs`, the wait is back to the first step.
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  /** A worker that lived this long counts as healthy. */
  stableMs: number;
}

const DEFAULTS: BackoffOptions = { firstMs: 100, maxMs: 30_000, stableMs: 30_000 };

export class RestartBackoff {
  private quickDeaths = 0;
  private readonly options: BackoffOptions;

  constructor(options: Partial<BackoffOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The wait before replacing a worker that lived `livedMs`. */
  next(livedMs: number): number {
    const { firstMs, maxMs, stableMs } = this.options;
    this.quickDeaths = livedMs >= stableMs ? 0 : this.quickDeaths + 1;
    return Math.min(maxMs, firstMs * 2 ** Math.max(0, this.quickDeaths - 1));
  }
}
