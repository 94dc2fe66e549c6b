// Issue 15: roles (named bundles of permissions) bound in groups that service accounts belong to.
// An account's inherited permissions are kept on its row (`inherited_permissions`), so the one read
// authentication makes per request sees a change to a role, a binding or a membership at once.
// Bindings name a role id (a built-in one has no row), so they are JSON on the group, not a table.
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
const time = (name: string) => ({ name, type: 'varchar', length: '30' });
const cascade = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });
const named = (_table: string) => [
  { name: 'name', type: 'varchar', length: '200' },
  { name: 'name_key', type: 'varchar', length: '400' },
  { name: 'description', type: 'text', isNullable: true },
];

export class RolesAndGroups1733400000000 implements MigrationInterface {
  name = 'RolesAndGroups1733400000000';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table (and would cascade its deletes).
    await q.query(`ALTER TABLE service_accounts ADD COLUMN inherited_permissions text NOT NULL DEFAULT '[]'`);
    await q.createTable(
      new Table({
        name: 'roles',
        columns: [
          id,
          ref('organization_id'),
          ...named('roles'),
          { name: 'permissions', type: 'text' },
          time('created_at'),
          time('updated_at'),
        ],
        foreignKeys: [cascade('organization_id', 'organizations')],
        indices: [new TableIndex({ name: 'uq_roles_name', columnNames: ['organization_id', 'name_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'groups',
        columns: [
          id,
          ref('organization_id'),
          ...named('groups'),
          { name: 'bindings', type: 'text' },
          time('created_at'),
          time('updated_at'),
          { name: 'version', type: 'integer' },
        ],
        foreignKeys: [cascade('organization_id', 'organizations')],
        indices: [new TableIndex({ name: 'uq_groups_name', columnNames: ['organization_id', 'name_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'group_members',
        columns: [{ ...ref('group_id'), isPrimary: true }, { ...ref('service_account_id'), isPrimary: true }, ref('organization_id')],
        foreignKeys: [cascade('group_id', 'groups'), cascade('service_account_id', 'service_accounts')],
        indices: [new TableIndex({ name: 'ix_group_members_account', columnNames: ['service_account_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('group_members');
    await q.dropTable('groups');
    await q.dropTable('roles');
    await q.query('ALTER TABLE service_accounts DROP COLUMN inherited_permissions');
  }
}
