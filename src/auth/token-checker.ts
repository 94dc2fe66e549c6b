// Is this one of our tokens, unexpired? The signature is checked once per token per process (by
// jose: async, and slower than the raw HMAC compare it replaced) and the claims remembered until
// the token expires, like verified secrets. What can change after issue — the key, the account,
// the deny list — is never cached: the authenticator reads it on every request.
import { hash } from 'node:crypto';
import type { Clock } from '../core/ports';
import { EXPIRED, verifyToken, type TokenCheck, type TokenClaims } from './token-format';
import type { SigningKeys } from './signing-keys';

export type { TokenCheck } from './token-format';

// A miss costs one signature check (an HMAC, or ~50 µs of Ed25519, through jose), not bcrypt: a
// small cache does, and a full one is resident memory (~0.6 KB an entry: a digest and the claims).
const MAX_ENTRIES = 2_000;

export class TokenChecker {
  /**
   * By the token's SHA-256, oldest first: a full cache drops its oldest entry (moving an entry on
   * each hit would cost more than the hit), an expired one is dropped when next asked for.
   */
  private readonly checked = new Map<string, { claims: TokenClaims; kid: string }>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  async check(token: string): Promise<TokenCheck> {
    const now = this.clock.now();
    const digest = hash('sha256', token, 'base64');
    const known = this.checked.get(digest);
    if (known && this.keys.has(known.kid)) {
      if (known.claims.exp * 1000 > now.getTime()) return known;
      this.checked.delete(digest);
      return EXPIRED;
    }
    const checked = await verifyToken(token, (kid, alg) => this.keys.verifier(kid, alg), now);
    if ('claims' in checked) {
      if (this.checked.size >= MAX_ENTRIES) this.checked.delete(this.checked.keys().next().value!);
      this.checked.set(digest, checked);
    }
    return checked;
  }
}
