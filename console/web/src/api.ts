// The console's only way out: fetch to this origin's v2/v3 APIs and /oauth2. The session (the access
// token, or a key secret used as Bearer) lives in this module's memory and nowhere else: never in
// storage, the URL or a log, so a reload signs out.
import { useEffect, useState } from 'preact/hooks';
import type { Caller } from './grants';

export type Need = 'read' | 'write';

export interface Session {
  /** What goes after `Bearer `: an access token, or a key secret when signed in with one. */
  bearer: string;
  kind: 'token' | 'key';
  organizationId: string;
  accountId: string | null;
  accountName: string | null;
  clientId: string | null;
  /** What the credential can use, when the server says (token response, whoami). */
  scopes: string[] | null;
  /** The account's organizational role (whoami). */
  role: string | null;
  /** Whether the credential is limited to `scopes` (whoami); true when the server does not say. */
  capped: boolean;
  /** Epoch ms; null for a key secret (it lasts as long as the key). */
  expiresAt: number | null;
}

/** Shown on the sign-in page after a sign-out the operator did not ask for. */
export interface SignOutNotice {
  kind: 'expired' | 'refused' | 'signed-out';
  text: string;
}

let current: Session | null = null;
let notice: SignOutNotice | null = null;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function changed(): void {
  for (const l of listeners) l();
}

export function session(): Session | null {
  return current;
}

export function lastNotice(): SignOutNotice | null {
  return notice;
}

/** Re-renders the caller when the session starts or ends. */
export function useSession(): { session: Session | null; notice: SignOutNotice | null } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { session: current, notice };
}

export const NEED_SCOPE: Record<Need, string> = { read: 'service-accounts:read', write: 'service-accounts:write' };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** What the console tells the operator: the API's own words, with what they mean here. */
    message: string,
    /** The API's detail, verbatim. */
    readonly detail: string,
    readonly code: string | null,
    readonly requestId: string | null,
    /** What the API said of each field it named (v2 `errors`, v3 `source`, v1 `errors[].field`), by the field's path. */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }

  get conflict(): boolean {
    return this.status === 412;
  }
}

interface Problem {
  detail: string;
  code: string | null;
  requestId: string | null;
  title: string | null;
  fields: Record<string, string[]>;
}

/** v3's `source.pointer` (`/data/attributes/overlap_seconds`) or `source.parameter`, v1's `field`: the field's path. */
function fieldOf(e: Record<string, unknown>): string | null {
  if (typeof e.field === 'string' && e.field) return e.field;
  const source = e.source as { pointer?: unknown; parameter?: unknown } | undefined;
  if (typeof source?.parameter === 'string') return source.parameter;
  if (typeof source?.pointer !== 'string') return null;
  const parts = source.pointer.split('/').filter(Boolean);
  const at = parts.indexOf('attributes');
  return (at >= 0 ? parts.slice(at + 1) : parts.slice(1)).join('.') || null;
}

/** v2 problem documents, v3 JSON:API errors, OAuth2 errors: whichever came back. */
function readProblem(status: number, text: string, headers: Headers): Problem {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the status line says enough
  }
  const requestId = headers.get('x-request-id');
  const errors = Array.isArray(body.errors) ? (body.errors as Record<string, unknown>[]) : null;
  if (errors && errors.length) {
    const first = errors[0];
    const details = errors.map((e) => String(e.detail ?? e.title ?? e.message ?? '')).filter(Boolean);
    const fields: Record<string, string[]> = {};
    for (const e of errors) {
      const f = fieldOf(e);
      if (f) (fields[f] ??= []).push(String(e.detail ?? e.title ?? e.message ?? 'is not valid'));
    }
    return {
      detail: details.join(' ') || `HTTP ${status}`,
      code: (first.code as string) ?? null,
      requestId,
      title: (first.title as string) ?? null,
      fields,
    };
  }
  if (typeof body.error === 'string') {
    return { detail: String(body.error_description ?? body.error), code: body.error, requestId, title: null, fields: {} };
  }
  let detail = typeof body.detail === 'string' ? body.detail : `HTTP ${status}`;
  const fields: Record<string, string[]> = {};
  if (body.errors && typeof body.errors === 'object') {
    for (const [f, m] of Object.entries(body.errors as Record<string, unknown>)) fields[f] = ([] as unknown[]).concat(m).map(String);
    const listed = Object.entries(fields).map(([f, m]) => `${f}: ${m.join(', ')}`);
    if (listed.length) detail += ` (${listed.join('; ')})`;
  }
  return {
    detail,
    code: (body.code as string) ?? null,
    requestId: (body.requestId as string) ?? requestId,
    title: (body.title as string) ?? null,
    fields,
  };
}

