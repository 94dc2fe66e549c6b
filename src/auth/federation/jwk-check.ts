// Whether a JWK a client gives a federated credential can verify the tokens the exchange accepts
// (issue 31): a public RSA (2048 bits or more), EC P-256 or OKP Ed25519 key, imported by jose.
import { importJWK, type JWK } from 'jose';
import type { KeyObject } from 'node:crypto';

/** The only signature algorithms the exchange accepts: never `none`, never HMAC. */
export const EXCHANGE_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

function algorithmOf(jwk: Record<string, unknown>): string | null {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return jwk.crv === 'P-256' ? 'ES256' : null;
  if (jwk.kty === 'OKP') return jwk.crv === 'Ed25519' ? 'EdDSA' : null;
  return null;
}

/** Why the key cannot verify exchanged tokens (said to the client), or null when it can. */
export async function jwkProblem(jwk: Record<string, unknown>): Promise<string | null> {
  if (!['RSA', 'EC', 'OKP'].includes(String(jwk.kty))) return 'must be an RSA, EC or OKP key (`kty`)';
  const alg = algorithmOf(jwk);
  if (!alg) return jwk.kty === 'EC' ? 'must be on the curve P-256 (ES256)' : 'must be on the curve Ed25519 (EdDSA)';
  if (jwk.alg !== undefined && jwk.alg !== alg) return `must be for ${alg} (its \`alg\` says ${String(jwk.alg)})`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'must be a signing key (`use`: "sig")';
  try {
    const key = (await importJWK(jwk as unknown as JWK, alg)) as KeyObject;
    if (key.type !== 'public') return 'must be a public key';
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (alg === 'RS256' && (bits ?? 0) < 2048) return 'must be an RSA key of 2048 bits or more';
  } catch (err) {
    return `is not a valid ${String(jwk.kty)} key (${err instanceof Error ? err.message : 'it cannot be imported'})`;
  }
  return null;
}
