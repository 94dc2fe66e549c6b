// Turns a symbolic request into bytes on the wire, against what the database holds right now:
// "target 3" becomes an account that exists, "truncated" a real secret cut short.
import type { AuthChoice, BodyChoice, IdChoice, RequestSpec } from './request-arbitraries';
import { paramKind, paramsOf } from './routes';
import { encodeComponent, headerSafe, targetSafe, type WireRequest } from './wire';
import type { FuzzWorld } from './world';
import { define, Raw, RawObject, toJsonText } from './wire-json';

export interface Resolved {
  wire: WireRequest;
  /** The account the path names, when it is one of the targets. */
  accountId?: string;
}

const MEDIA_TYPE = { v1: 'application/json', v2: 'application/json', v3: 'application/vnd.api+json' } as const;

const basicOf = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/** One character changed to another of the same alphabet. */
function flip(secret: string, at: number, from: number): string {
  const i = from + (at % (secret.length - from));
  return secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
}

function authorization(auth: AuthChoice, w: FuzzWorld): string | undefined {
  const fx = w.fx;
  const salt = 'salt' in auth ? headerSafe(auth.salt) : '';
  const at = 'at' in auth ? auth.at : 0;
  switch (auth.kind) {
    case 'admin-bearer':
      return `Bearer ${fx.adminSecret}`;
    case 'admin-bearer-lowercase':
      return `bearer   ${fx.adminSecret}`;
    case 'admin-basic':
      return basicOf(fx.adminClientId, fx.adminSecret);
    case 'admin-token':
      return `Bearer ${fx.accessToken}`;
    case 'reader':
      return `Bearer ${fx.readerSecret}`;
    case 'other-org':
      return `Bearer ${fx.otherSecret}`;
    case 'none':
      return undefined;
    case 'empty':
      return '';
    case 'scheme-only':
      return 'Bearer';
    case 'bearer-random':
      return `Bearer ${salt || 'x'}`;
    case 'truncated':
      return `Bearer ${fx.adminSecret.slice(0, at % fx.adminSecret.length)}`;
    case 'appended':
      return `Bearer ${fx.adminSecret}${salt.trim()[0] ?? 'x'}`;
    case 'flipped':
      return `Bearer ${flip(fx.adminSecret, at, 5)}`;
    case 'basic-wrong-client':
      return basicOf(fx.readerClientId, fx.adminSecret);
    case 'basic-no-client':
      return basicOf('', fx.adminSecret);
    case 'basic-no-secret':
      return basicOf(fx.adminClientId, '');
    case 'basic-garbage':
      return `Basic ${salt || '!!!'}`;
    case 'basic-bad-percent':
      return basicOf('%E0%A4%A', fx.adminSecret);
    case 'unknown-scheme':
      return `Token ${fx.adminSecret}`;
    case 'revoked':
      return `Bearer ${fx.revokedSecret}`;
    case 'disabled-account':
      return `Bearer ${fx.disabledSecret}`;
    case 'fake-token':
      return `Bearer iamgt_${'A'.repeat(43)}${'0123456789abcdef'.repeat(2)}`;
    case 'flipped-token':
      return `Bearer ${flip(fx.accessToken, at, 6)}`;
  }
}

function pickFrom<T>(items: T[], pick: number): T | undefined {
  return items.length ? items[pick % items.length] : undefined;
}

