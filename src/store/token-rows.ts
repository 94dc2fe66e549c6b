// src/auth's TokenStore on the TypeORM store: signing_keys and revoked_tokens (migration
// 1733100000000), and the one read that checks a token. Reads go through the store's run() and
// writes through its transaction(), so SQLite's one connection is shared in turn, busy files are
// retried and failures are translated (503) as every other write's.
import type { SigningAlg, SigningKeyRecord, TokenCredential, TokenStore } from '../auth/token-store';
import type { EntityManager } from 'typeorm';
import { plainSql, type PlainSql } from './plain-sql';
import { managerOf } from './repositories';
import type { ServiceRepositories } from './service-tables';
import type { TypeOrmStore } from './typeorm-store';

interface SigningKeyRow {
  id: string;
  alg: string;
  generation: number | string;
  public_jwk: string | null;
  sealed_secret: string;
  created_at: string;
  activates_at: string;
  retires_at: string;
}

/** The statements on a manager the store hands out; run()'s is the store's own, so this is made once. */
const plainOn = new WeakMap<EntityManager, PlainSql>();
function plainOf(repos: ServiceRepositories): PlainSql {
  const m = managerOf(repos);
  let plain = plainOn.get(m);
  if (!plain) plainOn.set(m, (plain = plainSql(m, (value) => value)));
  return plain;
}

export class TokenRows implements TokenStore {
  /** The n-th bind placeholder in the store's engine's syntax. */
  private readonly p: (n: number) => string;

  constructor(private readonly store: TypeOrmStore) {
    this.p = store.engine === 'postgres' ? (n) => `$${n}` : () => '?';
  }

  credential(keyId: string, tokenId: string): Promise<TokenCredential | null> {
    return this.store.run((repos) => plainOf(repos).tokenCredential(keyId, tokenId));
  }

  // Entries whose token has expired are left to the sweeper (src/maintenance.ts: accessTokens.deleteExpired).
  deny(tokenId: string, expiresAt: string): Promise<void> {
    const p = this.p;
    return this.store.transaction(
      async (repos) =>
        void (await query(
          managerOf(repos),
          `INSERT INTO revoked_tokens (id, expires_at) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (id) DO NOTHING`,
          [tokenId, expiresAt],
        )),
    );
  }

  signingKeys(): Promise<SigningKeyRecord[]> {
    return this.store.run(async (repos) => {
      const rows = await query<SigningKeyRow>(
        managerOf(repos),
        'SELECT id, alg, generation, public_jwk, sealed_secret, created_at, activates_at, retires_at FROM signing_keys',
      );
      return rows.map((r) => ({
        id: r.id,
        alg: r.alg as SigningAlg,
        generation: Number(r.generation),
        publicJwk: r.public_jwk,
        sealedSecret: r.sealed_secret,
        createdAt: r.created_at,
        activatesAt: r.activates_at,
        retiresAt: r.retires_at,
      }));
    });
  }

  addSigningKey(k: SigningKeyRecord): Promise<boolean> {
    const values = [k.id, k.alg, k.generation, k.publicJwk, k.sealedSecret, k.createdAt, k.activatesAt, k.retiresAt];
    return this.store.transaction(
      async (repos) =>
        (
          await query(
            managerOf(repos),
            `INSERT INTO signing_keys (id, alg, generation, public_jwk, sealed_secret, created_at, activates_at, retires_at)
       VALUES (${values.map((_, i) => this.p(i + 1)).join(', ')}) ON CONFLICT DO NOTHING RETURNING id`,
            values,
          )
        ).length > 0,
    );
  }

  deleteSigningKeysRetiredBefore(at: string): Promise<void> {
    const sql = `DELETE FROM signing_keys WHERE retires_at < ${this.p(1)}`;
    return this.store.transaction(async (repos) => void (await query(managerOf(repos), sql, [at])));
  }
}

function query<T = unknown>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return m.query(sql, params) as Promise<T[]>;
}
