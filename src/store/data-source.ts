// Builds a TypeORM DataSource from DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`.
// A `schema` query parameter on a PostgreSQL URL puts every table in that schema (tests use it).
import { closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { registerSqliteHandle, SqliteHandle, type SqliteDb } from './engine-handles';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type Engine = 'sqlite' | 'postgres';

export interface ParsedDatabaseUrl {
  engine: Engine;
  /** SQLite: file path or `:memory:`. PostgreSQL: the URL without the `schema` parameter. */
  location: string;
  schema?: string;
}

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { engine: 'sqlite', location: location === ':memory:' || location === '' ? ':memory:' : location };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return { engine: 'postgres', location: parsed.toString(), schema };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}

/**
 * Makes the database file owner-only (0600) before SQLite opens it; SQLite gives its -wal and -shm
 * files the database file's mode. An existing file keeps the mode it has.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    fchmodSync(fd, 0o600); // whatever the umask
  } finally {
    closeSync(fd);
  }
}

export interface DataSourceLimits {
  /** PostgreSQL: connecting, waiting for a pooled client and each statement (server-side) are bounded by this. */
  timeoutMs?: number;
}

/**
 * SQLite's own busy wait blocks the event loop (better-sqlite3 is synchronous) while another
 * process holds the write lock, so it is kept short: the store retries busy work asynchronously.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10;

export function createDataSource(url: string, limits: DataSourceLimits = {}): { dataSource: DataSource; engine: Engine } {
  const parsed = parseDatabaseUrl(url);
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  let options: DataSourceOptions;
  const sqlite = parsed.engine === 'sqlite' ? new SqliteHandle() : null;
  if (sqlite) {
    if (parsed.location !== ':memory:') createPrivateFile(parsed.location);
    options = {
      ...common,
      type: 'better-sqlite3',
      database: parsed.location,
      // WAL lets readers in other processes (backups, the CLI) work beside the server. TypeORM calls
      // this with each Database it opens: the store keeps it for its hot reads (engine-handles.ts).
      prepareDatabase: (db: SqliteDb & { pragma(s: string): unknown }) => {
        if (parsed.location !== ':memory:') db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        sqlite.attach(db);
      },
    };
  } else {
    options = {
      ...common,
      type: 'postgres',
      url: parsed.location,
      schema: parsed.schema,
      extra: postgresPool(parsed.schema, limits.timeoutMs),
    };
  }
  const dataSource = new DataSource(options);
  if (sqlite) registerSqliteHandle(dataSource, sqlite);
  return { dataSource, engine: parsed.engine };
}

/**
 * pg pool options. Bounded waits, so a database that stops answering gives 503s instead of hung
 * requests: connecting (and waiting for a free client) and each statement (statement_timeout,
 * server-side, which keeps the connection usable; migrations lift it). keepAlive finds dead peers.
 */
function postgresPool(schema: string | undefined, timeoutMs: number | undefined): Record<string, unknown> {
  const settings = [schema ? `-c search_path=${schema}` : '', timeoutMs ? `-c statement_timeout=${timeoutMs}` : ''].filter(Boolean);
  return {
    max: 10,
    keepAlive: true,
    ...(timeoutMs ? { connectionTimeoutMillis: timeoutMs } : {}),
    ...(settings.length ? { options: settings.join(' ') } : {}),
  };
}
