// The engines' own handles, as TypeORM's public API hands them out (issue 28): the hot reads run on
// them (driver-reads.ts) and SQLite's recovery checks its transaction state on one
// (sqlite-connection.ts). SQLite: the better-sqlite3 Database TypeORM opened, as its documented
// `prepareDatabase` option receives it (again after each reopen). PostgreSQL: the pg pool TypeORM
// checks its clients out of (`PostgresDriver.master`, a public field); a transaction's own client is
// what its QueryRunner's public `connect()` resolves to. Nothing here reads or writes TypeORM's
// private state.
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export type ArrayRow = unknown[];

export interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  all(...params: unknown[]): ArrayRow[];
}
export interface SqliteDb {
  open: boolean;
  inTransaction: boolean;
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
}

export interface PgQuery {
  name?: string;
  text: string;
  values: unknown[];
  rowMode: 'array';
}
export interface PgQueryable {
  query(q: PgQuery): Promise<{ rows: ArrayRow[] }>;
}

/** The Database TypeORM holds for one SQLite data source, and the hot reads' statements prepared on it. */
export class SqliteHandle {
  private current: SqliteDb | null = null;
  /** Prepared on `db`; a reopened file starts a new set. */
  statements = new Map<string, SqliteStatement>();

  /** From `prepareDatabase`: TypeORM opened (or reopened) the file. */
  attach(db: SqliteDb): void {
    this.current = db;
    this.statements = new Map();
  }

  get db(): SqliteDb {
    if (!this.current) throw new Error('The SQLite database is not open');
    return this.current;
  }
}

const sqliteHandles = new WeakMap<DataSource, SqliteHandle>();

/** Called once by createDataSource, whose `prepareDatabase` attaches each Database TypeORM opens. */
export function registerSqliteHandle(dataSource: DataSource, handle: SqliteHandle): void {
  sqliteHandles.set(dataSource, handle);
}

export function sqliteHandleOf(dataSource: DataSource): SqliteHandle {
  const handle = sqliteHandles.get(dataSource);
  if (!handle) throw new Error('Not a SQLite data source made by createDataSource');
  return handle;
}

/** The pool TypeORM's PostgreSQL driver checks clients out of (set once the data source is initialized). */
export function postgresPoolOf(dataSource: DataSource): PgQueryable {
  const driver = dataSource.driver;
  if (!(driver instanceof PostgresDriver) || !driver.master) throw new Error('Not an initialized PostgreSQL data source');
  return driver.master as PgQueryable;
}
