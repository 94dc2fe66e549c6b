// Request logs: every request a service account made, as src/http/request-log/ recorded it (secrets
// already redacted). The core only reads them, through a port of their own: no use case writes one,
// and the recorder writes in batches outside any request.
import { requireCapability, type Principal } from './authorization';
import type { CoreDeps } from './deps';
import { notFound } from './errors';
import { getAccountOr404, isUuidShaped } from './views';

export type HeaderMap = Record<string, string[]>;

export interface RequestLog {
  /** UUID v7: logs sort by id in the order they were made. */
  id: string;
  organizationId: string;
  /** The account that made the request (the actor). */
  serviceAccountId: string;
  keyId: string | null;
  tokenId: string | null;
  /** v1, v2, v3, oauth2 or forward-auth. */
  dialect: string;
  /** The route pattern (`/v3/orgs/:orgId/iam/service-accounts/:id`), for usage by route; null when none matched. */
  route: string | null;
  method: string;
  path: string;
  rawQuery: string;
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
  requestedAt: string;
  respondedAt: string;
  durationUs: number;
  status: number;
  contentLength: number;
  requestHeaders: HeaderMap;
  requestBody: string;
  responseHeaders: HeaderMap;
  responseBody: string;
}

export interface RequestLogFilter {
  status?: { from: number; to: number };
  method?: string;
}

export interface RequestLogPageQuery {
  limit: number;
  offset: number;
  filter?: RequestLogFilter;
}

/** The read side of the request-log table (src/store/request-log-table.ts). */
export interface RequestLogReader {
  /** An account's logs, newest first. */
  page(orgId: string, accountId: string, q: RequestLogPageQuery): Promise<RequestLog[]>;
  get(orgId: string, accountId: string, id: string): Promise<RequestLog | null>;
}

/** A page of the requests an account made, newest first; its account must be in the caller's organization. */
export async function listRequestLogs(
  deps: CoreDeps,
  p: Principal,
  accountId: string,
  q: RequestLogPageQuery,
): Promise<{ items: RequestLog[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  const account = await deps.store.run((repos) => getAccountOr404(repos, p.organizationId, accountId));
  if (!deps.requestLogs) return { items: [], hasMore: false };
  const rows = await deps.requestLogs.page(p.organizationId, account.id, { ...q, limit: q.limit + 1 });
  return { items: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
}

export async function getRequestLog(deps: CoreDeps, p: Principal, accountId: string, id: string): Promise<RequestLog> {
  requireCapability(p, 'read');
  const account = await deps.store.run((repos) => getAccountOr404(repos, p.organizationId, accountId));
  const log = isUuidShaped(id) && deps.requestLogs ? await deps.requestLogs.get(p.organizationId, account.id, id.toLowerCase()) : null;
  if (!log) throw notFound('Log');
  return log;
}
