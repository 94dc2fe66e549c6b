// Checks a presented secret against a stored bcrypt hash, running bcrypt at most once per key
// per process: after a success it remembers an HMAC of the secret and the hash it matched (keyed by
// a per-process random key, so the cache is useless outside this process) and compares that from then
// on. A key whose hash changes (its secret rotated) no longer matches what was remembered.
import bcrypt from 'bcrypt';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { untimed, type BcryptTimer } from './secret-minter';

// A miss costs a bcrypt run (tens of ms), so the cache is large; an entry is kept small, since a full
// cache is resident memory and fills while a process warms up (the soak's RSS): the value is one
// 32-byte digest as a string (not a Buffer with its own ArrayBuffer, nor an object holding the hash
// string too: the hash is in the digest): about 120 bytes an entry with its key, 290 before (measured).
const MAX_ENTRIES = 10_000;

export class SecretVerifier {
  private readonly cacheKey = randomBytes(32);
  /** keyId → digest of the verified secret and the hash it was verified against (latin1). */
  private readonly verified = new Map<string, string>();
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
    return known !== undefined && timingSafeEqual(Buffer.from(known, 'latin1'), this.digest(hash, secret));
  }

  /** The full bcrypt check; a success is remembered for verifiedBefore. */
  async verify(keyId: string, secret: string, hash: string): Promise<boolean> {
    this.bcryptRuns++;
    const ok = await this.timer.timeBcrypt('verify', () => bcrypt.compare(secret, hash));
    if (ok) this.remember(keyId, this.digest(hash, secret).toString('latin1'));
    return ok;
  }

  /** Spend the time a real check would, for a key that does not exist. */
  async decoy(secret: string): Promise<false> {
    this.bcryptRuns++;
    const decoyHash = await this.decoyHash;
    await this.timer.timeBcrypt('decoy', () => bcrypt.compare(secret, decoyHash));
    return false;
  }

  /** The hash first, then a separator no bcrypt hash contains, so no two (hash, secret) pairs run together. */
  private digest(hash: string, secret: string): Buffer {
    return createHmac('sha256', this.cacheKey).update(hash).update('\n').update(secret).digest();
  }

  private remember(keyId: string, digest: string): void {
    if (this.verified.size >= MAX_ENTRIES) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(keyId, digest);
  }
}
