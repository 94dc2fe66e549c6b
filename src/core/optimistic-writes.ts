// Optimistic concurrency for writes to one account (its fields, or its keys): a write lands only if
// the account's version is still the one read. A lost race is a 412 when the client pinned the
// version with If-Match, and otherwise starts over, a few times.
import { DomainError, raceLost } from './errors';

const ATTEMPTS = 5;

function versionMismatch(): DomainError {
  return new DomainError('PRECONDITION_FAILED', 'The service account has changed since it was read (If-Match does not match)');
}

/** Anything versioned: an account (its keys share its version) or a group. */
export function assertVersion(current: { version: number }, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw versionMismatch();
}

/** Runs `attempt` (one transaction; null when its conditional write lost a race) until it lands. */
export async function untilWritten<T>(expectedVersion: number | undefined, what: string, attempt: () => Promise<T | null>): Promise<T> {
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (outcome) return outcome;
    if (expectedVersion !== undefined) throw versionMismatch();
    if (n >= ATTEMPTS) throw raceLost(`The ${what} is being changed concurrently; retry`);
  }
}
