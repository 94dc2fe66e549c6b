// The hot paths as plain SQL on TypeORM's own connection (or transaction). Authentication runs
// one of these reads on every request, GET-by-id and list pages the others, and every token or
// account creation runs the inserts; TypeORM's query and insert builders cost several times what
// the database does for them (issue 7: a third of a GET-by-id's CPU; an insert through the
// builder ~700 µs against ~90 µs as plain SQL on SQLite). They read and write what the
// find/QueryBuilder/insert calls they replace did: the same rows in the same order, through the
// same mappers; errors are TypeORM's QueryFailedError with the driver's error, so unique
// violations are recognised as before. Column lists come from the entity metadata, so a column
// added to an entity is read here too. Statements are built once per data source (SQLite's driver
// keeps them prepared). The reads run straight on the engine's handle with array rows (driver-reads.ts).
import type { DataSource, EntityManager, EntitySchema } from 'typeorm';
import type { AccountFilter, AccountPageQuery } from '../core/ports';
import type { Key, ServiceAccount } from '../core/model';
import { AccountEntity, KeyEntity, type AccountRow, type KeyRow } from './entities';
import { readerOn, rowReader, type ArrayRow } from './driver-reads';
import * as map from './mappers';

/**
 * Names sort by code point on every engine (issue 16): SQLite's BINARY collation does, PostgreSQL's
 * database collation may not (an ICU or glibc locale puts `a_d` before `a-c`), so it says "C" there
 * (ix_service_accounts_name_c serves that order).
 */
function orderOf(pg: boolean): Record<NonNullable<AccountPageQuery['sort']>, string> {
  const name = pg ? 'a.name_key COLLATE "C"' : 'a.name_key';
  return { id: 'a.id ASC', '-id': 'a.id DESC', name: `${name} ASC, a.id ASC`, '-name': `${name} DESC, a.id DESC` };
}

type Row = Record<string, unknown>;

/** Rows per multi-row INSERT: well under either engine's limit on bind parameters. */
const ROWS_PER_INSERT = 50;

interface Statements {
  pg: boolean;
  order: ReturnType<typeof orderOf>;
  /** The n-th (1-based) bind placeholder in this engine's syntax. */
  p: (n: number) => string;
  account: string;
  keyWithAccount: string;
  tokenCredential: string;
  keyColumns: string[];
  accountColumns: string[];
  /** Array row (from index `at`) → the entity's row object. */
  accountRow: (r: ArrayRow, at: number) => AccountRow;
  keyRow: (r: ArrayRow, at: number) => KeyRow;
  selectAccounts: string;
  selectKeys: string;
}

const prepared = new WeakMap<DataSource, Statements>();

function statements(ds: DataSource): Statements {
  let s = prepared.get(ds);
  if (s) return s;
  const pg = ds.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const columnsOf = (entity: EntitySchema<unknown>) => ds.getMetadata(entity).columns.map((c) => c.databaseName);
  const accountColumns = columnsOf(AccountEntity as EntitySchema<unknown>);
  const keyColumns = columnsOf(KeyEntity as EntitySchema<unknown>);
  const list = (alias: string, cols: string[]) => cols.map((c) => `${alias}.${c}`).join(', ');
  s = {
    pg,
    order: orderOf(pg),
    p,
    accountColumns,
    keyColumns,
    accountRow: rowReader<AccountRow>(accountColumns),
    keyRow: rowReader<KeyRow>(keyColumns),
    selectAccounts: `SELECT ${list('a', accountColumns)} FROM service_accounts a`,
    selectKeys: `SELECT ${list('k', keyColumns)} FROM keys k`,
    account: `SELECT ${list('a', accountColumns)} FROM service_accounts a WHERE a.organization_id = ${p(1)} AND a.id = ${p(2)}`,
    keyWithAccount: `SELECT ${list('k', keyColumns)}, ${list('a', accountColumns)}
      FROM keys k JOIN service_accounts a ON a.id = k.service_account_id WHERE k.id = ${p(1)}`,
    // An access token's one read: its key, the account and its deny-list entry (issue 19).
    tokenCredential: `SELECT ${list('k', keyColumns)}, ${list('a', accountColumns)},
      (SELECT COUNT(*) FROM revoked_tokens r WHERE r.id = ${p(1)}) AS denied
      FROM keys k JOIN service_accounts a ON a.id = k.service_account_id WHERE k.id = ${p(2)}`,
  };
  prepared.set(ds, s);
  return s;
}

