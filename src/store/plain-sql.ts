// The hot paths as plain SQL on TypeORM's own connection (or transaction). Authentication runs
// one of these reads on every request, GET-by-id and list pages the others, and every token or
// account creation runs the inserts; TypeORM's query and insert builders cost several times what
// the database does for them (issue 7: a third of a GET-by-id's CPU; an insert through the
// builder ~700 µs against ~90 µs as plain SQL on SQLite). They read and write what the
// find/QueryBuilder/insert calls they replace did: the same rows in the same order, through the
// same mappers; errors are TypeORM's QueryFailedError with the driver's error, so unique
// violations are recognised as before. Column lists come from the entity metadata, so a column
// added to an entity is read here too. Statements are built once per data source (SQLite's driver
// keeps them prepared).
import type { DataSource, EntityManager, EntitySchema } from 'typeorm';
import type { AccountFilter, AccountPageQuery } from '../core/ports';
import type { Key, ServiceAccount } from '../core/model';
import { AccountEntity, KeyEntity, type AccountRow, type KeyRow } from './entities';
import * as map from './mappers';

const ORDER: Record<NonNullable<AccountPageQuery['sort']>, string> = {
  id: 'a.id ASC', '-id': 'a.id DESC', name: 'a.name_key ASC, a.id ASC', '-name': 'a.name_key DESC, a.id DESC',
};

type Row = Record<string, unknown>;

interface Statements {
  pg: boolean;
  /** The n-th (1-based) bind placeholder in this engine's syntax. */
  p: (n: number) => string;
  account: string;
  keyWithAccount: string;
  keyColumns: string[];
  accountColumns: string[];
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
  const prefixed = (alias: string, cols: string[]) => cols.map((c) => `${alias}.${c} AS ${alias}_${c}`).join(', ');
  s = {
    pg,
    p,
    accountColumns,
    keyColumns,
    selectAccounts: `SELECT ${list('a', accountColumns)} FROM service_accounts a`,
    selectKeys: `SELECT ${list('k', keyColumns)} FROM keys k`,
    account: `SELECT ${list('a', accountColumns)} FROM service_accounts a WHERE a.organization_id = ${p(1)} AND a.id = ${p(2)}`,
    keyWithAccount: `SELECT ${prefixed('k', keyColumns)}, ${prefixed('a', accountColumns)}
      FROM keys k JOIN service_accounts a ON a.id = k.service_account_id WHERE k.id = ${p(1)}`,
  };
  prepared.set(ds, s);
  return s;
}

function unprefix<T>(row: Row, alias: string, columns: string[]): T {
  const out: Row = {};
  for (const c of columns) out[c] = row[`${alias}_${c}`];
  return out as T;
}

export interface PlainSql {
  /** The n-th (1-based) bind placeholder in this engine's syntax, for SQL written elsewhere. */
  placeholder(n: number): string;
  account(orgId: string, id: string): Promise<ServiceAccount | null>;
  keyWithAccount(id: string): Promise<{ key: Key; account: ServiceAccount } | null>;
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
}

export function plainSql(m: EntityManager, escapeLike: (value: string) => string): PlainSql {
  const s = statements(m.connection);
  const query = (sql: string, params: unknown[]) => m.query(sql, params) as Promise<Row[]>;

  /** WHERE for an org's accounts under a filter; `params` receives the values. */
  const where = (orgId: string, filter: AccountFilter, params: unknown[]): string => {
    const p = (value: unknown) => (params.push(value), s.p(params.length));
    let sql = ` WHERE a.organization_id = ${p(orgId)}`;
    if (filter.enabled !== undefined) sql += ` AND a.status = ${p(filter.enabled ? 'active' : 'disabled')}`;
    if (filter.nameContains) sql += ` AND a.name_key LIKE ${p(`%${escapeLike(map.nameKey(filter.nameContains))}%`)} ESCAPE '\\'`;
    return sql;
  };

  return {
    placeholder: s.p,
    account: async (orgId, id) => {
      const rows = await query(s.account, [orgId, id]);
      return rows.length ? map.toAccount(rows[0] as unknown as AccountRow) : null;
    },
    keyWithAccount: async (id) => {
      const rows = await query(s.keyWithAccount, [id]);
      if (!rows.length) return null;
      return {
        key: map.toKey(unprefix<KeyRow>(rows[0], 'k', s.keyColumns)),
        account: map.toAccount(unprefix<AccountRow>(rows[0], 'a', s.accountColumns)),
      };
    },
    keysOfAccounts: async (orgId, accountIds) => {
      if (!accountIds.length) return [];
      const sql = `${s.selectKeys} WHERE k.organization_id = ${s.p(1)} AND k.service_account_id IN (${accountIds.map((_, i) => s.p(i + 2)).join(', ')}) ORDER BY k.id ASC`;
      return (await query(sql, [orgId, ...accountIds])).map((r) => map.toKey(r as unknown as KeyRow));
    },
    page: async (orgId, q) => {
      const params: unknown[] = [];
      let sql = s.selectAccounts + where(orgId, q.filter, params);
      const p = (value: unknown) => (params.push(value), s.p(params.length));
      if (q.afterId) sql += ` AND a.id > ${p(q.afterId)}`;
      sql += ` ORDER BY ${ORDER[q.sort ?? 'id']} LIMIT ${p(q.limit)}`;
      if (q.offset) sql += ` OFFSET ${p(q.offset)}`;
      return (await query(sql, params)).map((r) => map.toAccount(r as unknown as AccountRow));
    },
    count: async (orgId, filter) => {
      if (filter.enabled === undefined && !filter.nameContains) {
        const kept = await query(`SELECT count FROM account_counts WHERE organization_id = ${s.p(1)}`, [orgId]);
        return kept.length ? Number(kept[0].count) : 0;
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
  };
}
