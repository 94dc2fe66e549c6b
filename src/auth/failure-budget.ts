// The failure budget of an address (issue 25). Every check of a presented secret that needs bcrypt
// first reserves one failure from its address and from its credential (the key id or client id) as
// used from that address; a success gives it back. So attempts in flight count like failures, and a
// flood of concurrent forged secrets runs bcrypt at most the limit, not once per request.
//
// The failing credential is throttled, not everyone behind its address (a NAT, a proxy without
// TRUST_PROXY, a CI fleet): with L failures a minute allowed,
//   - while the address has fewer than L failures (and attempts in flight), any credential is checked;
//   - past L, only a credential that has not failed from that address in this minute is checked,
//     until the address has failed 2L times; the others get 429 without bcrypt;
//   - past 2L, everything from that address that needs bcrypt gets 429 until the minute ends.
// Failures that need no bcrypt (a malformed secret, a bad access token, a disabled key) follow the
// same rule, counted when they happen: a client refused 429 is not counted again, so a client that
// keeps failing adds at most L to its address. A secret this process already verified, or a valid
// access token, needs no bcrypt and is never refused by this.
import type { Lane } from './bcrypt-gate';
import type { RateLimiter } from './rate-limiter';

export interface Attempt {
  /** Where the check waits for bcrypt: addresses with nothing failed or in flight go first. */
  lane: Lane;
  /** The check passed (or never ran): its reservation is given back. Without it, it stays a failure. */
  release(): void;
}

/** Reserves one failure for a check of `subjects` (the limiter's: the address, then the credential from it). */
export async function reserveAttempt(limiter: RateLimiter, subjects: string[]): Promise<Attempt> {
  const { totals, limit, release } = await limiter.reserve('auth-failure', subjects, ([address], limit) =>
    address < limit ? [limit, limit] : [2 * limit, 1],
  );
  const address = totals[0];
  return { lane: address === 0 ? 'clean' : address < limit ? 'suspect' : 'over-limit', release };
}
