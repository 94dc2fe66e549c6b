// A start while the database is down (issue 16): instead of exiting at once, which makes an
// orchestrator restart the process in a tight loop, opening is retried with backoff for up to
// `retryS` seconds, saying why each time. Only operational failures (unavailableFor: refused, lost,
// shutting down, full) are retried; a wrong URL or password fails at once.
import { unavailableFor } from './unavailable';

export interface StartRetry {
  /** Seconds to keep trying; 0 tries once. */
  retryS: number;
  /** Told each failure that will be retried, and the wait before the next attempt. */
  onRetry?: (reason: string, retryInS: number) => void;
}

const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5_000;

export async function retryingStart<T>(attempt: () => Promise<T>, { retryS, onRetry }: StartRetry): Promise<T> {
  const giveUpAt = Date.now() + retryS * 1000;
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
    try {
      return await attempt();
    } catch (err) {
      const left = giveUpAt - Date.now();
      if (!unavailableFor(err) || left <= 0) throw describeStartFailure(err, retryS);
      const sleep = Math.min(wait, left);
      onRetry?.(reasonOf(err), Math.round(sleep / 100) / 10);
      await new Promise((r) => setTimeout(r, sleep));
    }
  }
}

/** The driver's words, shortened (an AggregateError of ECONNREFUSED says nothing by itself). */
function reasonOf(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: { message?: string }[] };
  const text = e?.message || e?.errors?.[0]?.message || e?.code || String(err);
  return String(text).slice(0, 200);
}

function describeStartFailure(err: unknown, retryS: number): Error {
  if (!unavailableFor(err)) return err as Error;
  return new Error(
    `the database is not reachable (${reasonOf(err)})${retryS > 0 ? `; gave up after ${retryS} s (DB_CONNECT_RETRY_S)` : ''}`,
  );
}
