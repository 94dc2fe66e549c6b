// A request as captured when its response finished (references, nothing serialized yet), and the
// stored log it becomes at flush time: redaction, truncation and JSON happen there, in the batch,
// not in the request.
import type { OutgoingHttpHeaders } from 'node:http';
import type { Principal } from '../../core/authorization';
import type { RequestLog } from '../../core/request-logs';
import { redactedForm, redactedJson, redactJsonText, redactQuery, redactText } from '../../observability/redaction';
import { requestHeaderMap, responseHeaderMap } from './headers';

/** Each body is kept to 4 KiB in the log (Ctrl-Hub's limit). */
export const BODY_LOG_BYTES = 4 * 1024;
/** Captured from a response before redaction: a secret that starts within 4 KiB ends within this. */
export const BODY_CAPTURE_BYTES = 8 * 1024;

export interface CapturedRequest {
  principal: Principal;
  dialect: string;
  route: string | null;
  method: string;
  /** req.originalUrl: path and query as the client sent them. */
  url: string;
  rawHeaders: string[];
  /** The parsed body (JSON or form), undefined when there was none. */
  body: unknown;
  form: boolean;
  contentLength: number;
  status: number;
  responseHeaders: OutgoingHttpHeaders;
  responseChunks: Buffer[];
  requestedAt: string;
  respondedAt: string;
  durationUs: number;
  requestId: string;
  clientIp: string;
  userAgent: string | null;
}

/** PostgreSQL text cannot hold U+0000; a log keeps the rest. */
const clean = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

function cut(text: string, bytes: number): string {
  if (text.length * 3 <= bytes || Buffer.byteLength(text) <= bytes) return text;
  return Buffer.from(text).subarray(0, bytes).toString('utf8');
}

function requestBodyText(c: CapturedRequest): string {
  if (c.body === undefined || c.body === null) return '';
  if (c.form && typeof c.body === 'object') return redactedForm(c.body as Record<string, unknown>);
  return redactedJson(c.body);
}

function responseBodyText(chunks: Buffer[]): string {
  if (!chunks.length) return '';
  const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
  return redactJsonText(text);
}

export function toRequestLog(id: string, c: CapturedRequest): RequestLog {
  const q = c.url.indexOf('?');
  const path = q < 0 ? c.url : c.url.slice(0, q);
  const rawQuery = q < 0 ? '' : c.url.slice(q + 1);
  return {
    id,
    organizationId: c.principal.organizationId,
    serviceAccountId: c.principal.accountId,
    keyId: c.principal.keyId ?? null,
    tokenId: c.principal.tokenId ?? null,
    dialect: c.dialect.slice(0, 20),
    route: c.route ? c.route.slice(0, 300) : null,
    method: c.method.slice(0, 10),
    path: clean(cut(redactText(path), 2048)),
    rawQuery: clean(cut(redactQuery(rawQuery), BODY_LOG_BYTES)),
    requestId: c.requestId.slice(0, 128),
    clientIp: c.clientIp.slice(0, 64),
    userAgent: c.userAgent === null ? null : clean(redactText(c.userAgent)).slice(0, 512),
    requestedAt: c.requestedAt,
    respondedAt: c.respondedAt,
    durationUs: c.durationUs,
    status: c.status,
    contentLength: c.contentLength,
    requestHeaders: requestHeaderMap(c.rawHeaders),
    requestBody: clean(cut(requestBodyText(c), BODY_LOG_BYTES)),
    responseHeaders: responseHeaderMap(c.responseHeaders),
    responseBody: clean(cut(responseBodyText(c.responseChunks), BODY_LOG_BYTES)),
  };
}
