// Federated credentials on the TypeORM store (issue 31; migration 1734100000000): the core's
// repository of them, the used-jti table, and src/auth's FederationStore (the exchange's reads and
// the one read a federated access token costs per request). Plain SQL on both engines.
import { In, type EntityManager } from 'typeorm';
import type { FederatedTokenCredential, FederationCandidate, FederationStore } from '../auth/federation/federation-store';
import type { FederatedCredential, JsonWebKeySet } from '../core/federation-rules';
import type { Repositories } from '../core/ports';
import { nameKey } from '../core/rules';
import { AccountEntity, type AccountRow } from './entities';
import { toAccount } from './mappers';
import { plainSql } from './plain-sql';
import { managerOf } from './manager-of';
import type { ServiceTables } from './service-tables';
import type { TypeOrmStore } from './typeorm-store';

const COLUMNS = [
  'id',
  'organization_id',
  'service_account_id',
  'name',
  'name_key',
  'issuer',
  'subject',
  'audiences',
  'claims',
  'jwks',
  'allow_token_reuse',
  'token_key_id',
  'created_at',
  'updated_at',
  'version',
] as const;
const LIST = COLUMNS.map((c) => `f.${c}`).join(', ');
const SELECT = `SELECT ${LIST} FROM federated_credentials f`;

type Row = Record<(typeof COLUMNS)[number], unknown>;

const toCredential = (r: Row): FederatedCredential => ({
  id: String(r.id),
  organizationId: String(r.organization_id),
  serviceAccountId: String(r.service_account_id),
  name: String(r.name),
  issuer: String(r.issuer),
  subject: String(r.subject),
  audiences: JSON.parse(String(r.audiences)) as string[],
  claims: JSON.parse(String(r.claims)) as Record<string, string>,
  jwks: r.jwks === null ? null : (JSON.parse(String(r.jwks)) as JsonWebKeySet),
  allowTokenReuse: Number(r.allow_token_reuse) === 1,
  tokenKeyId: String(r.token_key_id),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  version: Number(r.version),
});

const fromCredential = (c: FederatedCredential): Row => ({
  id: c.id,
  organization_id: c.organizationId,
  service_account_id: c.serviceAccountId,
  name: c.name,
  name_key: nameKey(c.name),
  issuer: c.issuer,
  subject: c.subject,
  audiences: JSON.stringify(c.audiences),
  claims: JSON.stringify(c.claims),
  jwks: c.jwks === null ? null : JSON.stringify(c.jwks),
  allow_token_reuse: c.allowTokenReuse ? 1 : 0,
  token_key_id: c.tokenKeyId,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  version: c.version,
});

/** The structured result is the one that says how many rows a write touched, on both engines. */
async function affected(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).affected ?? 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

export function federatedCredentialRows(m: EntityManager): Repositories['federatedCredentials'] {
  const plain = plainSql(m, (v) => v);
  const p = plain.placeholder;
  const rows = async (sql: string, params: unknown[]) => ((await m.query(sql, params)) as Row[]).map(toCredential);
  return {
    insert: (c) => plain.insert('federated_credentials', fromCredential(c)),
    update: async (c, expectedVersion) => {
      const { id, organization_id, ...changes } = fromCredential(c);
      const names = Object.keys(changes);
      const set = names.map((n, i) => `${n} = ${p(i + 1)}`).join(', ');
      const at = names.length;
      const sql = `UPDATE federated_credentials SET ${set} WHERE id = ${p(at + 1)} AND organization_id = ${p(at + 2)} AND version = ${p(at + 3)}`;
      return (await affected(m, sql, [...Object.values(changes), id, organization_id, expectedVersion])) > 0;
    },
    delete: async (orgId, id, expectedVersion) =>
      (await affected(m, `DELETE FROM federated_credentials WHERE id = ${p(1)} AND organization_id = ${p(2)} AND version = ${p(3)}`, [
        id,
        orgId,
        expectedVersion,
      ])) > 0,
    get: async (orgId, id) => (await rows(`${SELECT} WHERE f.organization_id = ${p(1)} AND f.id = ${p(2)}`, [orgId, id]))[0] ?? null,
    listForAccount: (orgId, accountId) =>
      rows(`${SELECT} WHERE f.organization_id = ${p(1)} AND f.service_account_id = ${p(2)} ORDER BY f.id`, [orgId, accountId]),
    countForAccount: async (orgId, accountId) => {
      const [r] = (await m.query(
        `SELECT COUNT(*) AS n FROM federated_credentials WHERE organization_id = ${p(1)} AND service_account_id = ${p(2)}`,
        [orgId, accountId],
      )) as { n: unknown }[];
      return Number(r.n);
    },
    idsForAccounts: async (orgId, accountIds) => {
      const out = new Map<string, string[]>(accountIds.map((id) => [id, []]));
      if (!accountIds.length) return out;
      const found = (await m.query(
        `SELECT id, service_account_id FROM federated_credentials WHERE organization_id = ${p(1)}
         AND service_account_id IN (${accountIds.map((_, i) => p(i + 2)).join(', ')}) ORDER BY id`,
        [orgId, ...accountIds],
      )) as { id: string; service_account_id: string }[];
      for (const r of found) out.get(r.service_account_id)?.push(r.id);
      return out;
    },
    getWithAccount: async (id) => {
      const [credential] = await rows(`${SELECT} WHERE f.id = ${p(1)}`, [id]);
      const account = credential ? await plain.account(credential.organizationId, credential.serviceAccountId) : null;
      return credential && account ? { credential, account } : null;
    },
  };
}

