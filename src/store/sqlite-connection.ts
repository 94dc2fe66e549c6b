// The one better-sqlite3 connection under TypeORM, kept clean after failures (issue 12).
//
// When a write or its COMMIT fails with SQLITE_FULL or SQLITE_IOERR, SQLite may roll the whole
// transaction back by itself. TypeORM 1.x's AbstractSqliteQueryRunner then fails its ROLLBACK ("no
// transaction is active"), EntityManager.transaction swallows that, and the runner keeps
// transactionDepth 1 and isTransactionActive true (both change only once COMMIT or ROLLBACK succeeds).
// Every later transaction starts with SAVEPOINT instead of BEGIN; the next failure's ROLLBACK TO
// leaves SQLite inside a transaction (db.inTransaction) that nothing ever commits, while later
// "commits" only release savepoints in it: answered 2xx, seen by no other connection, lost at restart.
// So after any failure the raw handle is rolled back if still in a transaction, TypeORM's state is
// reset, and if that is not enough the file is reopened.
import type { DataSource, EntityManager } from 'typeorm';

interface RawDb {
  open: boolean;
  inTransaction: boolean;
  exec(sql: string): unknown;
}
interface Driver {
  databaseConnection: RawDb;
  queryRunner?: unknown;
  createDatabaseConnection(): Promise<RawDb>;
  disconnect(): Promise<void>;
}
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

export class SqliteConnection {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inMemory: boolean,
  ) {}

  private get driver(): Driver {
    return this.dataSource.driver as unknown as Driver;
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

  /** No transaction open in SQLite or in TypeORM's bookkeeping; reopens the file when needed. */
  async makeClean(): Promise<void> {
    const db = this.driver.databaseConnection;
    if (db.open && db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // still in a transaction: reopened below
      }
    }
    if ((db.open && !db.inTransaction) || this.inMemory) return this.resetRunner();
    await this.reopen();
  }

  private resetRunner(): void {
    const runner = this.driver.queryRunner as RunnerState | undefined;
    if (runner && (runner.transactionDepth !== 0 || runner.isTransactionActive)) {
      runner.transactionDepth = 0;
      runner.isTransactionActive = false;
    }
  }

  /** Closing drops whatever SQLite still held; the driver makes a new runner (and statement cache). */
  private async reopen(): Promise<void> {
    const driver = this.driver;
    if (driver.databaseConnection.open) await driver.disconnect().catch(() => undefined);
    driver.queryRunner = undefined;
    driver.databaseConnection = await driver.createDatabaseConnection();
  }
}
