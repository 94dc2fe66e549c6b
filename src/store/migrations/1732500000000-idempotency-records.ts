// Idempotency-Key records, shared through the database so a retry on another process replays too.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class IdempotencyRecords1732500000000 implements MigrationInterface {
  name = 'IdempotencyRecords1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotency_records',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'status', type: 'integer', isNullable: true },
          { name: 'headers', type: 'text', isNullable: true },
          { name: 'body', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'expires_at', type: 'varchar', length: '30' },
        ],
        indices: [new TableIndex({ name: 'ix_idempotency_expires', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_records');
  }
}
