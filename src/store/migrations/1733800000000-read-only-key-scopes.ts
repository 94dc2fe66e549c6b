// Issue 25: a read-only key made without scopes follows its account with only the `:read`
// permissions (`followingScopes` in src/core/rules.ts). Until now a change of the account's
// permissions stored all of them on such a key, so v2 listed a v1 `read` key with `:write` scopes
// it could never use. Those rows get the rule's scopes: their stored scopes were the account's
// effective permissions, so keeping the read ones of them is what the rule gives.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { followingScopes } from '../../core/rules';

export class ReadOnlyKeyScopes1733800000000 implements MigrationInterface {
  name = 'ReadOnlyKeyScopes1733800000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const [no, yes] = pg ? ['false', 'true'] : ['0', '1'];
    const p = (n: number) => (pg ? `$${n}` : '?');
    const rows = (await q.query(`SELECT id, scopes FROM keys WHERE read_only = ${yes} AND scopes_explicit = ${no}`)) as {
      id: string;
      scopes: string;
    }[];
    for (const row of rows) {
      const stored = JSON.parse(row.scopes) as string[];
      const usable = followingScopes(stored, true);
      if (usable.length !== stored.length)
        await q.query(`UPDATE keys SET scopes = ${p(1)} WHERE id = ${p(2)}`, [JSON.stringify(usable), row.id]);
    }
  }

  /** The scopes removed were never usable: nothing to put back. */
  async down(): Promise<void> {}
}
