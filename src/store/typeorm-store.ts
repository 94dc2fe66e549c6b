// The core's Store port on TypeORM. Opens the database, runs migrations (under an advisory lock on
// PostgreSQL so several processes can start at once), and translates unique violations and
// operational failures (UNAVAILABLE). A failed transaction never leaves its connection inside a
// transaction (sqlite-connection.ts; on PostgreSQL a client whose ROLLBACK failed leaves the pool).
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { UniqueViolation, type Repositories, type Store } from '../core/ports';
import { createDataSource, type Engine } from './data-source';
import { repositoriesFor } from './repositories';
import { SerialQueue } from './serial-queue';
import { SqliteConnection } from './sqlite-connection';
import { unavailableFor } from './unavailable';

const MIGRATION_LOCK = 7_311_042;

export class TypeOrmStore implements Store {
  private readonly queue: SerialQueue | null;
  private readonly sqlite: SqliteConnection | null;
  private readonly plain: Repositories;
  /** The last write failed as UNAVAILABLE: readiness then proves a real write commits. */
  private writesFailing = false;

  private constructor(readonly dataSource: DataSource, readonly engine: Engine) {
    this.queue = engine === 'sqlite' ? new SerialQueue() : null;
    this.sqlite = engine === 'sqlite' ? new SqliteConnection(dataSource, dataSource.options.database === ':memory:') : null;
    this.plain = repositoriesFor(dataSource.manager);
  }

  static async open(url: string): Promise<TypeOrmStore> {
    const { dataSource, engine } = createDataSource(url);
    await dataSource.initialize();
    const store = new TypeOrmStore(dataSource, engine);
    await store.migrate();
    return store;
  }

  /** Runs `work` while holding the cluster-wide start-up lock (one process at a time on PostgreSQL). */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (this.engine !== 'postgres') return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.exclusively(() => this.dataSource.runMigrations({ transaction: 'all' }));
  }

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite;
    if (!sqlite) return this.translate(() => work(this.plain));
    return this.queue!.run(() => this.translate(() => sqlite.guarded(() => work(this.plain))));
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.write((manager) => work(repositoriesFor(manager)));
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite;
    const committed = sqlite
      ? this.queue!.run(() => this.translate(() => retryBusy(() => sqlite.guarded(() => sqlite.transaction(work)))))
      : this.translate(() => pgTransaction(this.dataSource, work));
    const result = await committed;
    this.writesFailing = false;
    return result;
  }

  /** The database answers; after a write failed as UNAVAILABLE, a tiny write must commit too. */
  async ping(): Promise<boolean> {
    try {
      if (!this.writesFailing) {
        await this.run(() => this.dataSource.query('SELECT 1'));
        return true;
      }
      const at = this.engine === 'postgres' ? '$1' : '?';
      await this.write((m) => m.query(`UPDATE readiness_probe SET checked_at = ${at} WHERE id = 1`, [new Date().toISOString()]));
      return true;
    } catch {
      return false;
    }
  }

  private async translate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const target = uniqueTarget(err);
      if (target) throw new UniqueViolation(target);
      const down = unavailableFor(err);
      if (down) {
        this.writesFailing = true;
        throw down;
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

const BUSY_ATTEMPTS = 8;

/** Another process holds SQLite's write lock (several workers on one file): wait a little and redo. */
async function retryBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string })?.code;
      if (!code?.startsWith('SQLITE_BUSY') || attempt >= BUSY_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

/**
 * TypeORM's EntityManager.transaction, except that a client whose ROLLBACK failed (a failed COMMIT
 * on a broken connection) is released with an error, which makes pg-pool discard it: TypeORM's plain
 * release would hand it, maybe still inside the transaction, to the next caller.
 */
async function pgTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let broken: unknown;
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    if (runner.isTransactionActive) broken = err;
    throw err;
  } finally {
    await (runner as QueryRunner & { releasePostgresConnection(err?: unknown): Promise<void> }).releasePostgresConnection(broken);
  }
}

function uniqueTarget(err: unknown): UniqueViolation['target'] | null {
  const driverError = (err as { driverError?: { code?: string; constraint?: string; message?: string } })?.driverError;
  if (!driverError) return null;
  const isUnique = driverError.code === '23505' || driverError.code === 'SQLITE_CONSTRAINT_UNIQUE';
  if (!isUnique) return null;
  const where = `${driverError.constraint ?? ''} ${driverError.message ?? ''}`;
  if (where.includes('email')) return 'email';
  if (where.includes('name')) return 'name';
  return 'other';
}
