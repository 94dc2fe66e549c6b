// The request_logs table: batch inserts for the recorder (src/http/request-log/), reads for the core's
// RequestLogReader, and the retention purge. Raw SQL through the store (so SQLite's one connection
// stays serialized and failures are translated like every other call). A batch is one transaction
// of multi-row INSERTs of fixed sizes (100, 10, 1 rows): three statements, prepared once, instead of
// one per batch size, which would also push the hot reads' statements out of SQLite's cache.
import type { EntityManager } from 'typeorm';
import type { Store } from '../core/ports';
import type { RequestLog, RequestLogPageQuery, RequestLogReader } from '../core/request-logs';
import { managerOf } from './repositories';

const COLUMNS = [
  'id',
  'organization_id',
  'service_account_id',
  'key_id',
  'token_id',
  'dialect',
  'route',
  'method',
  'path',
  'raw_query',
  'request_id',
  'client_ip',
  'user_agent',
  'requested_at',
  'responded_at',
  'duration_us',
  'status',
  'content_length',
  'request_headers',
  'request_body',
  'response_headers',
  'response_body',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Record<Column, unknown>;

/** Rows per INSERT, largest first (100 × 22 parameters: far below either engine's limit). */
const CHUNKS = [100, 10, 1];
const inserts = new Map<string, string>();

function insertOf(rows: number, pg: boolean): string {
  const key = `${pg}:${rows}`;
  let sql = inserts.get(key);
  if (!sql) {
    let n = 0;
    const row = () => `(${COLUMNS.map(() => (pg ? `$${++n}` : '?')).join(', ')})`;
    sql = `INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, row).join(', ')}`;
    inserts.set(key, sql);
  }
  return sql;
}

const valuesOf = (l: RequestLog): unknown[] => [
  l.id,
  l.organizationId,
  l.serviceAccountId,
  l.keyId,
  l.tokenId,
  l.dialect,
  l.route,
  l.method,
  l.path,
  l.rawQuery,
  l.requestId,
  l.clientIp,
  l.userAgent,
  l.requestedAt,
  l.respondedAt,
  l.durationUs,
  l.status,
  l.contentLength,
  JSON.stringify(l.requestHeaders),
  l.requestBody,
  JSON.stringify(l.responseHeaders),
  l.responseBody,
];

const toLog = (r: Row): RequestLog => ({
  id: String(r.id),
  organizationId: String(r.organization_id),
  serviceAccountId: String(r.service_account_id),
  keyId: (r.key_id as string | null) ?? null,
  tokenId: (r.token_id as string | null) ?? null,
  dialect: String(r.dialect),
  route: (r.route as string | null) ?? null,
  method: String(r.method),
  path: String(r.path),
  rawQuery: String(r.raw_query),
  requestId: String(r.request_id),
  clientIp: (r.client_ip as string | null) ?? null,
  userAgent: (r.user_agent as string | null) ?? null,
  requestedAt: String(r.requested_at),
  respondedAt: String(r.responded_at),
  durationUs: Number(r.duration_us),
  status: Number(r.status),
  contentLength: Number(r.content_length),
  requestHeaders: JSON.parse(String(r.request_headers)) as RequestLog['requestHeaders'],
  requestBody: String(r.request_body),
  responseHeaders: JSON.parse(String(r.response_headers)) as RequestLog['responseHeaders'],
  responseBody: String(r.response_body),
});

function placeholders(m: EntityManager): (n: number) => string {
  return m.connection.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

/** Rows a DELETE … RETURNING took: TypeORM gives [rows, rowCount] from pg, the rows from SQLite. */
function deletedRows(raw: unknown): number {
  if (!Array.isArray(raw)) return 0;
  return Array.isArray(raw[0]) ? Number(raw[1] ?? 0) : raw.length;
}

export class RequestLogTable implements RequestLogReader {
  constructor(private readonly store: Store) {}

  async insert(logs: RequestLog[]): Promise<void> {
    if (!logs.length) return;
    await this.store.transaction(async (repos) => {
      const m = managerOf(repos);
      const pg = m.connection.options.type === 'postgres';
      for (let i = 0; i < logs.length;) {
        const rows = CHUNKS.find((size) => size <= logs.length - i)!;
        await m.query(insertOf(rows, pg), logs.slice(i, i + rows).flatMap(valuesOf));
        i += rows;
      }
    });
  }

  page(orgId: string, accountId: string, q: RequestLogPageQuery): Promise<RequestLog[]> {
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const p = placeholders(m);
      const params: unknown[] = [orgId, accountId];
      const bind = (v: unknown) => (params.push(v), p(params.length));
      let sql = `SELECT ${COLUMNS.join(', ')} FROM request_logs WHERE organization_id = ${p(1)} AND service_account_id = ${p(2)}`;
      if (q.filter?.status) sql += ` AND status >= ${bind(q.filter.status.from)} AND status <= ${bind(q.filter.status.to)}`;
      if (q.filter?.method) sql += ` AND method = ${bind(q.filter.method)}`;
      sql += ` ORDER BY id DESC LIMIT ${bind(q.limit)}`;
      if (q.offset) sql += ` OFFSET ${bind(q.offset)}`;
      return ((await m.query(sql, params)) as Row[]).map(toLog);
    });
  }

  get(orgId: string, accountId: string, id: string): Promise<RequestLog | null> {
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const p = placeholders(m);
      const rows = (await m.query(
        `SELECT ${COLUMNS.join(', ')} FROM request_logs WHERE organization_id = ${p(1)} AND service_account_id = ${p(2)} AND id = ${p(3)}`,
        [orgId, accountId, id],
      )) as Row[];
      return rows.length ? toLog(rows[0]) : null;
    });
  }

  /** Deletes at most `limit` logs made before `before`; how many went. */
  purgeBefore(before: string, limit: number): Promise<number> {
    return this.store.run(async (repos) => {
      const m = managerOf(repos);
      const p = placeholders(m);
      return deletedRows(
        await m.query(
          `DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE requested_at < ${p(1)} LIMIT ${p(2)}) RETURNING id`,
          [before, limit],
        ),
      );
    });
  }
}
