// What the unit tests of access tokens share: an in-memory TokenStore and a hand-moved clock in
// place of the database and time, a key ring on them, and claims for a token issued now.
import { SigningKeys, type Sealing } from '../../src/auth/signing-keys';
import type { TokenClaims } from '../../src/auth/token-format';
import type { SigningAlg, SigningKeyRecord, TokenStore } from '../../src/auth/token-store';
import { Sealer } from '../../src/http/idempotency/sealer';

export function memoryStore(): TokenStore & { rows: SigningKeyRecord[] } {
  const rows: SigningKeyRecord[] = [];
  return {
    rows,
    credential: async () => null,
    deny: async () => undefined,
    signingKeys: async () => rows.map((r) => ({ ...r })),
    addSigningKey: async (k) => {
      if (rows.some((r) => r.id === k.id || (r.alg === k.alg && r.generation === k.generation))) return false;
      rows.push({ ...k });
      return true;
    },
    deleteSigningKeysRetiredBefore: async (at) => {
      for (let i = rows.length - 1; i >= 0; i--) if (rows[i].retiresAt < at) rows.splice(i, 1);
    },
  };
}

/** Time that moves only when a test sets `at` (milliseconds since the epoch). */
export const handClock = (iso: string) => ({
  at: Date.parse(iso),
  now() {
    return new Date(this.at);
  },
});
export type HandClock = ReturnType<typeof handClock>;

export const testSealer = new Sealer(Buffer.alloc(32, 1));

/** Keys rotated daily for hour-long tokens, as a process configured so would hold them. */
export const keyRing = (store: TokenStore, clock: HandClock, alg: SigningAlg = 'HS256', sealing: Sealing = testSealer, warn = jest.fn()) =>
  new SigningKeys(store, sealing, clock, { alg, rotateSeconds: 24 * 3600, tokenTtlSeconds: 3600, warn });

/** The claims of an hour-long token issued at the clock's time (`n` varies the token id). */
export const claimsAt = (clock: HandClock, n = 1): TokenClaims => ({
  jti: `0198f0a0-0000-7000-8000-${String(n).padStart(12, '0')}`,
  keyId: '0198f0a0-0000-7000-8000-100000000002',
  accountId: '0198f0a0-0000-7000-8000-100000000003',
  orgId: '0198f0a0-0000-7000-8000-100000000004',
  scopes: ['service-accounts:read'],
  narrowed: false,
  iat: Math.floor(clock.at / 1000),
  exp: Math.floor(clock.at / 1000) + 3600,
});
