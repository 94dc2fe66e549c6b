// What a request log may not keep: credentials in headers, secret-named values in JSON and form
// bodies and query strings, and anything shaped like one of our secrets or tokens wherever it appears
// (a secret pasted into a path, a header or a field of any name). Every replacement is "redacted".
import type { HeaderMap } from '../../core/request-logs';

export const REDACTED = 'redacted';

/** Headers whose every value is a credential or replays one. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-session-token',
  'cookie',
  'set-cookie',
  'idempotency-key',
  'x-api-key',
]);

/** Field and parameter names that hold a secret in some dialect (v1's api-key `key`, OAuth2's `token` …). */
const SECRET_NAMES = [
  'clientsecret',
  'client_secret',
  'key',
  'secret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'password',
  'api_key',
  'apikey',
];
const SECRET_NAME_SET = new Set(SECRET_NAMES);
const NAMES = SECRET_NAMES.join('|');

/** Key secrets (`iamg_…`) and access tokens (`iamgt_<claims>.<signature>`: the signature too), whole or cut short. */
const SECRET_SHAPE = /iamgt?_[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g;
/** JWT access tokens (TOKEN_FORMAT=jwt): header.payload[.signature], whole or cut short. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
/** `"client_secret": "…"` in JSON text; an unterminated string at the end (a cut body) counts too. */
const JSON_SECRET = new RegExp(`"(${NAMES})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*(?:"|$)`, 'gi');
/** `client_secret=…` in a query string or form body. */
const FORM_SECRET = new RegExp(`(^|&)(${NAMES})=[^&]*`, 'gi');

export function redactShapes(text: string): string {
  let out = text.includes('iamg') ? text.replace(SECRET_SHAPE, REDACTED) : text;
  if (out.includes('eyJ')) out = out.replace(JWT_SHAPE, REDACTED);
  return out;
}

export function redactJsonText(text: string): string {
  return redactShapes(text.replace(JSON_SECRET, `"$1"$2"${REDACTED}"`));
}

export function redactFormText(text: string): string {
  return redactShapes(text.replace(FORM_SECRET, `$1$2=${REDACTED}`));
}

/** A parsed JSON body as text, its secret-named string values replaced whatever their depth. */
export function redactedJson(body: unknown): string {
  const text = JSON.stringify(body, (name, value: unknown) =>
    typeof value === 'string' && SECRET_NAME_SET.has(name.toLowerCase()) ? REDACTED : value,
  );
  return redactShapes(text ?? '');
}

/** A parsed form body (express.urlencoded) as form text, secret-named values replaced. */
export function redactedForm(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) form.append(name, SECRET_NAME_SET.has(name.toLowerCase()) ? REDACTED : String(value));
  return redactShapes(form.toString());
}

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

/** Node's rawHeaders ([name, value, …]) as name → values, credentials redacted. */
export function requestHeaderMap(raw: string[]): HeaderMap {
  const out: HeaderMap = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    const name = canonicalName(lower);
    if (CREDENTIAL_HEADERS.has(lower)) out[name] = [REDACTED];
    else (out[name] ??= []).push(redactShapes(raw[i + 1]));
  }
  return out;
}

/** res.getHeaders() as name → values. */
export function responseHeaderMap(headers: Record<string, number | string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = {};
  for (const [lower, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = canonicalName(lower);
    out[name] = CREDENTIAL_HEADERS.has(lower) ? [REDACTED] : (Array.isArray(value) ? value : [String(value)]).map(redactShapes);
  }
  return out;
}
