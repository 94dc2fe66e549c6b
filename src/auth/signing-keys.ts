// Token signing keys, shared by every process through the database (signing_keys), their secret
// or private half sealed with the idempotency sealing key, so every process that shares that key
// can sign and check. Keys rotate: the next key is made (by whichever process notices first; the
// (alg, generation) row is unique, so only one wins) and published at /.well-known/jwks.json
// before it signs anything, and dropped once no token it signed can still be valid.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { Clock } from '../core/ports';
import type { ParsedToken, Signer } from './token-format';
import type { SigningAlg, SigningKeyRecord, TokenStore } from './token-store';

export interface Sealing {
  seal(plain: string): string;
  /** null when sealed with another key (a process not sharing IDEMPOTENCY_ENCRYPTION_KEY). */
  open(sealed: string): string | null;
}

export interface SigningKeyOptions {
  /** What this process signs with: HS256 for opaque tokens, EdDSA for JWTs. */
  alg: SigningAlg;
  rotateSeconds: number;
  tokenTtlSeconds: number;
  warn(message: string): void;
}

/** Keys are re-read this often, to learn what other processes rotated. */
const REFRESH_MS = 60_000;
/** An unknown kid re-reads the keys at most this often (a forged kid must not cost a read each). */
const MISS_RELOAD_MS = 1_000;
/** Tokens signed at the very end of a key's turn still expire before the key is dropped. */
const RETIRE_SLACK_S = 300;

interface LoadedKey {
  record: SigningKeyRecord;
  activatesAt: number;
  retiresAt: number;
  /** Absent when the sealed half could not be opened here. */
  signer?: Signer;
  check(input: string, signature: Buffer): boolean;
}

