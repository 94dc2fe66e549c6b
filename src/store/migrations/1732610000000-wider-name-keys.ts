// `name_key` is the lower-cased name, and lower-casing can lengthen it: 'İ' becomes 'i' + U+0307,
// so a 200-character name can have a 400-character key. PostgreSQL enforces varchar lengths and
// refused such names with an error; SQLite does not enforce them, so there is nothing to change there.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['service_accounts', 'workspaces'];

export class WiderNameKeys1732610000000 implements MigrationInterface {
  name = 'WiderNameKeys1732610000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN name_key TYPE varchar(400)`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN name_key TYPE varchar(200)`);
  }
}
