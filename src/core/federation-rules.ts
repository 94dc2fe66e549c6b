// Federated credentials (issue 31): a service account's trust rules for OIDC tokens from outside
// (a GitHub Actions job, a Kubernetes pod). The model and its invariants, whatever dialect a rule
// came through; the exchange itself lives in src/auth/federation.
import type { FieldChecks } from './rules';
import { isWellFormed } from './rules';

/** A JSON Web Key Set (RFC 7517 §5) as a client gave it; its keys are checked by the FederationPolicy. */
export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

export interface FederatedCredential {
  id: string;
  organizationId: string;
  serviceAccountId: string;
  name: string;
  /** The token's `iss`, exactly; also where its keys are discovered when `jwks` is null. */
  issuer: string;
  /** The token's `sub`, exactly, or a prefix of it when it ends in `*`. */
  subject: string;
  /** The token's `aud` must hold one of these. */
  audiences: string[];
  /** Further claims the token must carry with exactly these values (`kubernetes.io.namespace` reaches into objects). */
  claims: Record<string, string>;
  /** The issuer's keys given inline (issuers nobody can reach); null: discovered from the issuer. */
  jwks: JsonWebKeySet | null;
  /** A token may be presented again (Kubernetes' projected tokens); else each `jti` is accepted once. */
  allowTokenReuse: boolean;
  /**
   * The key id the access tokens this rule mints carry: a new one on every change, so a change (or a
   * deletion) ends the tokens it minted on their next request.
   */
  tokenKeyId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What a client sets; on a change, an absent field stays as it is (`jwks: null` means: discover). */
export interface FederatedCredentialRequest {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  claims?: Record<string, string>;
  jwks?: JsonWebKeySet | null;
  allowTokenReuse?: boolean;
}

/** What the core needs from outside to check a rule: set up by the composition root from configuration and jose. */
export interface FederationPolicy {
  /** FEDERATION_HTTP_ISSUERS: issuers that may be plain http and reached at any address (tests, labs). */
  httpIssuers: ReadonlySet<string>;
  /** Why this JWK cannot verify tokens (said to the client), or null when it can. */
  jwkProblem(jwk: Record<string, unknown>): Promise<string | null>;
}

export const FEDERATION_LIMITS = {
  perAccount: 20,
  issuer: 500,
  subject: 500,
  audiences: 10,
  audience: 500,
  claims: 20,
  claimName: 200,
  claimValue: 500,
  jwksKeys: 20,
};

/** Dotted paths of at most 8 steps: `repository`, `kubernetes.io.namespace`. */
export const CLAIM_NAME_PATTERN = /^[A-Za-z0-9_:/-]+(?:\.[A-Za-z0-9_:/-]+){0,7}$/;

/** Checked by their own fields, never by `claims`. */
const REGISTERED_CLAIMS: Record<string, string> = {
  iss: 'issuer',
  sub: 'subject',
  aud: 'audiences',
  exp: 'the token lifetime checks',
  nbf: 'the token lifetime checks',
  iat: 'the token lifetime checks',
  jti: 'allowTokenReuse',
};

/** Private JWK members (RFC 7518 §6): a rule holds public keys only. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export function normalizeIssuer(raw: string, policy: FederationPolicy, checks: FieldChecks): string {
  const issuer = raw.trim();
  let url: URL | null = null;
  try {
    url = new URL(issuer);
  } catch {
    // reported below
  }
  if (!url || issuer.length > FEDERATION_LIMITS.issuer)
    checks.add('issuer', `must be an absolute URL of at most ${FEDERATION_LIMITS.issuer} characters`);
  else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.httpIssuers.has(issuer)))
    checks.add('issuer', 'must be an https URL (an http issuer only when FEDERATION_HTTP_ISSUERS lists it)');
  else if (url.username || url.password || url.search || url.hash || issuer.includes('#') || issuer.includes('?'))
    checks.add('issuer', 'must have no user name, password, query or fragment (OpenID Connect Discovery §3)');
  return issuer;
}

export function normalizeSubject(raw: string, checks: FieldChecks): string {
  if (raw.length < 1 || raw.length > FEDERATION_LIMITS.subject)
    checks.add('subject', `must be 1 to ${FEDERATION_LIMITS.subject} characters`);
  else if (!isWellFormed(raw)) checks.add('subject', 'must be well-formed Unicode (it holds a lone surrogate)');
  else if (raw.slice(0, -1).includes('*')) checks.add('subject', 'may hold `*` only as its last character (a prefix match)');
  else if (raw === '*') checks.add('subject', 'must name at least a prefix before `*`: a bare `*` would trust every subject of the issuer');
  return raw;
}

export function normalizeAudiences(raw: string[], checks: FieldChecks): string[] {
  const unique = [...new Set(raw)];
  if (unique.length < 1 || unique.length > FEDERATION_LIMITS.audiences)
    checks.add('audiences', `must hold 1 to ${FEDERATION_LIMITS.audiences} distinct values`);
  unique.forEach((a, i) => {
    if (a.length < 1 || a.length > FEDERATION_LIMITS.audience)
      checks.add(`audiences[${i}]`, `must be 1 to ${FEDERATION_LIMITS.audience} characters`);
    else if (!isWellFormed(a)) checks.add(`audiences[${i}]`, 'must be well-formed Unicode (it holds a lone surrogate)');
  });
  return unique;
}

export function normalizeClaims(raw: Record<string, string>, checks: FieldChecks): Record<string, string> {
  const entries = Object.entries(raw);
  if (entries.length > FEDERATION_LIMITS.claims) checks.add('claims', `must hold at most ${FEDERATION_LIMITS.claims} claims`);
  for (const [name, value] of entries) {
    if (name.length > FEDERATION_LIMITS.claimName || !CLAIM_NAME_PATTERN.test(name))
      checks.add(`claims.${name}`, 'is not a claim name (letters, digits, `_:/-`, dotted into objects: `kubernetes.io.namespace`)');
    else if (Object.hasOwn(REGISTERED_CLAIMS, name))
      checks.add(`claims.${name}`, `is checked by ${REGISTERED_CLAIMS[name]}, not by claims`);
    if (typeof value !== 'string' || value.length < 1 || value.length > FEDERATION_LIMITS.claimValue)
      checks.add(`claims.${name}`, `must be a string of 1 to ${FEDERATION_LIMITS.claimValue} characters`);
    else if (!isWellFormed(value)) checks.add(`claims.${name}`, 'must be well-formed Unicode (it holds a lone surrogate)');
  }
  return Object.fromEntries(entries);
}

/** Public RSA, EC or OKP keys that can verify RS256, ES256 or EdDSA signatures, and nothing else. */
export async function normalizeJwks(
  raw: JsonWebKeySet | null,
  policy: FederationPolicy,
  checks: FieldChecks,
): Promise<JsonWebKeySet | null> {
  if (raw === null) return null;
  const keys = Array.isArray(raw.keys) ? raw.keys : [];
  if (keys.length < 1 || keys.length > FEDERATION_LIMITS.jwksKeys) {
    checks.add('jwks.keys', `must hold 1 to ${FEDERATION_LIMITS.jwksKeys} keys`);
    return raw;
  }
  for (const [i, jwk] of keys.entries()) {
    const secret = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
    const problem = secret.length ? `holds private members (${secret.join(', ')}): give only the public key` : await policy.jwkProblem(jwk);
    if (problem) checks.add(`jwks.keys[${i}]`, problem);
  }
  return { keys: keys.map((k) => ({ ...k })) };
}

/** What the audit log keeps of a rule: its fields, the inline keys by id only (they are long). */
export function auditedRule(c: FederatedCredential | null): Record<string, unknown> | null {
  if (!c) return null;
  return {
    name: c.name,
    issuer: c.issuer,
    subject: c.subject,
    audiences: c.audiences,
    claims: c.claims,
    jwks: c.jwks ? c.jwks.keys.map((k) => (typeof k.kid === 'string' ? k.kid : `${String(k.kty)} key`)) : 'discovered',
    // Not `allowTokenReuse`: audit values drop any field whose name mentions a token.
    reuse: c.allowTokenReuse ? 'allowed' : 'once per jti',
  };
}

export const AUDITED_RULE_FIELDS = ['name', 'issuer', 'subject', 'audiences', 'claims', 'jwks', 'reuse'] as const;
