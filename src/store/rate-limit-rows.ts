// The rate_limits table: fixed-window counters that every process adds its batched counts to
// (src/auth/rate-limiter.ts). A flush is one multi-row upsert that also returns the totals.
import { LessThan, type EntityManager } from 'typeorm';
import type { RateLimitDelta, ServiceTables } from './service-tables';
import { RateLimitEntity } from './entities';

/** Rows per statement: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 300;

export function rateLimitRows(m: EntityManager, placeholder: (n: number) => string): ServiceTables['rateLimits'] {
  const rows = m.getRepository(RateLimitEntity);
  const chunks = <T>(items: T[]): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
    return out;
  };
  return {
    add: async (deltas) => {
      const totals = new Map<string, number>();
      // Sorted, so processes flushing the same buckets lock their rows in one order (no deadlock).
      const sorted = [...deltas].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
      for (const chunk of chunks<RateLimitDelta>(sorted)) {
        const values = chunk.map((_, i) => `(${placeholder(3 * i + 1)}, ${placeholder(3 * i + 2)}, ${placeholder(3 * i + 3)})`).join(', ');
        const returned: { bucket: string; count: number | string }[] = await m.query(
          `INSERT INTO rate_limits (bucket, count, expires_at) VALUES ${values}
           ON CONFLICT (bucket) DO UPDATE SET count = rate_limits.count + excluded.count RETURNING bucket, count`,
          chunk.flatMap((d) => [d.bucket, d.delta, d.expiresAt]),
        );
        for (const r of returned) totals.set(r.bucket, Number(r.count));
      }
      return totals;
    },
    getMany: async (buckets) => {
      const totals = new Map<string, number>();
      for (const chunk of chunks(buckets)) {
        const found: { bucket: string; count: number | string }[] = await m.query(
          `SELECT bucket, count FROM rate_limits WHERE bucket IN (${chunk.map((_, i) => placeholder(i + 1)).join(', ')})`,
          chunk,
        );
        for (const r of found) totals.set(r.bucket, Number(r.count));
      }
      return totals;
    },
    deleteExpired: async (before) => void (await rows.delete({ expires_at: LessThan(before) })),
  };
}
