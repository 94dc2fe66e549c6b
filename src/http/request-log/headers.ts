// Headers as request logs show them: names spelled as Ctrl-Hub shows them, values redacted
// (src/observability/redaction.ts).
import type { HeaderMap } from '../../core/request-logs';
import { redactHeader } from '../../observability/redaction';

/** Header names repeat from request to request: each is spelled once (a bounded cache). */
const canonical = new Map<string, string>();

/** `content-type` → `Content-Type`, as Ctrl-Hub shows header names. */
export function canonicalName(name: string): string {
  let spelled = canonical.get(name);
  if (spelled === undefined) {
    spelled = name
      .toLowerCase()
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('-');
    if (canonical.size < 1_000) canonical.set(name, spelled);
  }
  return spelled;
}

/** Node's rawHeaders ([name, value, …]) as name → values, redacted. */
export function requestHeaderMap(raw: string[]): HeaderMap {
  const out: HeaderMap = {};
  for (let i = 0; i + 1 < raw.length; i += 2) (out[canonicalName(raw[i])] ??= []).push(redactHeader(raw[i], raw[i + 1]));
  return out;
}

/** res.getHeaders() as name → values, redacted. */
export function responseHeaderMap(headers: Record<string, number | string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = {};
  for (const [lower, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[canonicalName(lower)] = (Array.isArray(value) ? value : [String(value)]).map((v) => redactHeader(lower, v));
  }
  return out;
}
