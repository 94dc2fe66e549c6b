// Issue 16: indexes for the foreign keys nothing indexed (deleting a key or an account scanned
// access_tokens; keys by organization scanned keys), and on PostgreSQL the order list pages sort
// names in (COLLATE "C", the same code-point order as SQLite; see plain-sql.ts). Raw SQL that both
// engines run, IF NOT EXISTS so a half-applied run can be repeated.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ForeignKeyIndexes1733000000000 implements MigrationInterface {
  name = 'ForeignKeyIndexes1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS ix_access_tokens_key ON access_tokens (key_id)');
    await q.query('CREATE INDEX IF NOT EXISTS ix_access_tokens_account ON access_tokens (service_account_id)');
    await q.query('CREATE INDEX IF NOT EXISTS ix_keys_org_id ON keys (organization_id, id)');
    if (q.connection.options.type === 'postgres') {
      await q.query(
        'CREATE INDEX IF NOT EXISTS ix_service_accounts_name_c ON service_accounts (organization_id, name_key COLLATE "C", id)',
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['ix_service_accounts_name_c', 'ix_keys_org_id', 'ix_access_tokens_account', 'ix_access_tokens_key']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
