// better-sqlite3 answers synchronously, so a chain of statements whose promises all resolve at once
// never gives the event loop a turn: one tenant's request reading members × groups one row set at a
// time held every other request, /healthz too, for 24 s (issue 25). SQLite work asks the pacer
// before each store call and between the calls of a request; once the event loop has gone a slice
// without a turn, the work waits for one (and a read gives its turn on the database away meanwhile).

/** How long SQLite work may keep the event loop before it lets it turn. */
export const SLICE_MS = 10;

export class Pacer {
  private since = 0;
  private watching = false;

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True once the work since the event loop's last turn has lasted a slice. */
  due(): boolean {
    const now = performance.now();
    if (!this.watching) {
      // Nobody was watching, so the loop is taken to have just turned; a check-phase callback says
      // when it next does (it runs before any work that waits for a turn with `breath`).
      this.watching = true;
      this.since = now;
      setImmediate(this.turned);
      return this.sliceMs === 0;
    }
    return now - this.since >= this.sliceMs;
  }

  private readonly turned = () => {
    this.watching = false;
  };
}

/** Resolves once the event loop has had a turn (timers, I/O, other requests). */
export const breath = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
