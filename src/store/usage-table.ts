// The usage_daily table (issue 18): each batch of request logs is summed per account, key, dialect,
// route and day in memory and added with one upsert per group, in one transaction; reads serve the
// core's UsageReader.
import type { EntityManager } from 'typeorm';
import type { Store } from '../core/ports';
import type { RequestLog } from '../core/request-logs';
import { dayOf, type UsageReader, type UsageRow } from '../core/usage';
import { managerOf } from './repositories';

const COLUMNS = 'organization_id, service_account_id, key_id, dialect, method, route, day, requests, last_used_at';
/** A request that matched no route is summed under its method alone. */
const UNMATCHED = '(unmatched)';

type Row = {
  organization_id: string;
  service_account_id: string;
  key_id: string;
  dialect: string;
  method: string;
  route: string;
  day: string;
  requests: number | string;
  last_used_at: string;
};

const toUsage = (r: Row): UsageRow => ({
  organizationId: r.organization_id,
  serviceAccountId: r.service_account_id,
  keyId: r.key_id,
  dialect: r.dialect,
  method: r.method,
  route: r.route,
  day: r.day,
  requests: Number(r.requests),
  lastUsedAt: r.last_used_at,
});

function placeholders(m: EntityManager): (n: number) => string {
  return m.connection.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

/** Sums a batch of logs into one row per (account, key, dialect, method, route, day). */
export function summed(logs: RequestLog[]): UsageRow[] {
  const groups = new Map<string, UsageRow>();
  for (const l of logs) {
    const row: UsageRow = {
      organizationId: l.organizationId,
      serviceAccountId: l.serviceAccountId,
      keyId: l.keyId ?? '',
      dialect: l.dialect,
      method: l.method,
      route: l.route ?? UNMATCHED,
      day: dayOf(l.requestedAt),
      requests: 1,
      lastUsedAt: l.respondedAt,
    };
    const key = [row.serviceAccountId, row.keyId, row.dialect, row.method, row.route, row.day].join('\n');
    const seen = groups.get(key);
    if (!seen) groups.set(key, row);
    else {
      seen.requests += 1;
      if (row.lastUsedAt > seen.lastUsedAt) seen.lastUsedAt = row.lastUsedAt;
    }
  }
  return [...groups.values()];
}

export class UsageTable implements UsageReader {
  constructor(private readonly store: Store) {}

  /** Adds a batch's sums: one upsert per group, all in one transaction. */
  async add(logs: RequestLog[]): Promise<void> {
    const rows = summed(logs);
    if (!rows.length) return;
    await this.store.transaction(async (repos) => {
      const m = managerOf(repos);
      const p = placeholders(m);
      for (const r of rows) {
        await m.query(
          `INSERT INTO usage_daily (${COLUMNS}) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})
           ON CONFLICT (service_account_id, key_id, dialect, method, route, day) DO UPDATE SET
             requests = usage_daily.requests + excluded.requests,
             last_used_at = CASE WHEN excluded.last_used_at > usage_daily.last_used_at THEN excluded.last_used_at ELSE usage_daily.last_used_at END`,
          [r.organizationId, r.serviceAccountId, r.keyId, r.dialect, r.method, r.route, r.day, r.requests, r.lastUsedAt],
        );
      }
    });
  }

  forAccount(orgId: string, accountId: string, sinceDay: string): Promise<UsageRow[]> {
    return this.select('organization_id = ? AND service_account_id = ? AND day >= ?', [orgId, accountId, sinceDay]);
  }

  forDialect(orgId: string, dialect: string, sinceDay: string): Promise<UsageRow[]> {
    return this.select('organization_id = ? AND dialect = ? AND day >= ?', [orgId, dialect, sinceDay]);
  }

  private select(where: string, params: unknown[]): Promise<UsageRow[]> {
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const p = placeholders(m);
      let n = 0;
      const sql = `SELECT ${COLUMNS} FROM usage_daily WHERE ${where.replace(/\?/g, () => p(++n))} ORDER BY day ASC`;
      return ((await m.query(sql, params)) as Row[]).map(toUsage);
    });
  }
}
