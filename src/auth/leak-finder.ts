// Which reported strings are secrets of live keys (issue 30): the secret-scanning and public
// revocation routes ask this before the core revokes anything. Each distinct candidate is checked
// as an authentication is (Authenticator.keyOfSecret): a bad checksum or a string not ours costs
// nothing; anything else reserves a failure from the sender's address and takes its turn at the
// process's bcrypt gate. A refusal there (429) ends the whole check, before anything is revoked.
import { keyStatus } from '../core/model';
import type { Clock } from '../core/ports';
import type { Authenticator, SecretCheckSite } from './authenticator';
import type { RateLimiter } from './rate-limiter';

export class LeakFinder {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /** Candidate → the id of the live key (neither revoked nor expired) it is the secret of; others are absent. */
  async liveKeys(candidates: string[], address: string, where: SecretCheckSite): Promise<Map<string, string>> {
    // Counted as one client of the address (like bad access tokens), so reports cannot use up the
    // budget of the clients behind it.
    const subjects = this.limiter.subjects(address, where);
    const live = new Map<string, string>();
    for (const candidate of new Set(candidates)) {
      const found = await this.authenticator.keyOfSecret(candidate, subjects, where);
      const status = found && keyStatus(found.key, this.clock.now());
      if (found && status !== 'Revoked' && status !== 'Expired') live.set(candidate, found.key.id);
    }
    return live;
  }
}
