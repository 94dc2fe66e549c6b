// Is this one of our tokens, unexpired? The signature is checked once per token per process and
// the claims remembered, like verified secrets (an Ed25519 check costs ~50 µs). What can change
// after issue — the key, the account, the deny list — is never cached: the authenticator reads it
// on every request.
import type { Clock } from '../core/ports';
import { parseToken, type TokenClaims } from './token-format';
import type { SigningKeys } from './signing-keys';

// A miss costs one signature check (an HMAC, or ~50 µs of Ed25519), not bcrypt: a small cache does,
// and a full one is resident memory (~1.2 KB an entry, the token and its claims).
const MAX_ENTRIES = 2_000;

interface Remembered {
  claims: TokenClaims;
  kid: string;
}

export type TokenCheck = { claims: TokenClaims } | { reason: string };

export class TokenChecker {
  private readonly checked = new Map<string, Remembered>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  async check(token: string): Promise<TokenCheck> {
    const now = this.clock.now().getTime();
    const known = this.checked.get(token);
    if (known && this.keys.has(known.kid)) return expired(known.claims, now) ? this.forget(token) : { claims: known.claims };
    const parsed = parseToken(token);
    if (!parsed || !(await this.keys.verifies(parsed))) return { reason: 'Invalid access token' };
    if (expired(parsed.claims, now)) return { reason: 'The access token has expired' };
    if (this.checked.size >= MAX_ENTRIES) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(token, { claims: parsed.claims, kid: parsed.kid });
    return { claims: parsed.claims };
  }

  private forget(token: string): TokenCheck {
    this.checked.delete(token);
    return { reason: 'The access token has expired' };
  }
}

const expired = (claims: TokenClaims, now: number) => claims.exp * 1000 <= now;
