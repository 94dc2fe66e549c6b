// Issue 31: federated credentials, a service account's trust rules for outside OIDC tokens, and the
// `jti`s their exchanges have used (each accepted once per rule, kept until the token expires).
// Plain SQL, the same on both engines; booleans are integers (better-sqlite3 binds no booleans).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FederatedCredentials1734100000000 implements MigrationInterface {
  name = 'FederatedCredentials1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE federated_credentials (
      id varchar(36) NOT NULL PRIMARY KEY,
      organization_id varchar(36) NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      service_account_id varchar(36) NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
      name varchar(200) NOT NULL, name_key varchar(400) NOT NULL,
      issuer varchar(500) NOT NULL, subject varchar(500) NOT NULL,
      audiences text NOT NULL, claims text NOT NULL, jwks text,
      allow_token_reuse integer NOT NULL, token_key_id varchar(36) NOT NULL,
      created_at varchar(30) NOT NULL, updated_at varchar(30) NOT NULL, version integer NOT NULL)`);
    await q.query('CREATE UNIQUE INDEX ux_federated_credentials_name ON federated_credentials (service_account_id, name_key)');
    // Every access token a rule minted names it by this id: one indexed read per request.
    await q.query('CREATE UNIQUE INDEX ux_federated_credentials_token_key ON federated_credentials (token_key_id)');
    // The exchange finds the rules of a token's issuer.
    await q.query('CREATE INDEX ix_federated_credentials_issuer ON federated_credentials (issuer, subject)');
    await q.query('CREATE INDEX ix_federated_credentials_org ON federated_credentials (organization_id)');
    // id: SHA-256 (hex) of the rule id and the jti, so any jti fits and the table never holds a token's content.
    await q.query('CREATE TABLE federation_jtis (id varchar(64) NOT NULL PRIMARY KEY, expires_at varchar(30) NOT NULL)');
    await q.query('CREATE INDEX ix_federation_jtis_expires ON federation_jtis (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE federation_jtis');
    await q.query('DROP TABLE federated_credentials');
  }
}
