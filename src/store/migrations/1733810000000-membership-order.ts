// Issue 25: an account's groups are read at most 100 at a time, in group id order; with the index
// on (service_account_id) alone, reading an account's first 100 groups read and sorted all of them.
// (service_account_id, group_id) serves that order and the foreign key both. Raw SQL both engines
// run, IF [NOT] EXISTS so a half-applied run can be repeated.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembershipOrder1733810000000 implements MigrationInterface {
  name = 'MembershipOrder1733810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS ix_group_members_account_group ON group_members (service_account_id, group_id)');
    await q.query('DROP INDEX IF EXISTS ix_group_members_account');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS ix_group_members_account ON group_members (service_account_id)');
    await q.query('DROP INDEX IF EXISTS ix_group_members_account_group');
  }
}
