// A fresh, empty database for a test file: SQLite (in memory by default) or, when TEST_DATABASE_URL
// names PostgreSQL, a new schema of that database, dropped afterwards. Imports no server, so the
// store contract suite (test/store/contract) uses it without starting one.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

async function postgresSchema(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** The PostgreSQL base URL the tests may use, or null (then everything runs on SQLite). */
export function testPostgresUrl(): string | null {
  const base = process.env.TEST_DATABASE_URL;
  return base && base.startsWith('postgres') ? base : null;
}

/** A fresh, empty database for one test: a new PostgreSQL schema, or SQLite at `sqliteUrl`. */
export async function freshDatabase(
  sqliteUrl = 'sqlite::memory:',
): Promise<{ url: string; engine: 'sqlite' | 'postgres'; drop: () => Promise<void> }> {
  const base = testPostgresUrl();
  if (base) return { ...(await postgresSchema(base)), engine: 'postgres' };
  return { url: sqliteUrl, engine: 'sqlite', drop: async () => undefined };
}
