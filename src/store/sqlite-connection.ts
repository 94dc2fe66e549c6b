// The one better-sqlite3 connection under TypeORM, kept clean after failures (issue 12), through
// TypeORM's public API only (issue 28).
//
// When a write or its COMMIT fails with SQLITE_FULL or SQLITE_IOERR, SQLite may roll the whole
// transaction back by itself. TypeORM 1.x's query runner then fails its ROLLBACK ("no transaction is
// active") and keeps counting the transaction as open (isTransactionActive stays true: it changes
// only once COMMIT or ROLLBACK succeeds). Every later transaction would start with SAVEPOINT instead
// of BEGIN; the next failure's ROLLBACK TO would leave SQLite inside a transaction that nothing ever
// commits, while later "commits" only release savepoints in it: answered 2xx, seen by no other
// connection, lost at restart. So after any failure: whatever SQLite still holds is rolled back; a
// transaction TypeORM still counts is given an empty one to end (BEGIN on the handle, then the
// runner's own rollbackTransaction(), which then succeeds); and if that is not enough, the data
// source is closed and opened again (destroy() and initialize(): a new Database, a new runner).
// test/store/typeorm-behaviour.test.ts pins each TypeORM behaviour this relies on.
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { sqliteHandleOf, type SqliteHandle } from './engine-handles';

export class SqliteConnection {
  private readonly handle: SqliteHandle;
  /** TypeORM's one runner on SQLite: createQueryRunner() answers it until the data source is closed. */
  private runner: QueryRunner;

  /** `dataSource` is initialized. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly inMemory: boolean,
  ) {
    this.handle = sqliteHandleOf(dataSource);
    this.runner = dataSource.createQueryRunner();
  }

  /** One transaction on the shared runner; the caller serializes and calls `guarded` around it. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.startTransaction();
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  }

  /** Runs `work` on a connection that is open and outside any transaction, and leaves it so. */
  async guarded<T>(work: () => Promise<T>): Promise<T> {
    await this.makeClean();
    try {
      return await work();
    } catch (err) {
      await this.makeClean().catch(() => undefined);
      throw err;
    }
  }

  /** No transaction open in SQLite nor counted by TypeORM's runner; reopens the file when needed. */
  async makeClean(): Promise<void> {
    if (this.isClean()) return;
    const db = this.handle.db;
    const rollback = () => db.open && db.inTransaction && db.exec('ROLLBACK');
    try {
      rollback();
      if (this.runner.isTransactionActive) {
        db.exec('BEGIN');
        await this.runner.rollbackTransaction();
      }
    } catch {
      try {
        rollback(); // once more, and at least not inside the BEGIN above
      } catch {
        // still not clean: reopened below
      }
    }
    if (this.isClean() || this.inMemory) return; // in memory, reopening would lose everything
    await this.reopen();
  }

  private isClean(): boolean {
    const db = this.handle.db;
    return db.open && !db.inTransaction && !this.runner.isTransactionActive;
  }

  /** Closing drops whatever SQLite still held; TypeORM then opens the file with a new runner (and statement cache). */
  private async reopen(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy().catch(() => undefined);
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    this.runner = this.dataSource.createQueryRunner();
  }
}
