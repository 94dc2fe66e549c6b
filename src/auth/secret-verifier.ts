// Checks a presented secret against a stored bcrypt hash, running bcrypt at most once per key
// per process: after a success it remembers an HMAC of the secret (keyed by a per-process random
// key, so the cache is useless outside this process) and compares that from then on.
import bcrypt from 'bcrypt';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { untimed, type BcryptTimer } from './secret-minter';

// A miss costs a bcrypt run (tens of ms), so the cache is large; an entry is kept small (a 32-byte
// digest as a string, not a Buffer with its own ArrayBuffer), since a full cache is resident memory.
const MAX_ENTRIES = 10_000;

export class SecretVerifier {
  private readonly cacheKey = randomBytes(32);
  /** keyId → digest of the verified secret, tied to the hash it was verified against. */
  private readonly verified = new Map<string, { hash: string; digest: string }>();
  /** A real hash of nothing, so an unknown key costs the same bcrypt work as a wrong secret. */
  private readonly decoyHash: Promise<string>;
  bcryptRuns = 0;

  constructor(
    cost: number,
    private readonly timer: BcryptTimer = untimed,
  ) {
    this.decoyHash = bcrypt.hash(randomBytes(16).toString('hex'), cost);
  }

  /** True when this exact secret was verified before for this key and hash: no bcrypt needed. */
  verifiedBefore(keyId: string, secret: string, hash: string): boolean {
    const known = this.verified.get(keyId);
    return known !== undefined && known.hash === hash && timingSafeEqual(Buffer.from(known.digest, 'latin1'), this.digest(secret));
  }

  /** The full bcrypt check; a success is remembered for verifiedBefore. */
  async verify(keyId: string, secret: string, hash: string): Promise<boolean> {
    this.bcryptRuns++;
    const ok = await this.timer.timeBcrypt('verify', () => bcrypt.compare(secret, hash));
    if (ok) this.remember(keyId, hash, this.digest(secret).toString('latin1'));
    return ok;
  }

  /** Spend the time a real check would, for a key that does not exist. */
  async decoy(secret: string): Promise<false> {
    this.bcryptRuns++;
    const decoyHash = await this.decoyHash;
    await this.timer.timeBcrypt('decoy', () => bcrypt.compare(secret, decoyHash));
    return false;
  }

  private digest(secret: string): Buffer {
    return createHmac('sha256', this.cacheKey).update(secret).digest();
  }

  private remember(keyId: string, hash: string, digest: string): void {
    if (this.verified.size >= MAX_ENTRIES) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(keyId, { hash, digest });
  }
}
