// OAuth2 access tokens (so any process can check or revoke them) and shared rate-limit counters.
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const v = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const cascade = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

export class AccessTokensAndRateLimits1732400000000 implements MigrationInterface {
  name = 'AccessTokensAndRateLimits1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'access_tokens',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('organization_id', 36),
          v('service_account_id', 36),
          v('key_id', 36),
          v('token_hash', 64),
          { name: 'scopes', type: 'text' },
          { name: 'narrowed', type: 'boolean' },
          v('created_at', 30),
          v('expires_at', 30),
          v('revoked_at', 30, true),
        ],
        foreignKeys: [cascade('service_account_id', 'service_accounts'), cascade('key_id', 'keys')],
        indices: [new TableIndex({ name: 'ix_access_tokens_expires', columnNames: ['expires_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rate_limits',
        columns: [{ ...v('bucket', 300), isPrimary: true }, { name: 'count', type: 'integer' }, v('expires_at', 30)],
        indices: [new TableIndex({ name: 'ix_rate_limits_expires', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limits');
    await q.dropTable('access_tokens');
  }
}
