// The hot reads (authentication, GET-by-id, list pages) straight on the driver, rows as arrays
// (issue 19). Through TypeORM's query runner each statement also paid its logger and subscriber
// broadcasts, a result wrapper and, on PostgreSQL, a pool checkout of its own; and row objects
// keyed by column name cost better-sqlite3 twice what arrays do (51 accounts: ~440 µs → ~190 µs
// measured). SQLite: the one connection TypeORM holds (the same one inside a transaction), its
// statements prepared once per connection. PostgreSQL: the transaction's client or the pool,
// as named (prepared) statements. Failures are TypeORM's QueryFailedError with the driver's
// error, as before, so the store translates them alike. Writes stay on TypeORM's runner.
import { createHash } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';

export type ArrayRow = unknown[];

interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  all(...params: unknown[]): ArrayRow[];
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
}
interface PgQuery {
  name?: string;
  text: string;
  values: unknown[];
  rowMode: 'array';
}
interface PgClient {
  query(q: PgQuery): Promise<{ rows: ArrayRow[] }>;
}

/** Far more than the distinct statements of the hot paths (list filters and IN-list lengths). */
const MAX_STATEMENTS = 500;
const sqliteStatements = new WeakMap<SqliteDb, Map<string, SqliteStatement>>();
const pgNames = new Map<string, string>();

export function readRows(m: EntityManager, sql: string, params: unknown[]): Promise<ArrayRow[]> {
  if (m.connection.options.type === 'postgres') return pgRows(m, sql, params);
  try {
    return Promise.resolve(sqliteRows(m, sql, params));
  } catch (err) {
    return Promise.reject(err);
  }
}

function sqliteRows(m: EntityManager, sql: string, params: unknown[]): ArrayRow[] {
  // Read at each call: the store may reopen the file after a failure (sqlite-connection.ts).
  const db = (m.connection.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
  let statements = sqliteStatements.get(db);
  if (!statements) sqliteStatements.set(db, (statements = new Map()));
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
    // Inside a transaction, its client; otherwise the pool checks one out for this statement only.
    const runner = m.queryRunner as unknown as { connect(): Promise<PgClient> } | undefined;
    const client = runner ? await runner.connect() : (m.connection.driver as unknown as { master: PgClient }).master;
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
