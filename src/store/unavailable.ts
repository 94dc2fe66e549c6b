// Driver errors that mean "the database cannot take this now" rather than "this request is wrong":
// disk full, I/O errors, a read-only file or server, a lost or refused connection. The store turns
// them into the core's UNAVAILABLE (503 with Retry-After), so a client retries instead of seeing a
// 500; corruption, constraint and SQL errors are not among them.
import { unavailable, type DomainError } from '../core/errors';

/** Seconds a client should wait: space or a read-only volume takes an operator; a connection, less. */
const STORAGE_RETRY_S = 30;
const CONNECTION_RETRY_S = 5;

const SQLITE_STORAGE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOMEM)/;
const SQLITE_BUSY = /^SQLITE_BUSY/;
/** PostgreSQL SQLSTATEs: 53xxx insufficient resources (53100 disk_full), 58030 io_error, 25006 read-only (a standby). */
const PG_STORAGE = /^(53...|58030|25006)$/;
/** 08xxx connection exceptions, 57P01–57P03 shutdown / cannot connect now, 57014 cancelled (statement_timeout). */
const PG_CONNECTION = /^(08...|57P0[123]|57014)$/;
const NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** pg and pg-pool say these without a code. */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client has encountered a connection error|Query read timeout/i;

type Coded = { code?: unknown; message?: unknown; driverError?: Coded; errors?: Coded[] };

/**
 * TypeORM releases a PostgreSQL query runner by itself when its connection fails (the server shut
 * down between two statements of a transaction); the store never uses a runner it released, so
 * either error is a lost connection too: asking the released runner for its connection, or running
 * the transaction's next statement (its COMMIT) on it.
 */
const RUNNER_LOST = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

/** UNAVAILABLE for an operational driver failure, null for anything else. */
export function unavailableFor(err: unknown): DomainError | null {
  const e = err as Coded | undefined;
  if (RUNNER_LOST.has(String((e as { name?: unknown } | undefined)?.name))) {
    return unavailable(CONNECTION_RETRY_S, 'The database is not reachable right now; retry later');
  }
  const inner = e?.driverError ?? e;
  const code = String(inner?.code ?? inner?.errors?.[0]?.code ?? '');
  if (SQLITE_STORAGE.test(code) || PG_STORAGE.test(code)) {
    return unavailable(STORAGE_RETRY_S, 'The database cannot store changes right now; retry later');
  }
  if (SQLITE_BUSY.test(code)) return unavailable(CONNECTION_RETRY_S, 'The database is busy; retry later');
  if (PG_CONNECTION.test(code) || NET.has(code) || PG_MESSAGES.test(String(inner?.message ?? ''))) {
    return unavailable(CONNECTION_RETRY_S, 'The database is not reachable right now; retry later');
  }
  return null;
}
