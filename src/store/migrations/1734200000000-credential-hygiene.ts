// Issue 32: an organization's credential policy, what the janitor remembers about keys (warnings
// sent, over-lifetime reports, when a key was last enabled), the janitor's lease (SQLite; PostgreSQL
// uses an advisory lock), webhook subscriptions and their durable outbox of deliveries. The janitor's
// audit events have principal type `policy`, in the column issue 30's migration added.
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
const time = (name: string) => ({ name, type: 'varchar', length: '30' });
const optionalTime = (name: string) => ({ ...time(name), isNullable: true });
const optionalInt = (name: string) => ({ name, type: 'integer', isNullable: true });
const cascade = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

export class CredentialHygiene1734200000000 implements MigrationInterface {
  name = 'CredentialHygiene1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'credential_policies',
        columns: [
          { ...ref('organization_id'), isPrimary: true },
          optionalInt('max_key_lifetime_days'),
          optionalInt('disable_unused_keys_after_days'),
          optionalInt('warn_before_expiry_days'),
          time('updated_at'),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['organization_id'],
            referencedTableName: 'organizations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'key_policy_marks',
        columns: [
          { ...ref('key_id'), isPrimary: true },
          ref('organization_id'),
          // When the key was last enabled again: its idle time counts from then, not from its last use.
          optionalTime('enabled_at'),
          // The expiry a warning was sent for (a key's expiry never changes: one warning per key).
          optionalTime('expiry_warned_for'),
          optionalTime('over_lifetime_reported_at'),
        ],
        foreignKeys: [cascade('key_id', 'keys')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'janitor_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '40', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '80' },
          time('expires_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_subscriptions',
        columns: [
          id,
          ref('organization_id'),
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'events', type: 'text' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'enabled', type: 'boolean' },
          { name: 'secret_sealed', type: 'text' },
          { name: 'disabled_reason', type: 'varchar', length: '300', isNullable: true },
          time('created_at'),
          time('updated_at'),
        ],
        foreignKeys: [cascade('organization_id', 'organizations')],
        indices: [new TableIndex({ name: 'ix_webhook_subscriptions_org', columnNames: ['organization_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id,
          ref('subscription_id'),
          ref('organization_id'),
          ref('audit_event_id'),
          { name: 'event_type', type: 'varchar', length: '60' },
          // pending → delivered, or failed after 24 h of retries.
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer' },
          time('next_attempt_at'),
          optionalTime('first_attempt_at'),
          optionalTime('last_attempt_at'),
          // A process sending it holds it until then (a crashed one's lease runs out).
          optionalTime('lease_until'),
          optionalInt('last_status'),
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          time('created_at'),
          optionalTime('finished_at'),
        ],
        foreignKeys: [cascade('subscription_id', 'webhook_subscriptions')],
        indices: [
          // The head of each subscription's queue, and its history newest first.
          new TableIndex({ name: 'ix_webhook_deliveries_queue', columnNames: ['subscription_id', 'state', 'id'] }),
          new TableIndex({ name: 'ix_webhook_deliveries_due', columnNames: ['state', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_webhook_deliveries_finished', columnNames: ['finished_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('webhook_deliveries');
    await q.dropTable('webhook_subscriptions');
    await q.dropTable('janitor_leases');
    await q.dropTable('key_policy_marks');
    await q.dropTable('credential_policies');
  }
}
