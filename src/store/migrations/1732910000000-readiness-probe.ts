// One row that /readyz rewrites after a write failed as UNAVAILABLE (disk full, read-only, lost
// connection): the process reports ready again only once a real write commits.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ReadinessProbe1732910000000 implements MigrationInterface {
  name = 'ReadinessProbe1732910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'readiness_probe',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'checked_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await q.query('INSERT INTO readiness_probe (id, checked_at) VALUES (1, NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('readiness_probe');
  }
}