function resolveId(choice: IdChoice, kind: 'org' | 'account' | 'key', w: FuzzWorld, accountId: string | undefined): string {
  const fx = w.fx;
  switch (choice.kind) {
    case 'own':
      return fx.orgId;
    case 'foreign':
      return kind === 'org' ? fx.otherOrgId : kind === 'key' ? fx.foreignKeyId : fx.foreignAccountId;
    case 'random':
      return choice.uuid;
    case 'raw':
      return choice.text;
    case 'target': {
      if (kind === 'account') return pickFrom(w.targets(), choice.pick)?.id ?? fx.foreignAccountId;
      if (kind === 'key') return (pickFrom(w.keysOf(accountId), choice.pick) ?? pickFrom(w.keysOf(), choice.pick))?.id ?? fx.foreignKeyId;
      return fx.orgId;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof RawObject);
}

/** Points references in a body at things that exist, so valid bodies reach the core and succeed. */
function fixReferences(
  value: unknown,
  spec: RequestSpec,
  w: FuzzWorld,
  lastId: string | undefined,
  accountId: string | undefined,
): unknown {
  const walk = (v: unknown, parent: string | null): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, parent));
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      let next = walk(item, k);
      if (k === 'serviceAccountId' && typeof item === 'string') next = accountId ?? pickFrom(w.targets(), item.length)?.id ?? item;
      if (k === 'workspaceId' && typeof item === 'string') next = pickFrom(w.state.workspaces, item.length)?.id ?? item;
      if (parent === 'data' && k === 'type' && typeof item === 'string')
        next = /\/keys/.test(spec.route.template) ? 'service-account-keys' : 'service-accounts';
      if (parent === 'data' && k === 'id' && typeof item === 'string' && lastId !== undefined) next = lastId;
      define(out, k, next);
    }
    return out;
  };
  return walk(value, null);
}

function bodyBytes(
  body: BodyChoice,
  spec: RequestSpec,
  w: FuzzWorld,
  lastId: string | undefined,
  accountId: string | undefined,
): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'text':
      return Buffer.from(body.text, 'utf8');
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'json':
      return Buffer.from(toJsonText(body.fix ? fixReferences(body.value, spec, w, lastId, accountId) : body.value), 'utf8');
  }
}

export function resolve(spec: RequestSpec, w: FuzzWorld): Resolved {
  const { route } = spec;
  let accountId: string | undefined;
  let lastId: string | undefined;
  let path = route.template;
  for (const name of paramsOf(route.template)) {
    const kind = paramKind(route.template, name);
    const choice = spec.params[name];
    const id = resolveId(choice, kind, w, accountId);
    if (kind === 'account' && choice.kind === 'target') accountId = id;
    if (kind !== 'org') lastId = id;
    const encoded = choice.kind === 'raw' && !choice.encode ? targetSafe(id) : encodeComponent(id);
    path = path.replace(`{${name}}`, encoded);
  }
  const query = spec.query
    .map((p) => {
      const enc = p.encode ? encodeComponent : targetSafe;
      return `${enc(p.name)}=${enc(p.value)}`;
    })
    .join('&');

  const headers: [string, string][] = [];
  const auth = authorization(spec.auth, w);
  if (auth !== undefined) headers.push(['Authorization', auth]);
  const contentType = spec.contentType === 'auto' ? MEDIA_TYPE[route.dialect] : spec.contentType;
  if (contentType !== null) headers.push(['Content-Type', headerSafe(contentType)]);
  if (spec.accept !== null) headers.push(['Accept', headerSafe(spec.accept)]);
  if (spec.ifMatch !== null) {
    const version = w.state.accounts.find((a) => a.id === accountId)?.version ?? 1;
    headers.push(['If-Match', spec.ifMatch === 'current' ? `"${version}"` : headerSafe(spec.ifMatch)]);
  }
  if (spec.idempotencyKey !== null) headers.push(['Idempotency-Key', headerSafe(spec.idempotencyKey)]);
  if (spec.requestId !== null) headers.push(['X-Request-Id', headerSafe(spec.requestId)]);
  if (spec.orgHeader !== null) {
    headers.push([
      'X-Org-ID',
      spec.orgHeader === 'own' ? w.fx.orgId.toUpperCase() : spec.orgHeader === 'other' ? w.fx.otherOrgId : 'garbage',
    ]);
  }
  return {
    wire: { method: spec.method, path: query ? `${path}?${query}` : path, headers, body: bodyBytes(spec.body, spec, w, lastId, accountId) },
    accountId,
  };
}
