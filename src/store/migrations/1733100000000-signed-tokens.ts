// Issue 19: access tokens are signed, self-describing values and issuing one stores nothing. The
// signing keys live here, shared by every process (secrets sealed with the idempotency sealing
// key); a token revoked with RFC 7009 is denied by id until it expires. Tokens issued before this
// version were random values found by their access_tokens row: they stop working (they lived an
// hour by default), and the rows go. Plain SQL, the same on both engines.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignedTokens1733100000000 implements MigrationInterface {
  name = 'SignedTokens1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE signing_keys (
      id varchar(36) NOT NULL PRIMARY KEY, alg varchar(10) NOT NULL, generation integer NOT NULL,
      public_jwk text, sealed_secret text NOT NULL,
      created_at varchar(30) NOT NULL, activates_at varchar(30) NOT NULL, retires_at varchar(30) NOT NULL)`);
    // One key per (alg, generation): two processes rotating at once cannot both add the next one.
    await q.query('CREATE UNIQUE INDEX ux_signing_keys_generation ON signing_keys (alg, generation)');
    await q.query('CREATE TABLE revoked_tokens (id varchar(36) NOT NULL PRIMARY KEY, expires_at varchar(30) NOT NULL)');
    await q.query('CREATE INDEX ix_revoked_tokens_expires ON revoked_tokens (expires_at)');
    await q.query('DELETE FROM access_tokens');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE revoked_tokens');
    await q.query('DROP TABLE signing_keys');
  }
}
