// What one request may take from the database (issue 25). Beside DB_TIMEOUT_MS for any one wait, a
// request may make REQUEST_DB_QUERIES store calls and spend REQUEST_DB_MS in them; past either, its
// next call is refused UNAVAILABLE (503 with Retry-After, in the dialect's shape) and its transaction,
// if any, rolls back. So no request holds SQLite's one connection or PostgreSQL's pool for long,
// whatever the data it reads. The budget is counted by the store (budgeted-repositories.ts), which
// the core reaches through `Store.forRequest()`: neither the core nor the budget knows HTTP.
import { unavailable, type DomainError } from '../core/errors';

export interface RequestLimits {
  /** Store calls one request may make (each is one statement, a few are two). */
  queries: number;
  /** Milliseconds its store calls may take in all (on SQLite, while it holds the database). */
  ms: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { queries: 500, ms: 3_000 };

/** A request over its budget would be again at once: a client should wait before trying. */
const RETRY_S = 5;

export class RequestBudget {
  private calls = 0;
  private spentMs = 0;

  constructor(private readonly limits: RequestLimits) {}

  /** Counts one more call, or refuses it when the request has used its share. */
  take(): void {
    if (this.calls >= this.limits.queries || this.spentMs >= this.limits.ms) throw exhausted();
    this.calls++;
  }

  /** What a call took. */
  spend(ms: number): void {
    this.spentMs += ms;
  }

  get used(): RequestLimits {
    return { queries: this.calls, ms: this.spentMs };
  }
}

function exhausted(): DomainError {
  return unavailable(
    RETRY_S,
    'This request needed more of the database than one request may take; retry later, or ask for less (a smaller page)',
  );
}
