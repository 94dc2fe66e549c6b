// Issue 30: a key records why it was revoked (`leaked`: its secret was reported by a secret-scanning
// partner or through public revocation), and an audit event who made the change: a service account's
// request (every event before this one), a secret-scanning report or a public revocation.
// Plain ADD COLUMN: TypeORM's addColumn would rebuild the tables on SQLite.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeakedSecrets1734000000000 implements MigrationInterface {
  name = 'LeakedSecrets1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE keys ADD COLUMN revoked_reason VARCHAR(30)');
    await q.query(`ALTER TABLE audit_events ADD COLUMN principal_type VARCHAR(30) NOT NULL DEFAULT 'service-accounts'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_events DROP COLUMN principal_type');
    await q.query('ALTER TABLE keys DROP COLUMN revoked_reason');
  }
}