export interface PlainSql {
  /** The n-th (1-based) bind placeholder in this engine's syntax, for SQL written elsewhere. */
  placeholder(n: number): string;
  account(orgId: string, id: string): Promise<ServiceAccount | null>;
  keyWithAccount(id: string): Promise<{ key: Key; account: ServiceAccount } | null>;
  /** keyWithAccount, and whether the token id is on the deny list, in one statement. */
  tokenCredential(keyId: string, tokenId: string): Promise<{ key: Key; account: ServiceAccount; denied: boolean } | null>;
  keysOfAccounts(orgId: string, accountIds: string[]): Promise<Key[]>;
  page(orgId: string, q: AccountPageQuery): Promise<ServiceAccount[]>;
  count(orgId: string, filter: AccountFilter): Promise<number>;
  /** Adds `delta` to the organization's account count (account_counts; in the caller's transaction). */
  addToAccountCount(orgId: string, delta: number): Promise<void>;
  /** Locks the organization's row on PostgreSQL until the transaction ends; nothing on SQLite (one writer at a time). */
  lockOrganization(id: string): Promise<void>;
  countUsableAdmins(orgId: string, now: string): Promise<number>;
  /** INSERT of one row given as column → value (a mapper's output). */
  insert(table: string, row: object): Promise<void>;
  /** INSERT of rows with the same columns, many per statement. */
  insertMany(table: string, rows: object[]): Promise<void>;
  /** Deletes rows of a table with `id` and `expires_at` that expired before `before`, at most `limit`; how many. */
  deleteExpired(table: 'revoked_tokens' | 'idempotency_records' | 'federation_jtis', before: string, limit?: number): Promise<number>;
}

