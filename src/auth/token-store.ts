// What access tokens need from the database: src/auth's own port (the core never sees tokens),
// implemented in src/store/token-rows.ts. Issuing a token stores nothing; checking one reads its
// key and account (and the deny list) in one statement; revoking one writes a deny-list row.
import type { Key, ServiceAccount } from '../core/model';

export type SigningAlg = 'HS256' | 'EdDSA';

/** A token signing key as stored: the secret or private key is sealed (AES-256-GCM). */
export interface SigningKeyRecord {
  id: string;
  alg: SigningAlg;
  /** Per algorithm, 1, 2, 3…: (alg, generation) is unique, so two processes cannot both rotate. */
  generation: number;
  /** The public JWK (EdDSA) as JSON, published at /.well-known/jwks.json; null for HMAC keys. */
  publicJwk: string | null;
  /** HMAC secret or PKCS#8 private key, base64, sealed. */
  sealedSecret: string;
  createdAt: string;
  /** New tokens are signed with the newest key whose activation has come. */
  activatesAt: string;
  /** After this, no token it signed can still be valid: the key is dropped. */
  retiresAt: string;
}

export interface TokenCredential {
  key: Key;
  account: ServiceAccount;
  /** The token id is on the deny list (revoked with RFC 7009). */
  denied: boolean;
}

export interface TokenStore {
  /** The key, its account and whether `tokenId` is denied, in one read; null when the key is gone. */
  credential(keyId: string, tokenId: string): Promise<TokenCredential | null>;
  /** Puts a token on the deny list until it expires (the sweeper drops it after). */
  deny(tokenId: string, expiresAt: string): Promise<void>;
  signingKeys(): Promise<SigningKeyRecord[]>;
  /** Adds a key; false when another process took its (alg, generation) first. */
  addSigningKey(key: SigningKeyRecord): Promise<boolean>;
  deleteSigningKeysRetiredBefore(at: string): Promise<void>;
}
