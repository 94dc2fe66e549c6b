// Issue 28: the store uses TypeORM's public API only, and its recovery after a failed COMMIT rests
// on a few behaviours of TypeORM 1.x (and of pg, pg-pool, better-sqlite3). Each is asserted here
// directly, so an upgrade that changes one fails this file by name, before any recovery test fails
// for a reason hard to see. SQLite always; PostgreSQL when TEST_DATABASE_URL names it.
// What the store does with them: src/store/sqlite-connection.ts, src/store/postgres-transaction.ts,
// src/store/engine-handles.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/store/data-source';
import { postgresPoolOf, sqliteHandleOf } from '../../src/store/engine-handles';
import { SqliteConnection } from '../../src/store/sqlite-connection';
import { freshDatabase, testPostgresUrl } from '../support/fresh-database';

interface RawDb {
  prepare(sql: string): { all(): unknown[] };
  close(): void;
}
const Database = require('better-sqlite3') as new (file: string) => RawDb;
const pgDescribe = testPostgresUrl() ? describe : describe.skip;

describe('SQLite (better-sqlite3)', () => {
  let file: string;
  let ds: DataSource;
  /** A second connection: it sees only what was committed. */
  let other: RawDb;
  const committed = () => (other.prepare('SELECT x FROM t ORDER BY x').all() as { x: number }[]).map((r) => r.x);

  beforeEach(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'iamgate-typeorm-')), 'db.sqlite');
    ds = createDataSource(`sqlite:${file}`).dataSource;
    await ds.initialize();
    await ds.query('CREATE TABLE t (x INTEGER)');
    other = new Database(file);
  });
  afterEach(async () => {
    other.close();
    if (ds.isInitialized) await ds.destroy();
  });

  test('when TypeORM opens the file, then prepareDatabase got the Database its runner queries (QueryRunner.connect() resolves to it)', async () => {
    const runner = ds.createQueryRunner();
    const db = sqliteHandleOf(ds).db;
    expect(await runner.connect()).toBe(db);
    await runner.query('INSERT INTO t (x) VALUES (1)');
    expect(db.prepare('SELECT count(*) FROM t').raw(true).all()).toEqual([[1]]);
  });

  test('when runners are asked for, then there is one until destroy(); initialize() then opens a new Database (through prepareDatabase) and a new runner', async () => {
    const first = ds.createQueryRunner();
    const db = sqliteHandleOf(ds).db;
    expect(ds.createQueryRunner()).toBe(first);
    await ds.destroy();
    expect(db.open).toBe(false);
    await ds.initialize();
    const again = ds.createQueryRunner();
    expect(again).not.toBe(first);
    expect(again.isTransactionActive).toBe(false);
    expect(sqliteHandleOf(ds).db).not.toBe(db);
    expect(sqliteHandleOf(ds).db.open).toBe(true);
  });

  /** A transaction whose COMMIT fails after SQLite rolled it back by itself (as on SQLITE_FULL). */
  async function commitAfterSqliteEndedIt(runner: QueryRunner): Promise<void> {
    await runner.startTransaction();
    await runner.query('INSERT INTO t (x) VALUES (1)');
    sqliteHandleOf(ds).db.exec('ROLLBACK');
    await expect(runner.commitTransaction()).rejects.toThrow(/no transaction is active/);
  }

  test('when a COMMIT fails because SQLite already ended the transaction, then the runner still counts it, and its own ROLLBACK fails too', async () => {
    const runner = ds.createQueryRunner();
    await commitAfterSqliteEndedIt(runner);
    expect(runner.isTransactionActive).toBe(true);
    expect(sqliteHandleOf(ds).db.inTransaction).toBe(false);
    await expect(runner.rollbackTransaction()).rejects.toThrow(/no transaction is active/);
    expect(runner.isTransactionActive).toBe(true);
    // Left so, the next transaction is only a savepoint: its COMMIT does not end it.
    await runner.startTransaction();
    await runner.query('INSERT INTO t (x) VALUES (2)');
    await runner.commitTransaction();
    expect(runner.isTransactionActive).toBe(true);
  });

  test('when the handle begins a transaction for the runner that still counts one, then rollbackTransaction() ends both, and the next transaction really commits', async () => {
    const runner = ds.createQueryRunner();
    await commitAfterSqliteEndedIt(runner);
    const db = sqliteHandleOf(ds).db;
    db.exec('BEGIN');
    await runner.rollbackTransaction();
    expect([runner.isTransactionActive, db.inTransaction]).toEqual([false, false]);
    await runner.startTransaction();
    expect(db.inTransaction).toBe(true);
    await runner.query('INSERT INTO t (x) VALUES (3)');
    await runner.commitTransaction();
    expect([runner.isTransactionActive, db.inTransaction]).toEqual([false, false]);
    expect(committed()).toEqual([3]);
  });

  test('when the store cleans up after such a failure, then its next transaction commits for real, on the same file', async () => {
    const connection = new SqliteConnection(ds, false);
    const db = sqliteHandleOf(ds).db;
    await commitAfterSqliteEndedIt(ds.createQueryRunner());
    await connection.guarded(() => connection.transaction((m) => m.query('INSERT INTO t (x) VALUES (4)')));
    expect(sqliteHandleOf(ds).db).toBe(db); // no reopen was needed
    expect(ds.createQueryRunner().isTransactionActive).toBe(false);
    expect(committed()).toEqual([4]);
  });

  test('when SQLite cannot leave a transaction, then the store reopens the file: the open transaction is dropped and the next one commits', async () => {
    const connection = new SqliteConnection(ds, false);
    const db = sqliteHandleOf(ds).db;
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await runner.query('INSERT INTO t (x) VALUES (5)');
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => {
      if (sql === 'ROLLBACK') throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      return exec(sql);
    };
    await connection.makeClean();
    expect(sqliteHandleOf(ds).db).not.toBe(db);
    expect(db.open).toBe(false);
    await connection.guarded(() => connection.transaction((m) => m.query('INSERT INTO t (x) VALUES (6)')));
    expect(committed()).toEqual([6]);
  });
});

