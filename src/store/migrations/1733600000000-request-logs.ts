// Issue 14: request logs (every request a service account makes, secrets redacted; see
// src/http/request-log/). Rows are written in batches and purged after REQUEST_LOG_RETENTION_DAYS.
// Dialect, account, key, route and time are columns of their own so usage can later be summed per
// dialect/account/key/day. No foreign keys: a log outlives its account's deletion until purged, and
// a batch insert must not fail for one account deleted meanwhile. Raw SQL both engines run.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RequestLogs1733600000000 implements MigrationInterface {
  name = 'RequestLogs1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS request_logs (
      id VARCHAR(36) PRIMARY KEY,
      organization_id VARCHAR(36) NOT NULL,
      service_account_id VARCHAR(36) NOT NULL,
      key_id VARCHAR(36),
      token_id VARCHAR(36),
      dialect VARCHAR(20) NOT NULL,
      route VARCHAR(300),
      method VARCHAR(10) NOT NULL,
      path TEXT NOT NULL,
      raw_query TEXT NOT NULL,
      request_id VARCHAR(128) NOT NULL,
      client_ip VARCHAR(64),
      user_agent VARCHAR(512),
      requested_at VARCHAR(30) NOT NULL,
      responded_at VARCHAR(30) NOT NULL,
      duration_us INTEGER NOT NULL,
      status INTEGER NOT NULL,
      content_length INTEGER NOT NULL,
      request_headers TEXT NOT NULL,
      request_body TEXT NOT NULL,
      response_headers TEXT NOT NULL,
      response_body TEXT NOT NULL
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS ix_request_logs_account ON request_logs (organization_id, service_account_id, id)');
    await q.query('CREATE INDEX IF NOT EXISTS ix_request_logs_time ON request_logs (requested_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS request_logs');
  }
}
