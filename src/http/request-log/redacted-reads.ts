// Logs are redacted before they are stored (entry.ts). Logs stored by an older release were redacted
// by older rules, which an encoded secret could pass (issue 25): every log read is redacted again by
// today's rules, so no answer shows what those missed. A page is at most 100 logs of 4 KiB bodies.
import type { HeaderMap, RequestLog, RequestLogReader } from '../../core/request-logs';
import { redactHeader, redactJsonText, redactQuery, redactText } from '../../observability/redaction';

const FORM = /^\s*application\/x-www-form-urlencoded/i;

function headers(map: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, values] of Object.entries(map)) out[name] = values.map((v) => redactHeader(name, v));
  return out;
}

function redactedAgain(log: RequestLog): RequestLog {
  const form = FORM.test(log.requestHeaders['Content-Type']?.[0] ?? '');
  return {
    ...log,
    path: redactText(log.path),
    rawQuery: redactQuery(log.rawQuery),
    userAgent: log.userAgent === null ? null : redactText(log.userAgent),
    requestHeaders: headers(log.requestHeaders),
    requestBody: form ? redactQuery(log.requestBody) : redactJsonText(log.requestBody),
    responseHeaders: headers(log.responseHeaders),
    responseBody: redactJsonText(log.responseBody),
  };
}

export function redactedReads(reader: RequestLogReader): RequestLogReader {
  return {
    page: async (orgId, accountId, q) => (await reader.page(orgId, accountId, q)).map(redactedAgain),
    get: async (orgId, accountId, id) => {
      const log = await reader.get(orgId, accountId, id);
      return log && redactedAgain(log);
    },
  };
}