pgDescribe('PostgreSQL (pg, pg-pool)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  const pid = async (runner: QueryRunner) => ((await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid;
  const count = async () => Number(((await ds.query('SELECT count(*) AS n FROM t')) as { n: string }[])[0].n);

  beforeEach(async () => {
    db = await freshDatabase();
    ds = createDataSource(db.url).dataSource;
    await ds.initialize();
    await ds.query('CREATE TABLE t (x integer)');
  });
  afterEach(async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  test('when a runner connects, then connect() resolves to the pg client its queries run on, checked out of the pool the driver exposes', async () => {
    const pool = postgresPoolOf(ds) as unknown as { totalCount: number; idleCount: number };
    const runner = ds.createQueryRunner();
    const client = (await runner.connect()) as { query(sql: string): Promise<{ rows: { pid: number }[] }> };
    expect((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid).toBe(await pid(runner));
    expect(pool.totalCount - pool.idleCount).toBe(1);
    await runner.release();
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  test('when a runner is released inside a transaction, then its client goes back to the pool still inside it (release() takes no error)', async () => {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await runner.query('INSERT INTO t (x) VALUES (1)');
    const used = await pid(runner);
    await runner.release();
    const next = ds.createQueryRunner();
    try {
      expect(await pid(next)).toBe(used);
      expect(await next.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]); // its own uncommitted row
      await next.query('ROLLBACK');
    } finally {
      await next.release();
    }
  });

  test('when the client of a runner inside a transaction is ended before release(), then the pool drops it and the transaction never commits', async () => {
    const pool = postgresPoolOf(ds) as unknown as { totalCount: number };
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await runner.query('INSERT INTO t (x) VALUES (1)');
    const used = await pid(runner);
    const before = pool.totalCount;
    const ended = ((await runner.connect()) as { end(): Promise<void> }).end();
    await runner.release();
    expect(pool.totalCount).toBe(before - 1);
    await ended;
    const next = ds.createQueryRunner();
    try {
      expect(await pid(next)).not.toBe(used);
    } finally {
      await next.release();
    }
    expect(await count()).toBe(0);
  });
});
