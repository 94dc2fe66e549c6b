// The hot reads (authentication, GET-by-id, list pages) straight on the engine's handle, rows as
// arrays (issue 19). Through TypeORM's query runner each statement also paid its logger and
// subscriber broadcasts, a result wrapper and, on PostgreSQL, a pool checkout of its own; and row
// objects keyed by column name cost better-sqlite3 twice what arrays do (51 accounts: ~440 µs →
// ~190 µs measured). The handles are those TypeORM's public API gives (engine-handles.ts).
// SQLite: the one connection TypeORM holds (the same one inside a transaction), its statements
// prepared once per connection. PostgreSQL: the transaction's client or the pool, as named
// (prepared) statements. Failures are TypeORM's QueryFailedError with the driver's error, as
// before, so the store translates them alike. Writes stay on TypeORM's runner. They run behind the
// store's run() and transaction() like every other read, through the repositories those hand out.
import { createHash } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';
import {
  postgresPoolOf,
  sqliteHandleOf,
  type ArrayRow,
  type PgQuery,
  type PgQueryable,
  type SqliteDb,
  type SqliteStatement,
} from './engine-handles';

export type { ArrayRow } from './engine-handles';

/** Far more than the distinct statements of the hot paths (list filters and IN-list lengths). */
const MAX_STATEMENTS = 500;
const pgNames = new Map<string, string>();

/** Array rows of `sql` on `m`'s connection (its transaction's, if it has one). Resolved once per manager. */
export function readerOn(m: EntityManager): (sql: string, params: unknown[]) => Promise<ArrayRow[]> {
  if (m.connection.options.type === 'postgres') return (sql, params) => pgRows(m, sql, params);
  const handle = sqliteHandleOf(m.connection);
  return (sql, params) => {
    try {
      return Promise.resolve(sqliteRows(handle.db, handle.statements, sql, params));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

function sqliteRows(db: SqliteDb, statements: Map<string, SqliteStatement>, sql: string, params: unknown[]): ArrayRow[] {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql).raw(true);
      if (statements.size < MAX_STATEMENTS) statements.set(sql, statement);
    }
    return statement.all(...params);
  } catch (err) {
    throw new QueryFailedError(sql, params, err as Error);
  }
}

async function pgRows(m: EntityManager, sql: string, params: unknown[]): Promise<ArrayRow[]> {
  let name = pgNames.get(sql);
  if (!name && pgNames.size < MAX_STATEMENTS) {
    name = `iamgate_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    pgNames.set(sql, name);
  }
  const q: PgQuery = { name, text: sql, values: params, rowMode: 'array' };
  try {
    // Inside a transaction, its client (QueryRunner.connect() resolves to it); otherwise the pool
    // checks one out for this statement only.
    const client: PgQueryable = m.queryRunner ? await m.queryRunner.connect() : postgresPoolOf(m.connection);
    return (await client.query(q)).rows;
  } catch (err) {
    throw new QueryFailedError(sql, params, err as Error);
  }
}

/** A function building an object of `columns` from an array row, from index `at` on (made once, so V8 sees one shape). */
export function rowReader<T>(columns: string[]): (row: ArrayRow, at: number) => T {
  const fields = columns.map((c, i) => `${JSON.stringify(c)}: r[at + ${i}]`).join(', ');
  return new Function('r', 'at', `return { ${fields} };`) as (row: ArrayRow, at: number) => T;
}
