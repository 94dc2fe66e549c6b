// The core's Store port on TypeORM. Opens the database, runs migrations (under an advisory lock on
// PostgreSQL so several processes can start at once), and translates unique violations.
import type { DataSource } from 'typeorm';
import { UniqueViolation, type Repositories, type Store } from '../core/ports';
import { createDataSource, type Engine } from './data-source';
import { repositoriesFor } from './repositories';
import { SerialQueue } from './serial-queue';

const MIGRATION_LOCK = 7_311_042;

export class TypeOrmStore implements Store {
  private readonly queue: SerialQueue | null;
  private readonly plain: Repositories;

  private constructor(readonly dataSource: DataSource, readonly engine: Engine) {
    this.queue = engine === 'sqlite' ? new SerialQueue() : null;
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
    const go = () => translate(() => work(this.plain));
    return this.queue ? this.queue.run(go) : go();
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const go = () => translate(() => this.dataSource.transaction((manager) => work(repositoriesFor(manager))));
    return this.queue ? this.queue.run(() => retryBusy(go)) : go();
  }

  async ping(): Promise<boolean> {
    try {
      await this.run(() => this.dataSource.query('SELECT 1'));
      return true;
    } catch {
      return false;
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

async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const target = uniqueTarget(err);
    if (target) throw new UniqueViolation(target);
    throw err;
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
