// Which driver errors the store answers as UNAVAILABLE (503 + Retry-After) and which stay what they
// are: operational failures of SQLite and PostgreSQL yes; corruption, constraints and SQL errors no.
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { unavailableFor } from '../../src/store/unavailable';

const { SqliteError } = require('better-sqlite3') as { SqliteError: new (message: string, code: string) => Error };
const sqlite = (code: string) => new QueryFailedError('COMMIT', [], new SqliteError('x', code));
const pg = (code: string) => new QueryFailedError('COMMIT', [], Object.assign(new Error('x'), { code }));
const net = (code: string) => Object.assign(new Error('x'), { code });

test.each([
  ['SQLITE_FULL', sqlite('SQLITE_FULL'), 30],
  ['SQLITE_IOERR_WRITE', sqlite('SQLITE_IOERR_WRITE'), 30],
  ['SQLITE_READONLY_DBMOVED', sqlite('SQLITE_READONLY_DBMOVED'), 30],
  ['SQLITE_CANTOPEN', sqlite('SQLITE_CANTOPEN'), 30],
  ['SQLITE_BUSY', sqlite('SQLITE_BUSY'), 5],
  ['53100 disk_full', pg('53100'), 30],
  ['53300 too_many_connections', pg('53300'), 30],
  ['25006 read-only', pg('25006'), 30],
  ['08006 connection_failure', pg('08006'), 5],
  ['57P01 admin_shutdown', pg('57P01'), 5],
  ['57P03 cannot_connect_now', pg('57P03'), 5],
  ['ECONNREFUSED', net('ECONNREFUSED'), 5],
  ['ECONNRESET', net('ECONNRESET'), 5],
  ['an AggregateError of ECONNREFUSED', new AggregateError([net('ECONNREFUSED')]), 5],
  ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), 5],
])('when the driver fails with %s, then it is UNAVAILABLE with Retry-After', (_name, err, retryAfter) => {
  expect(unavailableFor(err)).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: retryAfter });
});

test.each([
  ['SQLITE_CORRUPT', sqlite('SQLITE_CORRUPT')],
  ['SQLITE_CONSTRAINT_UNIQUE', sqlite('SQLITE_CONSTRAINT_UNIQUE')],
  ['SQLITE_ERROR', sqlite('SQLITE_ERROR')],
  ['23505 unique_violation', pg('23505')],
  ['42P01 undefined_table', pg('42P01')],
  ['XX001 data_corrupted', pg('XX001')],
  ['a TypeError', new TypeError('x')],
  ['undefined', undefined],
])('when the driver fails with %s, then it is not UNAVAILABLE', (_name, err) => {
  expect(unavailableFor(err)).toBeNull();
});

// Issue 16: a statement cancelled by statement_timeout, pg's own read timeout, and a query runner
// TypeORM released under the store because its connection failed mid-transaction.
test.each([
  ['57014 query_canceled (statement_timeout)', pg('57014')],
  ['pg: Query read timeout', new Error('Query read timeout')],
  [
    'TypeORM: the runner was released (connection lost)',
    Object.assign(new Error('released'), { name: 'QueryRunnerProviderAlreadyReleasedError' }),
  ],
  // Seen in CI when PostgreSQL stopped under load: the connection went between a transaction's last
  // statement and its COMMIT, and the COMMIT ran on the released runner (a 500 before).
  ['TypeORM: the COMMIT ran on a released runner', new QueryRunnerAlreadyReleasedError()],
])('when the database does not answer in time or the connection goes mid-transaction (%s), then it is UNAVAILABLE', (_name, err) => {
  expect(unavailableFor(err)).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
});
