// Access tokens are signed, self-describing values, so issuing one writes nothing (issue 19). Both
// formats are compact JWS, made and checked by jose (issue 28):
// - opaque (default): `iamgt_` + a compact JWS signed with HS256 (header `alg`, `kid`). The prefix
//   keeps them recognisable to secret scanners; only iamgate holds the key, so only iamgate can
//   check them (or introspect them).
// - jwt (TOKEN_FORMAT=jwt): an RFC 9068 JWT access token (`typ: at+jwt`) signed with EdDSA
//   (Ed25519), which resource servers can verify offline against /.well-known/jwks.json.
// Both carry the key id, account, organization, scopes, expiry and token id. Each format has one
// algorithm, and a token is checked only with the key its `kid` names when that key has that
// algorithm. Opaque tokens of the releases before (no header) are read by legacy-opaque-token.ts
// until they have all expired. signing-keys.ts holds the keys, token-checker.ts remembers results.
import type { KeyObject } from 'node:crypto';
import { SignJWT, base64url, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { isLegacyOpaque, verifyLegacyOpaque } from './legacy-opaque-token';
import type { SigningAlg } from './token-store';

export const OPAQUE_PREFIX = 'iamgt_';
export type TokenFormat = 'opaque' | 'jwt';
/** Far longer than any token we make; longer values are refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The one algorithm of each format: what `algorithms` is pinned to, and what the named key must have. */
const ALG: Record<TokenFormat, SigningAlg> = { opaque: 'HS256', jwt: 'EdDSA' };
const JWT_TYP = 'at+jwt';

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

/** A key to sign with: its id (the header's `kid`), its algorithm, and the secret or private key. */
export interface Signer {
  kid: string;
  alg: SigningAlg;
  key: KeyObject;
}

/** The key a token's `kid` names, only when that key has algorithm `alg` and may still be used. */
export type KeyLookup = (kid: string, alg: SigningAlg) => Promise<KeyObject | null>;

/** What RFC 9068 asks of a JWT beyond our claims: who issued it, for whom, to which client. */
export interface JwtContext {
  issuer: string;
  audience: string;
  clientId: string;
}

export type TokenCheck = { claims: TokenClaims; kid: string } | { reason: string };
const INVALID = { reason: 'Invalid access token' } as const;
export const EXPIRED = { reason: 'The access token has expired' } as const;

export const isAccessToken = (value: string): boolean => value.startsWith(OPAQUE_PREFIX) || JWT_SHAPE.test(value);

/** The opaque format's claims (the names are those of the legacy format, so one reader serves both). */
function opaquePayload(claims: TokenClaims): JWTPayload {
  return {
    jti: claims.jti,
    key: claims.keyId,
    sub: claims.accountId,
    org: claims.orgId,
    scope: claims.scopes.join(' '),
    ...(claims.narrowed ? { nrw: 1 } : {}),
    iat: claims.iat,
    exp: claims.exp,
  };
}

const fromOpaque = (p: Record<string, unknown>) => claimsOf(p.jti, p.key, p.sub, p.org, p.scope, p.nrw === 1, p.iat, p.exp);
const fromJwt = (p: Record<string, unknown>) =>
  claimsOf(p.jti, p.key_id, p.sub, p.organization_id, p.scope, p.narrowed === true, p.iat, p.exp);

export async function signOpaque(claims: TokenClaims, signer: Signer): Promise<string> {
  if (signer.alg !== ALG.opaque) throw new Error(`opaque tokens are signed with ${ALG.opaque}, not ${signer.alg}`);
  const jws = await new SignJWT(opaquePayload(claims)).setProtectedHeader({ alg: signer.alg, kid: signer.kid }).sign(signer.key);
  return OPAQUE_PREFIX + jws;
}

export async function signJwt(claims: TokenClaims, signer: Signer, ctx: JwtContext): Promise<string> {
  if (signer.alg !== ALG.jwt) throw new Error(`JWT access tokens are signed with ${ALG.jwt}, not ${signer.alg}`);
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
  return new SignJWT(payload).setProtectedHeader({ alg: signer.alg, typ: JWT_TYP, kid: signer.kid }).sign(signer.key);
}

/** Checks a token of either format (or the legacy opaque one): its signature, then its expiry at `now`. */
export async function verifyToken(token: string, keys: KeyLookup, now: Date): Promise<TokenCheck> {
  if (token.length > MAX_TOKEN_LENGTH) return INVALID;
  if (token.startsWith(OPAQUE_PREFIX)) {
    if (isLegacyOpaque(token)) return verifiedLegacy(token, keys, now); // LEGACY: goes with legacy-opaque-token.ts
    return verifyJws(token.slice(OPAQUE_PREFIX.length), 'opaque', keys, now);
  }
  return JWT_SHAPE.test(token) ? verifyJws(token, 'jwt', keys, now) : INVALID;
}

async function verifyJws(jws: string, format: TokenFormat, keys: KeyLookup, now: Date): Promise<TokenCheck> {
  // jose 5 decodes base64url leniently (padding bits, stray characters): the signature must be
  // spelled canonically, so one signature has one spelling (and one cache entry, one token).
  if (!COMPACT_JWS.test(jws) || !canonical(jws.slice(jws.lastIndexOf('.') + 1))) return INVALID;
  const alg = ALG[format];
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return INVALID;
  }
  const key = typeof kid === 'string' ? await keys(kid, alg) : null;
  if (!key) return INVALID;
  try {
    const { payload } = await jwtVerify(jws, key, { algorithms: [alg], typ: format === 'jwt' ? JWT_TYP : undefined, currentDate: now });
    const claims = format === 'jwt' ? fromJwt(payload) : fromOpaque(payload);
    return claims ? { claims, kid: kid as string } : INVALID;
  } catch (err) {
    return err instanceof errors.JWTExpired ? EXPIRED : INVALID;
  }
}

/** LEGACY: an opaque token of the releases before issue 28; deleted with legacy-opaque-token.ts. */
async function verifiedLegacy(token: string, keys: KeyLookup, now: Date): Promise<TokenCheck> {
  const verified = await verifyLegacyOpaque(token, (kid) => keys(kid, ALG.opaque));
  const claims = verified && fromOpaque(verified.body);
  if (!verified || !claims) return INVALID;
  return claims.exp * 1000 <= now.getTime() ? EXPIRED : { claims, kid: verified.kid };
}

const canonical = (spelled: string) => base64url.encode(base64url.decode(spelled)) === spelled;

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