function explain(status: number, p: Problem, need: Need, action: string): string {
  switch (status) {
    case 403:
      return (
        `Not allowed: your credential cannot ${action}. That needs ${NEED_SCOPE[need]}` +
        `${need === 'write' ? ' (or an Admin or UserAdmin account whose key is not narrowed to reading)' : ''}, and an account that holds at least what it manages. The API said: ${p.detail}`
      );
    case 412:
      return `Conflict: this account was changed after you loaded it, so your change was not saved and nothing was overwritten. Reload to see the current version, then try again. The API said: ${p.detail}`;
    case 404:
      return `Not found: ${p.detail}`;
    case 409:
      return `Refused: ${p.detail}`;
    case 429:
      return `Too many requests; wait a moment and try again. The API said: ${p.detail}`;
    default:
      return `Could not ${action} (HTTP ${status}${p.title ? ` ${p.title}` : ''}): ${p.detail}`;
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body; v3 paths send it as application/vnd.api+json. */
  body?: unknown;
  /** The ETag the change is based on, sent as If-Match. */
  ifMatch?: string | null;
  need?: Need;
  /** For messages: "disable this account". */
  action?: string;
  /** Answer null instead of throwing on 404 (endpoints a server may not have yet). */
  optional?: boolean;
}

export interface Reply<T> {
  body: T;
  etag: string | null;
  status: number;
}

function isV3(path: string): boolean {
  return path.startsWith('/v3/');
}

/** Only this origin: links the API returns are followed only when they point here. */
export function sameOriginPath(url: string): string | null {
  try {
    const u = new URL(url, location.origin);
    return u.origin === location.origin ? u.pathname + u.search : null;
  } catch {
    return null;
  }
}

export async function call<T>(path: string, options: CallOptions & { optional: true }): Promise<Reply<T> | null>;
export async function call<T>(path: string, options?: CallOptions): Promise<Reply<T>>;
export async function call<T>(path: string, o: CallOptions = {}): Promise<Reply<T> | null> {
  const s = current;
  if (!s) throw new ApiError(401, 'You are signed out.', 'signed out', null, null);
  if (s.expiresAt !== null && Date.now() >= s.expiresAt) {
    expire();
    throw new ApiError(401, 'Your session has expired.', 'expired', null, null);
  }
  const v3 = isV3(path);
  const media = v3 ? 'application/vnd.api+json' : 'application/json';
  const headers: Record<string, string> = { Authorization: `Bearer ${s.bearer}`, Accept: media };
  if (o.body !== undefined) headers['Content-Type'] = media;
  if (o.ifMatch) headers['If-Match'] = o.ifMatch;
  const res = await fetch(path, {
    method: o.method ?? 'GET',
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await res.text();
  if (res.ok) {
    return { body: (text ? JSON.parse(text) : null) as T, etag: res.headers.get('etag'), status: res.status };
  }
  if (res.status === 404 && o.optional) return null;
  const problem = readProblem(res.status, text, res.headers);
  if (res.status === 401 && current === s) {
    end({
      kind: 'refused',
      text: `The server no longer accepts your credential (${problem.detail}). It may have expired, or its key or account may have been revoked or disabled. Sign in again.`,
    });
  }
  const need = o.need ?? ((o.method ?? 'GET') === 'GET' ? 'read' : 'write');
  throw new ApiError(
    res.status,
    explain(res.status, problem, need, o.action ?? (need === 'read' ? 'read this' : 'make this change')),
    problem.detail,
    problem.code,
    problem.requestId,
    problem.fields,
  );
}

/**
 * Public revocation (`POST /credentials/revoke`, issue 30): revokes the key whose secret this is and
 * records the reason `leaked`. Sent without the session's credential (holding the secret is the
 * right); the answer is 202 whatever was valid, so the caller reads the key again to see the outcome.
 */
export async function revokeLeakedSecret(secret: string): Promise<void> {
  const res = await fetch('/credentials/revoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: [secret] }),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  if (res.status === 202) return;
  const p = readProblem(res.status, await res.text(), res.headers);
  throw new ApiError(
    res.status,
    res.status === 429
      ? `Too many checks from here; wait a minute. The API said: ${p.detail}`
      : `Could not report the secret (HTTP ${res.status}): ${p.detail}`,
    p.detail,
    p.code,
    p.requestId,
  );
}

/** A form post to /oauth2 (token, introspect, revoke). */
async function oauth(path: string, fields: Record<string, string>, bearer?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const res = await fetch(path, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await res.text();
  if (!res.ok) {
    const p = readProblem(res.status, text, res.headers);
    const why =
      res.status === 401
        ? 'The client id or secret was not accepted'
        : res.status === 429
          ? 'Too many attempts; wait a minute'
          : `Sign-in failed (HTTP ${res.status})`;
    throw new ApiError(res.status, `${why}: ${p.detail}`, p.detail, p.code, p.requestId);
  }
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

interface WhoamiDocument {
  data: {
    id: string;
    attributes?: { name?: string };
    meta?: { organisation_id?: string; scopes?: string[]; role?: string; capped?: boolean };
  };
}

/**
 * Signs in with a client id and secret (exchanged for an access token) or with a bare key secret
 * (`iamg_…`, used as Bearer as it is). Nothing is kept but the Bearer value and what it says.
 */
export async function signIn(clientId: string, secret: string): Promise<void> {
  clientId = clientId.trim();
  secret = secret.trim();
  if (!secret) throw new ApiError(400, 'Enter a secret.', 'no secret', null, null);
  let next: Session;
  if (clientId) {
    const token = await oauth('/oauth2/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
    const bearer = String(token.access_token ?? '');
    const expiresIn = Number(token.expires_in ?? 0);
    const info = await oauth('/oauth2/introspect', { token: bearer }, bearer);
    if (info.active !== true) throw new ApiError(401, 'The server issued a token it does not recognise.', 'inactive', null, null);
    next = {
      bearer,
      kind: 'token',
      organizationId: String(info.organization_id),
      accountId: String(info.sub ?? '') || null,
      accountName: null,
      clientId,
      scopes: typeof token.scope === 'string' ? token.scope.split(' ').filter(Boolean) : null,
      role: null,
      capped: true,
      expiresAt: expiresIn > 0 ? Date.now() + expiresIn * 1000 : null,
    };
  } else {
    if (!secret.startsWith('iamg_')) {
      throw new ApiError(
        400,
        'Enter the client id with a client secret, or paste a key secret (it starts with iamg_).',
        'no client id',
        null,
        null,
      );
    }
    next = {
      bearer: secret,
      kind: 'key',
      organizationId: '',
      accountId: null,
      accountName: null,
      clientId: null,
      scopes: null,
      role: null,
      capped: true,
      expiresAt: null,
    };
  }
  start(next);
  try {
    await describeCaller(next);
  } catch (e) {
    if (current === next) end(null);
    throw e;
  }
  if (!next.organizationId) {
    end(null);
    throw new ApiError(
      403,
      'Signed in, but the credential cannot read service accounts, so the console cannot find its organization.',
      'no org',
      null,
      null,
    );
  }
  changed();
}

/** Fills in who the caller is: v3 whoami when the server has it, else what the sign-in learned. */
async function describeCaller(s: Session): Promise<void> {
  const who = await call<WhoamiDocument>('/v3/iam/whoami', { optional: true, action: 'read who you are' }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status !== 401) return null;
    throw e;
  });
  if (who?.body?.data) {
    const d = who.body.data;
    s.accountId = d.id;
    s.accountName = d.attributes?.name ?? null;
    if (d.meta?.organisation_id) s.organizationId = d.meta.organisation_id;
    if (Array.isArray(d.meta?.scopes)) s.scopes = d.meta.scopes;
    if (typeof d.meta?.role === 'string') s.role = d.meta.role;
    if (typeof d.meta?.capped === 'boolean') s.capped = d.meta.capped;
  }
  if (!s.organizationId) {
    // A key secret on a server without whoami: v2 accounts carry their organization as accountId.
    const page = await call<{ data: { accountId: string }[] }>('/api/v2/service-accounts?limit=1', { action: 'list service accounts' });
    s.organizationId = page.body.data[0]?.accountId ?? '';
  }
}

function start(s: Session): void {
  clearTimeout(expiryTimer);
  current = s;
  notice = null;
  if (s.expiresAt !== null) {
    // setTimeout holds at most 2^31-1 ms; a longer token is checked again before each call anyway.
    expiryTimer = setTimeout(expire, Math.min(Math.max(0, s.expiresAt - Date.now()), 2_147_483_647));
  }
}

function expire(): void {
  end({ kind: 'expired', text: 'Your session expired, so you were signed out. Sign in again to continue.' });
}

function end(n: SignOutNotice | null): void {
  clearTimeout(expiryTimer);
  current = null;
  notice = n;
  changed();
}

/** Signs out now; an access token is revoked on the server too (a key secret stays valid: it is the key). */
export async function signOut(): Promise<void> {
  const s = current;
  end({ kind: 'signed-out', text: 'You are signed out.' });
  if (s?.kind === 'token') await oauth('/oauth2/revoke', { token: s.bearer }, s.bearer).catch(() => undefined);
}

/**
 * The caller, for offering only what it may grant (grants.ts). Without whoami's answer it is taken as
 * the least it could be (a Member limited to its scopes): the console then offers less, never more.
 */
export function caller(): Caller {
  return { role: current?.role ?? 'Member', scopes: current?.scopes ?? [], capped: current?.capped ?? true };
}

/** The organization's IAM base path in v3. */
export function iam(): string {
  return `/v3/orgs/${encodeURIComponent(current?.organizationId ?? '')}/iam`;
}
