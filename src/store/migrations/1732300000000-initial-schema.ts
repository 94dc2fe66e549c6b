// The first schema. Written with TypeORM's portable Table API so one migration serves SQLite and PostgreSQL.
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '36', isNullable });
const time = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '30', isNullable });
const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const orgFk = () =>
  new TableForeignKey({
    columnNames: ['organization_id'],
    referencedTableName: 'organizations',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

export class InitialSchema1732300000000 implements MigrationInterface {
  name = 'InitialSchema1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'organizations', columns: [id, str('name', 200), time('created_at')] }));
    await q.createTable(
      new Table({
        name: 'workspaces',
        columns: [id, ref('organization_id'), str('name', 200), str('name_key', 200), time('created_at')],
        foreignKeys: [orgFk()],
        indices: [new TableIndex({ name: 'uq_workspaces_name', columnNames: ['organization_id', 'name_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'service_accounts',
        columns: [
          id,
          ref('organization_id'),
          str('name', 200),
          str('name_key', 200),
          text('description', true),
          str('role', 20),
          text('permissions'),
          text('workspace_assignments'),
          str('status', 10),
          time('disabled_at', true),
          str('email', 255),
          ref('client_id'),
          time('created_at'),
          ref('created_by', true),
          time('updated_at'),
          { name: 'version', type: 'integer' },
        ],
        foreignKeys: [orgFk()],
        indices: [
          new TableIndex({ name: 'uq_service_accounts_name', columnNames: ['organization_id', 'name_key'], isUnique: true }),
          new TableIndex({ name: 'uq_service_accounts_email', columnNames: ['organization_id', 'email'], isUnique: true }),
          new TableIndex({ name: 'uq_service_accounts_client', columnNames: ['client_id'], isUnique: true }),
          new TableIndex({ name: 'ix_service_accounts_org_id', columnNames: ['organization_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'keys',
        columns: [
          id,
          ref('organization_id'),
          ref('service_account_id'),
          str('name', 200, true),
          text('description', true),
          str('secret_hash', 100),
          str('secret_prefix', 20),
          text('scopes'),
          { name: 'read_only', type: 'boolean' },
          { name: 'enabled', type: 'boolean' },
          time('expires_at', true),
          time('last_used_at', true),
          time('created_at'),
          time('revoked_at', true),
        ],
        foreignKeys: [
          orgFk(),
          new TableForeignKey({
            columnNames: ['service_account_id'],
            referencedTableName: 'service_accounts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'ix_keys_account', columnNames: ['service_account_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['keys', 'service_accounts', 'workspaces', 'organizations']) await q.dropTable(table);
  }
}
