// "One process at a time" for background jobs (the janitor, issue 32): on PostgreSQL a session
// advisory lock taken with pg_try_advisory_lock on a connection held for the job; on SQLite (where
// several workers may share a file) a lease row with an expiry, which a crashed holder cannot keep
// for longer than that. A process that does not get it skips the run: another is doing it.
import { randomUUID } from 'node:crypto';
import { returning } from './hygiene-rows';
import { managerOf } from './repositories';
import type { TypeOrmStore } from './typeorm-store';

/** Advisory lock keys of background jobs (apart from the migration and organization-name locks). */
const ADVISORY_KEYS: Record<string, number> = { janitor: 7_311_044 };

export interface Lease {
  /** SQLite: pushes the expiry on (a long run calls it now and then); PostgreSQL: nothing to do. */
  renew(): Promise<void>;
}

/** Runs `work` if no other process is running the job `name`; null when one is. */
export async function whileHolding<T>(
  store: TypeOrmStore,
  name: string,
  leaseMs: number,
  work: (lease: Lease) => Promise<T>,
): Promise<T | null> {
  if (store.engine === 'postgres') {
    const runner = store.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS ok', [ADVISORY_KEYS[name]])) as { ok: boolean }[];
      if (!row?.ok) return null;
      try {
        return await work({ renew: async () => undefined });
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_KEYS[name]]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
  const holder = `${process.pid}:${randomUUID()}`;
  // Wall time, not the service's clock: a lease is about processes.
  const take = () =>
    store.transaction(async (repos) => {
      const m = managerOf(repos);
      const now = new Date().toISOString();
      await m.query('INSERT INTO janitor_leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
        name,
        '',
        now,
      ]);
      const rows = await returning(
        m,
        'UPDATE janitor_leases SET holder = ?, expires_at = ? WHERE name = ? AND (expires_at <= ? OR holder = ?) RETURNING name',
        [holder, new Date(Date.now() + leaseMs).toISOString(), name, now, holder],
      );
      return rows.length > 0;
    });
  if (!(await take())) return null;
  try {
    return await work({
      renew: async () => {
        await take();
      },
    });
  } finally {
    await store
      .transaction((repos) =>
        managerOf(repos).query('UPDATE janitor_leases SET expires_at = ? WHERE name = ? AND holder = ?', [
          new Date().toISOString(),
          name,
          holder,
        ]),
      )
      .catch(() => undefined);
  }
}
