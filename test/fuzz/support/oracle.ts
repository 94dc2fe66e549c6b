// What must hold for every fuzzed request, whatever it was: no 5xx; a 4xx in the dialect's own
// error shape that changed nothing stored; no stack trace; no secret outside the response that
// creates it; bad credentials never succeed; and the response is what the OpenAPI document says.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { assertJsonApiDocument } from '../../support/jsonapi';
import { checkAgainstOpenApi } from '../../support/openapi-check';
import { isGarbageAuth, type RequestSpec } from './request-arbitraries';
import { apiOf, type DialectName } from './routes';
import type { WireRequest, WireResponse } from './wire';
import type { Snapshot } from './world';

export interface Exchange {
  spec: RequestSpec;
  wire: WireRequest;
  res: WireResponse;
  before: Snapshot;
  after: Snapshot;
  /** Secrets shown by earlier responses. */
  secrets: ReadonlySet<string>;
}

const SECRET = /iam(?:g|gt)_[A-Za-z0-9_-]{43}[0-9a-f]{32}(?:[0-9A-Za-z]{6})?/g;
const STACK = /\bat (?:async )?[^\s()]*\s?\(?(?:\/|node:|file:)[^\s)]*:\d+:\d+|\.(?:ts|js|cjs|mjs):\d+:\d+|node_modules\//g;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TABLES = ['service_accounts', 'keys', 'workspaces', 'audit_events (count, newest)'];

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const errorValidators = new Map<DialectName, ValidateFunction>();

function errorValidator(dialect: 'v1' | 'v2'): ValidateFunction {
  let v = errorValidators.get(dialect);
  if (!v) errorValidators.set(dialect, (v = ajv.compile(apiOf(dialect).errorSchema)));
  return v;
}

function shapeProblems(dialect: DialectName, res: WireResponse): string[] {
  const out: string[] = [];
  const type = res.headers['content-type'] ?? '';
  const requestId = res.headers['x-request-id'];
  const body = res.body as Record<string, unknown> | undefined;
  // A replay is the first response as it was, request id and all.
  const replayed = res.headers['idempotent-replayed'] === 'true';
  if (!body) return [`the ${res.status} body is not JSON (Content-Type ${type || 'none'})`];
  if (dialect === 'v3') {
    if (type !== 'application/vnd.api+json') out.push(`Content-Type is ${type}, not application/vnd.api+json`);
    try {
      assertJsonApiDocument(body);
    } catch (err) {
      out.push(`not a JSON:API error document: ${(err as Error).message.split('\n')[0]}`);
    }
    const errors = body.errors as { status?: string }[] | undefined;
    if (!Array.isArray(errors) || !errors.length) out.push('no errors array');
    else if (errors.some((e) => e.status !== String(res.status))) out.push('an error object does not carry the response status');
    if ('data' in body) out.push('an error document with data');
    if ((body.meta as { request_id?: unknown } | undefined)?.request_id !== requestId && !replayed)
      out.push('meta.request_id is not the X-Request-Id');
    return out;
  }
  const expected = dialect === 'v1' ? 'application/json' : 'application/problem+json';
  if (!type.startsWith(expected)) out.push(`Content-Type is ${type}, not ${expected}`);
  const validate = errorValidator(dialect);
  if (!validate(body)) out.push(`not a ${dialect} error: ${ajv.errorsText(validate.errors)}`);
  if ((dialect === 'v1' ? body.code : body.status) !== res.status) out.push('the body does not carry the response status');
  if (body.requestId !== requestId && !replayed) out.push('requestId is not the X-Request-Id');
  return out;
}

/** Every v3 answer is a JSON:API document with its media type (express's own OPTIONS reply aside). */
function jsonApiSuccessProblems(spec: RequestSpec, res: WireResponse): string[] {
  if (spec.route.dialect !== 'v3' || res.status >= 400 || res.status === 204) return [];
  if (res.headers['content-type'] !== 'application/vnd.api+json')
    return [`Content-Type is ${res.headers['content-type']}, not application/vnd.api+json`];
  try {
    assertJsonApiDocument(res.body);
    return [];
  } catch (err) {
    return [`not a JSON:API document: ${(err as Error).message.split('\n')[0]}`];
  }
}

function changedTables(before: Snapshot, after: Snapshot): string[] {
  const a = JSON.parse(before.text) as unknown[];
  const b = JSON.parse(after.text) as unknown[];
  return TABLES.filter((_, i) => JSON.stringify(a[i]) !== JSON.stringify(b[i]));
}

function requestText(wire: WireRequest): string {
  return [wire.path, ...wire.headers.map(([k, v]) => `${k}: ${v}`), wire.body?.toString('utf8') ?? ''].join('\n');
}

/** Matches of `pattern` in the response that the request did not itself carry (echoing input is no leak). */
function foreign(pattern: RegExp, responseText: string, sent: string): string[] {
  return [...responseText.matchAll(pattern)].map((m) => m[0]).filter((m) => !sent.includes(m));
}

export function problemsOf(x: Exchange): string[] {
  const { spec, wire, res } = x;
  const out: string[] = [];
  const isError = res.status >= 400;
  if (res.status >= 500) out.push(`a ${res.status}`);
  if (wire.method !== 'OPTIONS') out.push(...jsonApiSuccessProblems(spec, res));
  if (isError) {
    out.push(...shapeProblems(spec.route.dialect, res));
    const changed = changedTables(x.before, x.after);
    if (changed.length) out.push(`a refused request changed ${changed.join(', ')}`);
  }
  const sent = requestText(wire);
  const seen = `${JSON.stringify(res.headers)}\n${res.text}`;
  const traces = foreign(STACK, seen, sent);
  if (traces.length) out.push(`a stack trace or source path: ${traces[0]}`);
  if (isError || wire.method !== 'POST') {
    const leaked = foreign(SECRET, seen, sent);
    for (const s of x.secrets) if (seen.includes(s.slice(12, 40)) && !sent.includes(s.slice(12, 40))) leaked.push(`${s.slice(0, 12)}…`);
    if (leaked.length) out.push(`a secret outside its creation response: ${leaked[0].slice(0, 16)}…`);
  }
  if (isGarbageAuth(spec.auth) && res.status < 300) out.push(`bad credentials (${spec.auth.kind}) got a ${res.status}`);
  if (spec.auth.kind === 'reader' && WRITES.has(wire.method) && res.status < 300)
    out.push(`a read-only caller's ${wire.method} got a ${res.status}`);
  if (!res.headers['x-request-id']) out.push('no X-Request-Id');
  try {
    checkAgainstOpenApi(wire.method, wire.path, { status: res.status, text: res.text, body: res.body } as Response);
  } catch (err) {
    out.push((err as Error).message.split('\n')[0]);
  }
  return out;
}

/** The request and response, short enough to read in a failure message. */
export function describeExchange(x: Pick<Exchange, 'spec' | 'wire' | 'res'>): string {
  const { spec, wire, res } = x;
  const headers = wire.headers.map(([k, v]) => (k === 'Authorization' ? `${k}: <${spec.auth.kind}>` : `${k}: ${v.slice(0, 120)}`));
  return [
    `${wire.method} ${wire.path.slice(0, 400)}`,
    ...headers,
    wire.body ? `body (${wire.body.length} bytes): ${wire.body.toString('utf8').slice(0, 400)}` : 'no body',
    `→ ${res.status} ${res.headers['content-type'] ?? ''}: ${res.text.slice(0, 600)}`,
  ].join('\n  ');
}
