// Issue 14: audit events keep each field's before and after, the target's name, and the client's
// address and user agent; v3 lists an organization's events newest first (ix_audit_org) and by target.
// Plain ADD COLUMN (nullable, so earlier events read as "not recorded"): TypeORM's addColumn would
// rebuild the table on SQLite.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['audit_values TEXT', 'target_name VARCHAR(400)', 'client_ip VARCHAR(64)', 'user_agent VARCHAR(512)'];

export class AuditValues1733610000000 implements MigrationInterface {
  name = 'AuditValues1733610000000';

  async up(q: QueryRunner): Promise<void> {
    for (const column of COLUMNS) await q.query(`ALTER TABLE audit_events ADD COLUMN ${column}`);
    await q.query('CREATE INDEX IF NOT EXISTS ix_audit_org ON audit_events (organization_id, id)');
    await q.query('CREATE INDEX IF NOT EXISTS ix_audit_org_target ON audit_events (organization_id, target_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS ix_audit_org_target');
    await q.query('DROP INDEX IF EXISTS ix_audit_org');
    for (const column of COLUMNS) await q.query(`ALTER TABLE audit_events DROP COLUMN ${column.split(' ')[0]}`);
  }
}
