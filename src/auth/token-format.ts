// Access tokens are signed, self-describing values, so issuing one writes nothing (issue 19):
// - opaque (default): `iamgt_` + base64url(JSON claims) + `.` + base64url(HMAC-SHA256). The prefix
//   keeps them recognisable to secret scanners; only iamgate can check them (or introspect them).
// - jwt (TOKEN_FORMAT=jwt): an RFC 9068 JWT access token (`typ: at+jwt`) signed with Ed25519, which
//   resource servers can verify offline against /.well-known/jwks.json.
// Both carry the key id, account, organization, scopes, expiry and token id. This module only
// encodes and takes apart; signing-keys.ts holds the keys, token-checker.ts decides.
import type { SigningAlg } from './token-store';

export const OPAQUE_PREFIX = 'iamgt_';
export type TokenFormat = 'opaque' | 'jwt';
/** Far longer than any token we make; longer values are refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;
const B64URL = /^[A-Za-z0-9_-]+$/;
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TokenClaims {
  /** Token id: what the deny list and idempotency records name. */
  jti: string;
  keyId: string;
  accountId: string;
  orgId: string;
  /** Usable scopes when issued; with `narrowed`, all the token may ever use. */
  scopes: string[];
  narrowed: boolean;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

export interface Signer {
  kid: string;
  alg: SigningAlg;
  sign(input: string): Buffer;
}

/** A token taken apart; nothing in it is trusted until the signature over `input` is checked. */
export interface ParsedToken {
  format: TokenFormat;
  kid: string;
  /** The algorithm the token says it was signed with (opaque tokens: always HS256). */
  alg: string;
  input: string;
  signature: Buffer;
  claims: TokenClaims;
}

/** What RFC 9068 asks of a JWT beyond our claims: who issued it, for whom, to which client. */
export interface JwtContext {
  issuer: string;
  audience: string;
  clientId: string;
}

export const isAccessToken = (value: string): boolean => value.startsWith(OPAQUE_PREFIX) || JWT_SHAPE.test(value);

const json64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function encodeOpaque(claims: TokenClaims, signer: Signer): string {
  const body = {
    kid: signer.kid,
    jti: claims.jti,
    key: claims.keyId,
    sub: claims.accountId,
    org: claims.orgId,
    scope: claims.scopes.join(' '),
    ...(claims.narrowed ? { nrw: 1 } : {}),
    iat: claims.iat,
    exp: claims.exp,
  };
  const input = OPAQUE_PREFIX + json64(body);
  return `${input}.${signer.sign(input).toString('base64url')}`;
}

export function encodeJwt(claims: TokenClaims, signer: Signer, ctx: JwtContext): string {
  const header = { alg: signer.alg, typ: 'at+jwt', kid: signer.kid };
  const payload = {
    iss: ctx.issuer,
    sub: claims.accountId,
    aud: ctx.audience,
    client_id: ctx.clientId,
    iat: claims.iat,
    exp: claims.exp,
    jti: claims.jti,
    scope: claims.scopes.join(' '),
    organization_id: claims.orgId,
    key_id: claims.keyId,
    ...(claims.narrowed ? { narrowed: true } : {}),
  };
  const input = `${json64(header)}.${json64(payload)}`;
  return `${input}.${signer.sign(input).toString('base64url')}`;
}

/** Takes a token apart (opaque or JWT), or null when it is not shaped like one of ours. */
export function parseToken(token: string): ParsedToken | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  if (token.startsWith(OPAQUE_PREFIX)) {
    const dot = token.lastIndexOf('.');
    if (dot < 0) return null;
    const body = decode(token.slice(OPAQUE_PREFIX.length, dot));
    const signature = signatureOf(token.slice(dot + 1));
    if (!body || !signature || typeof body.kid !== 'string') return null;
    const claims = claimsOf(body.jti, body.key, body.sub, body.org, body.scope, body.nrw === 1, body.iat, body.exp);
    return claims && { format: 'opaque', kid: body.kid, alg: 'HS256', input: token.slice(0, dot), signature, claims };
  }
  if (!JWT_SHAPE.test(token)) return null;
  const [h, p, s] = token.split('.');
  const header = decode(h);
  const body = decode(p);
  const signature = signatureOf(s);
  if (!header || !body || !signature || header.typ !== 'at+jwt' || typeof header.kid !== 'string' || typeof header.alg !== 'string')
    return null;
  const claims = claimsOf(body.jti, body.key_id, body.sub, body.organization_id, body.scope, body.narrowed === true, body.iat, body.exp);
  return claims && { format: 'jwt', kid: header.kid, alg: header.alg, input: `${h}.${p}`, signature, claims };
}

function decode(part: string): Record<string, unknown> | null {
  if (!B64URL.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The signature's bytes, from its canonical base64url only: the last character's low bits are
 * padding that decoding ignores, so `…A` and `…B` could otherwise both pass as one signature.
 */
function signatureOf(part: string): Buffer | null {
  if (!B64URL.test(part)) return null;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : null;
}

function claimsOf(
  jti: unknown,
  keyId: unknown,
  accountId: unknown,
  orgId: unknown,
  scope: unknown,
  narrowed: boolean,
  iat: unknown,
  exp: unknown,
): TokenClaims | null {
  const ids = [jti, keyId, accountId, orgId];
  if (!ids.every((id) => typeof id === 'string' && UUID.test(id))) return null;
  if (typeof scope !== 'string' || !Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  return {
    jti: jti as string,
    keyId: keyId as string,
    accountId: accountId as string,
    orgId: orgId as string,
    scopes: scope.split(' ').filter(Boolean),
    narrowed,
    iat: iat as number,
    exp: exp as number,
  };
}
