// Issue 18: who calls which dialect, kept as daily sums per account, key, dialect and route, added
// from each batch of request logs (one small upsert per group, not per request). They outlive the
// request logs' retention, so "who still uses v1" has an answer months later. No foreign keys, like
// request_logs: a sum outlives its account.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsageDaily1733700000000 implements MigrationInterface {
  name = 'UsageDaily1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS usage_daily (
      organization_id VARCHAR(36) NOT NULL,
      service_account_id VARCHAR(36) NOT NULL,
      key_id VARCHAR(36) NOT NULL,
      dialect VARCHAR(20) NOT NULL,
      method VARCHAR(10) NOT NULL,
      route VARCHAR(300) NOT NULL,
      day VARCHAR(10) NOT NULL,
      requests INTEGER NOT NULL,
      last_used_at VARCHAR(30) NOT NULL,
      PRIMARY KEY (service_account_id, key_id, dialect, method, route, day)
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS ix_usage_daily_org_dialect_day ON usage_daily (organization_id, dialect, day)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS usage_daily');
  }
}
