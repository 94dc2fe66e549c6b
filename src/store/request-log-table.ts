// The request_logs table: batch inserts for the recorder (src/http/request-log/), reads for the core's
// RequestLogReader, and the retention purge. Raw SQL through the store (so SQLite's one connection
// stays serialized and failures are translated like every other call). A batch is one multi-row
// INSERT: a single statement is atomic on both engines without a BEGIN/COMMIT of its own.
import type { EntityManager } from 'typeorm';
import type { Store } from '../core/ports';
import type { RequestLog, RequestLogPageQuery, RequestLogReader } from '../core/request-logs';
import { managerOf } from './repositories';

const COLUMNS = [
  'id', 'organization_id', 'service_account_id', 'key_id', 'token_id', 'dialect', 'route', 'method', 'path', 'raw_query',
  'request_id', 'client_ip', 'user_agent', 'requested_at', 'responded_at', 'duration_us', 'status', 'content_length',
  'request_headers', 'request_body', 'response_headers', 'response_body',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Record<Column, unknown>;

/** Far below SQLite's 32766 and PostgreSQL's 65535 bind parameters per statement. */
const ROWS_PER_STATEMENT = 500;

const valuesOf = (l: RequestLog): unknown[] => [
  l.id, l.organizationId, l.serviceAccountId, l.keyId, l.tokenId, l.dialect, l.route, l.method, l.path, l.rawQuery,
  l.requestId, l.clientIp, l.userAgent, l.requestedAt, l.respondedAt, l.durationUs, l.status, l.contentLength,
  JSON.stringify(l.requestHeaders), l.requestBody, JSON.stringify(l.responseHeaders), l.responseBody,
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
    for (let i = 0; i < logs.length; i += ROWS_PER_STATEMENT) {
      const chunk = logs.slice(i, i + ROWS_PER_STATEMENT);
      await this.store.run(async (repos) => {
        const m = managerOf(repos);
        const p = placeholders(m);
        const params: unknown[] = [];
        const rows = chunk.map((l) => `(${valuesOf(l).map((v) => (params.push(v), p(params.length))).join(', ')})`);
        await m.query(`INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, params);
      });
    }
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
      return deletedRows(await m.query(
        `DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE requested_at < ${p(1)} LIMIT ${p(2)}) RETURNING id`,
        [before, limit],
      ));
    });
  }
}
