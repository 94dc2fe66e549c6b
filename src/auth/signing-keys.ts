// Token signing keys, shared by every process through the database (signing_keys), their secret
// or private half sealed with the idempotency sealing key, so every process that shares that key
// can sign and check. Keys rotate: the next key is made (by whichever process notices first; the
// (alg, generation) row is unique, so only one wins) and published at /.well-known/jwks.json
// before it signs anything, and dropped once no token it signed can still be valid.
import { createPrivateKey, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, generateSecret, importJWK, type JWK } from 'jose';
import type { Clock } from '../core/ports';
import type { Signer } from './token-format';
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

/** A public key as the JWKS lists it: jose's JWK export, with its id, algorithm and use. */
const published = async (key: KeyObject, kid: string): Promise<JWK> => ({ ...(await exportJWK(key)), kid, alg: 'EdDSA', use: 'sig' });

interface LoadedKey {
  record: SigningKeyRecord;
  activatesAt: number;
  retiresAt: number;
  /** Absent when the sealed half could not be opened here. */
  signer?: Signer;
  /** The HMAC secret, or the Ed25519 public key. */
  verifier: KeyObject;
  /** What the JWKS publishes (EdDSA keys only). */
  jwk?: JWK;
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

  /**
   * The key that checks a token naming `kid`, or null: unknown (after one re-read, at most every
   * second), dropped, or of another algorithm than `alg` (the one the token's format is signed with).
   */
  async verifier(kid: string, alg: SigningAlg): Promise<KeyObject | null> {
    if (this.stale()) void this.load().catch(() => undefined);
    let key = this.keys.get(kid);
    const now = this.now();
    if (!key && now - this.lastMissReload >= MISS_RELOAD_MS) {
      this.lastMissReload = now;
      await this.load();
      key = this.keys.get(kid);
    }
    if (!key || key.retiresAt <= now || key.record.alg !== alg) return null;
    return key.verifier;
  }

  /** The key is still known (a cached check is dropped once its key is gone). */
  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  /** The public keys of every EdDSA key not yet dropped, including the next one. */
  jwks(): { keys: object[] } {
    if (this.stale()) void this.load().catch(() => undefined);
    const keys: object[] = [];
    for (const k of this.keys.values()) if (k.jwk) keys.push(k.jwk);
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
    await this.build(records, now);
    const next = await this.nextKey(records, now);
    if (next) {
      await this.store.addSigningKey(next);
      records = await this.store.signingKeys();
      await this.build(records, now);
    }
    if (records.some((r) => Date.parse(r.retiresAt) <= now)) await this.store.deleteSigningKeysRetiredBefore(new Date(now).toISOString());
    this.loadedAt = now;
  }

  /** Re-opens only keys not opened before. */
  private async build(records: SigningKeyRecord[], now: number): Promise<void> {
    const keys = new Map<string, LoadedKey>();
    for (const record of records) {
      if (Date.parse(record.retiresAt) <= now) continue;
      const known = this.keys.get(record.id);
      const loaded = known?.record.sealedSecret === record.sealedSecret ? known : await this.open(record);
      if (loaded) keys.set(record.id, loaded);
    }
    this.keys = keys;
  }

  /**
   * Opens a stored key. What is stored stays what earlier releases store (they may share the
   * database during an upgrade): the HMAC secret's bytes or the PKCS#8 DER private key, base64 and
   * sealed, and the public JWK as JSON.
   */
  private async open(record: SigningKeyRecord): Promise<LoadedKey | null> {
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
      const key = createSecretKey(Buffer.from(secret, 'base64'));
      return { ...base, signer: { kid: record.id, alg: 'HS256', key }, verifier: key };
    }
    if (!record.publicJwk) return null;
    const publicKey = (await importJWK(JSON.parse(record.publicJwk) as JWK, 'EdDSA')) as KeyObject;
    const privateKey = secret === null ? null : createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' });
    return {
      ...base,
      signer: privateKey ? { kid: record.id, alg: 'EdDSA', key: privateKey } : undefined,
      verifier: publicKey,
      jwk: await published(publicKey, record.id),
    };
  }

  /** The key to add now, if any: the first one, the next one ahead of its turn, or one this process can open. */
  private async nextKey(records: SigningKeyRecord[], now: number): Promise<SigningKeyRecord | null> {
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

  private async makeRecord(generation: number, now: number, activatesAt: number, rotateMs: number): Promise<SigningKeyRecord> {
    const id = randomBytes(12).toString('base64url');
    const retiresAt = activatesAt + rotateMs + (this.opts.tokenTtlSeconds + RETIRE_SLACK_S) * 1000;
    let secret: string;
    let publicJwk: string | null = null;
    if (this.opts.alg === 'HS256') {
      const key = (await generateSecret('HS256', { extractable: true })) as KeyObject;
      secret = key.export().toString('base64');
    } else {
      const pair = await generateKeyPair<KeyObject>('EdDSA', { crv: 'Ed25519', extractable: true });
      secret = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
      publicJwk = JSON.stringify(await published(pair.publicKey, id));
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
