// The audit log. No foreign key to the account: its history outlives it.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });

export class AuditEvents1732600000000 implements MigrationInterface {
  name = 'AuditEvents1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('organization_id', 36),
          v('actor_id', 36, true),
          v('actor_key_id', 36, true),
          v('dialect', 20),
          v('action', 60),
          v('target_type', 30),
          v('target_id', 36),
          v('service_account_id', 36, true),
          v('request_id', 128, true),
          { name: 'changes', type: 'text' },
          v('created_at', 30),
        ],
        indices: [new TableIndex({ name: 'ix_audit_account', columnNames: ['organization_id', 'service_account_id', 'id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_events');
  }
}