export function plainSql(m: EntityManager, escapeLike: (value: string) => string): PlainSql {
  const s = statements(m.connection);
  const query = (sql: string, params: unknown[]) => m.query(sql, params) as Promise<Row[]>;
  const arrays = readerOn(m);
  const keyAndAccount = (r: ArrayRow) => ({ key: map.toKey(s.keyRow(r, 0)), account: map.toAccount(s.accountRow(r, s.keyColumns.length)) });

  /** WHERE for an org's accounts under a filter; `params` receives the values. */
  const where = (orgId: string, filter: AccountFilter, params: unknown[]): string => {
    const p = (value: unknown) => (params.push(value), s.p(params.length));
    let sql = ` WHERE a.organization_id = ${p(orgId)}`;
    if (filter.enabled !== undefined) sql += ` AND a.status = ${p(filter.enabled ? 'active' : 'disabled')}`;
    if (filter.nameContains) sql += ` AND a.name_key LIKE ${p(`%${escapeLike(map.nameKey(filter.nameContains))}%`)} ESCAPE '\\'`;
    if (filter.groupId !== undefined) {
      sql += ` AND EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ${p(filter.groupId)} AND gm.service_account_id = a.id)`;
    }
    return sql;
  };

  return {
    placeholder: s.p,
    account: async (orgId, id) => {
      const [r] = await arrays(s.account, [orgId, id]);
      return r ? map.toAccount(s.accountRow(r, 0)) : null;
    },
    keyWithAccount: async (id) => {
      const [r] = await arrays(s.keyWithAccount, [id]);
      return r ? keyAndAccount(r) : null;
    },
    tokenCredential: async (keyId, tokenId) => {
      const [r] = await arrays(s.tokenCredential, [tokenId, keyId]);
      return r ? { ...keyAndAccount(r), denied: Number(r[r.length - 1]) > 0 } : null;
    },
    keysOfAccounts: async (orgId, accountIds) => {
      if (!accountIds.length) return [];
      // PostgreSQL: one statement text for any number of accounts, so one prepared statement.
      // SQLite: `+` keeps the planner off (organization_id, id), which it would walk for the ORDER BY:
      // every key of the organization (1M accounts with a key each: ~0.5 s a page) instead of these accounts' keys.
      const [sql, params] = s.pg
        ? [`${s.selectKeys} WHERE k.organization_id = $1 AND k.service_account_id = ANY($2) ORDER BY k.id ASC`, [orgId, accountIds]]
        : [
            `${s.selectKeys} WHERE +k.organization_id = ? AND k.service_account_id IN (${accountIds.map(() => '?').join(', ')}) ORDER BY k.id ASC`,
            [orgId, ...accountIds],
          ];
      return (await arrays(sql, params)).map((r) => map.toKey(s.keyRow(r, 0)));
    },
    page: async (orgId, q) => {
      const params: unknown[] = [];
      let sql = s.selectAccounts + where(orgId, q.filter, params);
      const p = (value: unknown) => (params.push(value), s.p(params.length));
      if (q.afterId) sql += ` AND a.id > ${p(q.afterId)}`;
      sql += ` ORDER BY ${s.order[q.sort ?? 'id']} LIMIT ${p(q.limit)}`;
      if (q.offset) sql += ` OFFSET ${p(q.offset)}`;
      return (await arrays(sql, params)).map((r) => map.toAccount(s.accountRow(r, 0)));
    },
    count: async (orgId, filter) => {
      if (filter.enabled === undefined && !filter.nameContains && filter.groupId === undefined) {
        const [kept] = await arrays(`SELECT count FROM account_counts WHERE organization_id = ${s.p(1)}`, [orgId]);
        return kept ? Number(kept[0]) : 0;
      }
      const params: unknown[] = [];
      const rows = await query(`SELECT COUNT(*) AS n FROM service_accounts a${where(orgId, filter, params)}`, params);
      return Number(rows[0].n);
    },
    addToAccountCount: async (orgId, delta) => {
      await m.query(
        `INSERT INTO account_counts (organization_id, count) VALUES (${s.p(1)}, ${s.p(2)})
         ON CONFLICT (organization_id) DO UPDATE SET count = account_counts.count + excluded.count`,
        [orgId, delta],
      );
    },
    // NO KEY UPDATE: inserts that reference the organization (keys, audit events) take KEY SHARE on
    // its row, which this does not block; only other lockers wait.
    lockOrganization: async (id) => {
      if (s.pg) await query(`SELECT id FROM organizations WHERE id = ${s.p(1)} FOR NO KEY UPDATE`, [id]);
    },
    countUsableAdmins: async (orgId, now) => {
      const yes = s.pg ? 'true' : '1';
      const rows = await query(
        `SELECT COUNT(DISTINCT a.id) AS n FROM service_accounts a JOIN keys k ON k.service_account_id = a.id
         WHERE a.organization_id = ${s.p(1)} AND a.role = 'Admin' AND a.status = 'active'
           AND k.enabled = ${yes} AND k.read_only <> ${yes} AND k.revoked_at IS NULL
           AND (k.expires_at IS NULL OR k.expires_at > ${s.p(2)})`,
        [orgId, now],
      );
      return Number(rows[0].n);
    },
    insert: async (table, row) => {
      const columns = Object.keys(row);
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => s.p(i + 1)).join(', ')})`;
      await m.query(sql, Object.values(row));
    },
    insertMany: async (table, rows) => {
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT);
        const columns = Object.keys(chunk[0]);
        const values = chunk.map((_, r) => `(${columns.map((_, c) => s.p(r * columns.length + c + 1)).join(', ')})`);
        await m.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
          chunk.flatMap((row) => columns.map((c) => (row as Record<string, unknown>)[c])),
        );
      }
    },
    deleteExpired: async (table, before, limit) => {
      const sql =
        limit === undefined
          ? `DELETE FROM ${table} WHERE expires_at < ${s.p(1)}`
          : `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE expires_at < ${s.p(1)} LIMIT ${s.p(2)})`;
      // The structured result is the one that says how many rows went, on both engines.
      const runner = m.queryRunner ?? m.connection.createQueryRunner();
      try {
        return (await runner.query(sql, limit === undefined ? [before] : [before, limit], true)).affected ?? 0;
      } finally {
        if (!m.queryRunner) await runner.release();
      }
    },
  };
}