export function federationJtiRows(m: EntityManager): ServiceTables['federationJtis'] {
  const plain = plainSql(m, (v) => v);
  const p = plain.placeholder;
  return {
    claim: async (id, expiresAt) =>
      (
        (await m.query(`INSERT INTO federation_jtis (id, expires_at) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (id) DO NOTHING RETURNING id`, [
          id,
          expiresAt,
        ])) as unknown[]
      ).length > 0,
    deleteExpired: (before, limit) => plain.deleteExpired('federation_jtis', before, limit),
  };
}

/** src/auth's FederationStore: reads through the store's run(), so they are timed and translated as every other. */
export class FederationRows implements FederationStore {
  /** The n-th bind placeholder in the store's engine's syntax. */
  private readonly p: (n: number) => string;

  constructor(private readonly store: TypeOrmStore) {
    this.p = store.engine === 'postgres' ? (n) => `$${n}` : () => '?';
  }

  candidates(issuer: string, subject: string, clientId: string | undefined, limit: number): Promise<FederationCandidate[]> {
    const p = this.p;
    // A prefilter (the exchange matches again in code): the subject exactly, or a rule's prefix before its `*`.
    const prefix = `substr(f.subject, 1, length(f.subject) - 1)`;
    let sql = `${SELECT} JOIN service_accounts a ON a.id = f.service_account_id
      WHERE f.issuer = ${p(1)} AND (f.subject = ${p(2)} OR (f.subject LIKE '%*' AND substr(CAST(${p(3)} AS text), 1, length(f.subject) - 1) = ${prefix}))`;
    const params: unknown[] = [issuer, subject, subject];
    if (clientId !== undefined) {
      params.push(clientId);
      sql += ` AND a.client_id = ${p(params.length)}`;
    }
    params.push(limit);
    sql += ` ORDER BY f.id LIMIT ${p(params.length)}`;
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const credentials = ((await m.query(sql, params)) as Row[]).map(toCredential);
      if (!credentials.length) return [];
      // Their accounts in one read, whatever the number of rules (they may be of several organizations).
      const ids = [...new Set(credentials.map((c) => c.serviceAccountId))];
      const accounts = new Map((await m.getRepository(AccountEntity).findBy({ id: In(ids) })).map((r) => [r.id, toAccount(r)]));
      return credentials.flatMap((credential) => {
        const account = accounts.get(credential.serviceAccountId);
        return account ? [{ credential, account }] : [];
      });
    });
  }

  /** One statement per request of a federated token: the rule, its account and the deny-list entry. */
  tokenCredential(tokenKeyId: string, tokenId: string): Promise<FederatedTokenCredential | null> {
    const p = this.p;
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const accountColumns = m.connection.getMetadata(AccountEntity).columns.map((c) => c.databaseName);
      const sql = `SELECT ${LIST}, ${accountColumns.map((c) => `a.${c} AS a_${c}`).join(', ')},
      (SELECT COUNT(*) FROM revoked_tokens r WHERE r.id = ${p(1)}) AS denied
      FROM federated_credentials f JOIN service_accounts a ON a.id = f.service_account_id WHERE f.token_key_id = ${p(2)}`;
      const [found] = (await m.query(sql, [tokenId, tokenKeyId])) as (Row & Record<string, unknown>)[];
      if (!found) return null;
      const account = toAccount(Object.fromEntries(accountColumns.map((c) => [c, found[`a_${c}`]])) as unknown as AccountRow);
      return { credential: toCredential(found), account, denied: Number(found.denied) > 0 };
    });
  }
}
