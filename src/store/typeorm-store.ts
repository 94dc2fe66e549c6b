// The core's Store port on TypeORM. Opens the database (retrying while it is down, start-retry.ts),
// runs migrations (under an advisory lock on PostgreSQL so several processes can start at once), and
// translates unique violations and operational failures (UNAVAILABLE). A failed transaction never
// leaves its connection inside a transaction (sqlite-connection.ts; on PostgreSQL a client whose
// ROLLBACK failed leaves the pool, postgres-transaction.ts), with TypeORM's public API only. No call waits on the database longer than `timeoutMs` (issue 16):
// on PostgreSQL it is then answered UNAVAILABLE (and the statement is cancelled server-side); on
// SQLite a busy database is retried without blocking the event loop until then. `forRequest()` gives
// one request's view of the store, which counts and bounds what that request takes (issue 25,
// request-budget.ts); on SQLite its work lets the event loop turn every slice (pacer.ts), and a read
// gives its turn on the database to whoever waits meanwhile.
import { dirname } from 'node:path';
import { MigrationExecutor, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { unavailable } from '../core/errors';
import { UniqueViolation } from '../core/ports';
import type { ServiceRepositories, ServiceStore } from './service-tables';
import { createDataSource, type Engine } from './data-source';
import { repositoriesFor } from './repositories';
import { budgeted } from './budgeted-repositories';
import { breath, Pacer } from './pacer';
import { DEFAULT_REQUEST_LIMITS, RequestBudget, type RequestLimits } from './request-budget';
import { SerialQueue } from './serial-queue';
import { pgTransaction } from './postgres-transaction';
import { SqliteConnection } from './sqlite-connection';
import { retryingStart, type StartRetry } from './start-retry';
import { unavailableFor } from './unavailable';

const MIGRATION_LOCK = 7_311_042;
const DEFAULT_TIMEOUT_MS = 5_000;
/** /readyz answers within 2 s whatever the database does. */
const PING_TIMEOUT_MS = 1_500;

export interface StoreOptions {
  /** The longest a store call waits on the database (DB_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Seconds to keep retrying an unreachable database at start (DB_CONNECT_RETRY_S); 0: fail at once. */
  connectRetryS?: number;
  onRetry?: StartRetry['onRetry'];
  /** What one request may take (REQUEST_DB_QUERIES, REQUEST_DB_MS). */
  requestLimits?: RequestLimits;
  /** SQLite: how long work may keep the event loop before it lets it turn (tests use 0). */
  sliceMs?: number;
}

export class TypeOrmStore implements ServiceStore {
  private readonly queue: SerialQueue | null;
  private readonly sqlite: SqliteConnection | null;
  private readonly plain: ServiceRepositories;
  private readonly pacer: Pacer;
  /** The last write failed as UNAVAILABLE: readiness then proves a real write commits. */
  private writesFailing = false;

  private constructor(
    readonly dataSource: DataSource,
    readonly engine: Engine,
    private readonly timeoutMs: number,
    private readonly limits: RequestLimits,
    sliceMs?: number,
  ) {
    this.pacer = new Pacer(sliceMs);
    this.queue = engine === 'sqlite' ? new SerialQueue() : null;
    this.sqlite = engine === 'sqlite' ? new SqliteConnection(dataSource, dataSource.options.database === ':memory:') : null;
    this.plain = repositoriesFor(dataSource.manager);
  }

  /** The directory of the embedded database file; null in memory or on PostgreSQL. */
  get dataDirectory(): string | null {
    const file = this.engine === 'sqlite' ? String(this.dataSource.options.database) : ':memory:';
    return file === ':memory:' ? null : dirname(file);
  }

  static async open(url: string, options: StoreOptions = {}): Promise<TypeOrmStore> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return retryingStart(
      async () => {
        const { dataSource, engine } = createDataSource(url, { timeoutMs });
        try {
          await dataSource.initialize();
          const store = new TypeOrmStore(dataSource, engine, timeoutMs, options.requestLimits ?? DEFAULT_REQUEST_LIMITS, options.sliceMs);
          await store.migrate();
          return store;
        } catch (err) {
          if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
          throw err;
        }
      },
      { retryS: options.connectRetryS ?? 0, onRetry: options.onRetry },
    );
  }

  /** Runs `work` while holding the cluster-wide start-up lock (one process at a time on PostgreSQL). */
  async exclusively<T>(work: (runner: QueryRunner | null) => Promise<T>): Promise<T> {
    if (this.engine !== 'postgres') return work(null);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Waiting for another process's migrations, and migrating, may take longer than a request may.
      await runner.query('SET statement_timeout = 0');
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      return await work(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.query('RESET statement_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.exclusively(async (runner) => {
      const executor = new MigrationExecutor(this.dataSource, runner ?? undefined);
      executor.transaction = 'all';
      await executor.executePendingMigrations();
    });
  }

  /** This store as one request sees it: every call counted against one budget (request-budget.ts). */
  forRequest(): ServiceStore {
    const budget = new RequestBudget(this.limits);
    const scoped: ServiceStore = {
      run: (work) => this.run(work, budget),
      transaction: (work) => this.transaction(work, budget),
      ping: () => this.ping(),
      close: () => this.close(),
      forRequest: () => scoped,
    };
    return scoped;
  }

  run<T>(work: (repos: ServiceRepositories) => Promise<T>, budget?: RequestBudget): Promise<T> {
    const sqlite = this.sqlite;
    if (!sqlite) return this.translate(() => this.bounded(work(budget ? budgeted(this.plain, budget) : this.plain)));
    return this.sqliteRun(sqlite, work, budget);
  }

  /**
   * A read on SQLite. With a budget, once it has kept the event loop for a slice it gives its turn
   * on the database away between two calls, lets the event loop turn and waits for a turn again, so
   * other requests' statements run between its own (it holds no transaction, so they see nothing
   * half done, nor does it).
   */
  private async sqliteRun<T>(sqlite: SqliteConnection, work: (repos: ServiceRepositories) => Promise<T>, budget?: RequestBudget) {
    if (this.pacer.due()) await breath();
    let end = await this.queue!.turn();
    const giveWay = async () => {
      end();
      await breath();
      end = await this.queue!.turn();
    };
    try {
      const repos = budget ? budgeted(this.plain, budget, () => (this.pacer.due() ? giveWay() : null)) : this.plain;
      return await this.translate(() => this.retryBusy(() => sqlite.guarded(() => work(repos))));
    } finally {
      end();
    }
  }

  transaction<T>(work: (repos: ServiceRepositories) => Promise<T>, budget?: RequestBudget): Promise<T> {
    // A transaction keeps its turn, but lets the event loop turn between its calls once a slice is used.
    const pace = () => (this.sqlite && this.pacer.due() ? breath() : null);
    return this.write((manager) => work(budget ? budgeted(repositoriesFor(manager), budget, pace) : repositoriesFor(manager)));
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite;
    const committed = sqlite
      ? this.queue!.run(async () => {
          if (this.pacer.due()) await breath();
          return this.translate(() => this.retryBusy(() => sqlite.guarded(() => sqlite.transaction(work))));
        })
      : this.translate(() => this.bounded(pgTransaction(this.dataSource, work)));
    const result = await committed;
    this.writesFailing = false;
    return result;
  }

  /** The database answers; after a write failed as UNAVAILABLE, a tiny write must commit too. */
  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.min(PING_TIMEOUT_MS, this.timeoutMs));
    });
    try {
      return await Promise.race([this.probe(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async probe(): Promise<boolean> {
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

  /**
   * PostgreSQL: `work`, or UNAVAILABLE once it has waited `timeoutMs` (a database that stopped
   * answering; statement_timeout then cancels it server-side). A COMMIT that lands after the 503 is
   * possible, as with any lost connection; a 2xx for what did not commit is not.
   */
  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(5, 'The database did not answer in time; retry later')), this.timeoutMs);
    });
    work.catch(() => undefined); // its failure after the deadline is nobody's
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  /**
   * SQLite: another process holds the write lock (several workers on one file). SQLite's own wait
   * would block the event loop, so it is short (busy_timeout) and the work is redone after an
   * asynchronous pause, with backoff, until `timeoutMs` has passed.
   */
  private async retryBusy<T>(work: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + this.timeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return await work();
      } catch (err) {
        const code = (err as { driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string })?.code;
        if (!code?.startsWith('SQLITE_BUSY') || Date.now() >= giveUpAt) throw err;
        await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
      }
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
