// Issue 12: a key's explicit scopes cap it whatever the role, so the store must know which keys
// were made with explicit scopes (`keys.scopes_explicit`); an idempotency record is replayed only to
// the credential that made it and only while that credential can still do what it could then
// (`idempotency_records.authority`). Existing keys whose scopes equal their account's permissions
// were, as far as anyone can tell, made without scopes: they keep following the account.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialBounds1732800000000 implements MigrationInterface {
  name = 'CredentialBounds1732800000000';

  // Plain ALTER TABLE … ADD COLUMN: TypeORM's addColumn rebuilds a SQLite table, and dropping `keys`
  // with foreign keys on would take the tokens that reference it along.
  async up(q: QueryRunner): Promise<void> {
    const [no, yes] = q.connection.options.type === 'postgres' ? ['false', 'true'] : ['0', '1'];
    await q.query(`ALTER TABLE keys ADD COLUMN scopes_explicit boolean NOT NULL DEFAULT ${no}`);
    await q.query(
      `UPDATE keys SET scopes_explicit = ${yes}
       WHERE scopes <> (SELECT a.permissions FROM service_accounts a WHERE a.id = keys.service_account_id)`,
    );
    await q.query('ALTER TABLE idempotency_records ADD COLUMN authority text');
    // Records made before were keyed by account alone; none may be replayed under the new rule.
    await q.query('DELETE FROM idempotency_records');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_records DROP COLUMN authority');
    await q.query('ALTER TABLE keys DROP COLUMN scopes_explicit');
  }
}