export class SigningKeys {
  private keys = new Map<string, LoadedKey>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private lastMissReload = -Infinity;
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: TokenStore,
    private readonly sealing: Sealing,
    private readonly clock: Clock,
    private readonly opts: SigningKeyOptions,
  ) {}

  /** Reads the keys, making the first or the next one when due; concurrent callers share one read. */
  load(): Promise<void> {
    this.loading ??= this.refresh().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /**
   * The key new tokens are signed with now. A stale view is re-read in the background (the next key
   * is published long before its turn), so a database hiccup does not stop issuing; only a process
   * without a usable key waits for the read.
   */
  async signer(): Promise<Signer> {
    let key = this.signing(this.now());
    if (key && this.stale()) void this.load().catch(() => undefined);
    if (!key) {
      await this.load();
      key = this.signing(this.now());
    }
    if (!key?.signer) throw new Error('no token signing key could be made or opened');
    return key.signer;
  }

  /** Whether `token`'s signature was made by the key it names, with the algorithm that key has. */
  async verifies(token: ParsedToken): Promise<boolean> {
    if (this.stale()) void this.load().catch(() => undefined);
    let key = this.keys.get(token.kid);
    const now = this.now();
    if (!key && now - this.lastMissReload >= MISS_RELOAD_MS) {
      this.lastMissReload = now;
      await this.load();
      key = this.keys.get(token.kid);
    }
    if (!key || key.retiresAt <= now || key.record.alg !== token.alg) return false;
    if ((token.format === 'opaque') !== (key.record.alg === 'HS256')) return false;
    return key.check(token.input, token.signature);
  }

  /** The key is still known (a cached check is dropped once its key is gone). */
  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  /** The public keys of every EdDSA key not yet dropped, including the next one. */
  jwks(): { keys: object[] } {
    if (this.stale()) void this.load().catch(() => undefined);
    const keys: object[] = [];
    for (const k of this.keys.values()) if (k.record.publicJwk) keys.push(JSON.parse(k.record.publicJwk) as object);
    return { keys };
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private stale(): boolean {
    return this.now() - this.loadedAt >= REFRESH_MS;
  }

  /** The newest active key of this process's algorithm that outlives a token signed now. */
  private signing(now: number): LoadedKey | undefined {
    let best: LoadedKey | undefined;
    for (const k of this.keys.values()) {
      if (k.record.alg !== this.opts.alg || !k.signer || k.activatesAt > now) continue;
      if (now + this.opts.tokenTtlSeconds * 1000 > k.retiresAt) continue;
      if (!best || k.record.generation > best.record.generation) best = k;
    }
    return best;
  }

  private async refresh(): Promise<void> {
    const now = this.now();
    let records = await this.store.signingKeys();
    this.build(records, now);
    const next = this.nextKey(records, now);
    if (next) {
      await this.store.addSigningKey(next);
      records = await this.store.signingKeys();
      this.build(records, now);
    }
    if (records.some((r) => Date.parse(r.retiresAt) <= now)) await this.store.deleteSigningKeysRetiredBefore(new Date(now).toISOString());
    this.loadedAt = now;
  }

  /** Re-opens only keys not opened before. */
  private build(records: SigningKeyRecord[], now: number): void {
    const keys = new Map<string, LoadedKey>();
    for (const record of records) {
      if (Date.parse(record.retiresAt) <= now) continue;
      const known = this.keys.get(record.id);
      const loaded = known?.record.sealedSecret === record.sealedSecret ? known : this.open(record);
      if (loaded) keys.set(record.id, loaded);
    }
    this.keys = keys;
  }

  private open(record: SigningKeyRecord): LoadedKey | null {
    const secret = this.sealing.open(record.sealedSecret);
    if (secret === null && !this.warned.has(record.id)) {
      this.warned.add(record.id);
      this.opts.warn(
        `token signing key ${record.id} was sealed with another key: tokens it signs are refused here (give every process the same IDEMPOTENCY_ENCRYPTION_KEY)`,
      );
    }
    const base = { record, activatesAt: Date.parse(record.activatesAt), retiresAt: Date.parse(record.retiresAt) };
    if (record.alg === 'HS256') {
      if (secret === null) return null;
      const bytes = Buffer.from(secret, 'base64');
      const mac = (input: string) => createHmac('sha256', bytes).update(input).digest();
      return {
        ...base,
        signer: { kid: record.id, alg: 'HS256', sign: mac },
        check: (input, signature) => signature.length === 32 && timingSafeEqual(mac(input), signature),
      };
    }
    if (!record.publicJwk) return null;
    const publicKey = createPublicKey({ key: JSON.parse(record.publicJwk) as import('node:crypto').JsonWebKey, format: 'jwk' });
    const privateKey: KeyObject | null =
      secret === null ? null : createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' });
    return {
      ...base,
      signer: privateKey ? { kid: record.id, alg: 'EdDSA', sign: (input) => sign(null, Buffer.from(input), privateKey) } : undefined,
      check: (input, signature) => verify(null, Buffer.from(input), publicKey, signature),
    };
  }

  /** The key to add now, if any: the first one, the next one ahead of its turn, or one this process can open. */
  private nextKey(records: SigningKeyRecord[], now: number): SigningKeyRecord | null {
    const rotateMs = this.opts.rotateSeconds * 1000;
    const aheadMs = Math.min(3600_000, rotateMs / 4);
    const mine = records.filter((r) => r.alg === this.opts.alg);
    const latest = mine.reduce<SigningKeyRecord | undefined>((a, r) => (!a || r.generation > a.generation ? r : a), undefined);
    const current = this.signing(now);
    let activatesAt: number;
    if (!current) activatesAt = now;
    else if (latest && Date.parse(latest.activatesAt) > now)
      return null; // the next one is already published
    else if (current.activatesAt + rotateMs - aheadMs <= now) activatesAt = Math.max(now, current.activatesAt + rotateMs);
    else return null;
    return this.makeRecord((latest?.generation ?? 0) + 1, now, activatesAt, rotateMs);
  }

  private makeRecord(generation: number, now: number, activatesAt: number, rotateMs: number): SigningKeyRecord {
    const id = randomBytes(12).toString('base64url');
    const retiresAt = activatesAt + rotateMs + (this.opts.tokenTtlSeconds + RETIRE_SLACK_S) * 1000;
    let secret: string;
    let publicJwk: string | null = null;
    if (this.opts.alg === 'HS256') {
      secret = randomBytes(32).toString('base64');
    } else {
      const pair = generateKeyPairSync('ed25519');
      secret = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
      publicJwk = JSON.stringify({ ...pair.publicKey.export({ format: 'jwk' }), kid: id, alg: 'EdDSA', use: 'sig' });
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      id,
      alg: this.opts.alg,
      generation,
      publicJwk,
      sealedSecret: this.sealing.seal(secret),
      createdAt: iso(now),
      activatesAt: iso(activatesAt),
      retiresAt: iso(retiresAt),
    };
  }
}
