// The tables the service keeps for itself beside the model: the access-token deny list, idempotency
// records and rate-limit counters. The core never reads them (its Repositories port is the model's);
// authentication, the idempotency middleware and the sweeper do, through a ServiceStore.
import type { Repositories, Store } from '../core/ports';

export interface ServiceTables {
  /**
   * Stored access tokens: since issue 19 only revoked ones, the deny list (src/auth/token-store.ts
   * writes it; the core never sees tokens). Entries are useless once the token has expired.
   */
  accessTokens: {
    /** Deletes deny-list entries of tokens expired before `before`, at most `limit` (all without); returns how many. */
    deleteExpired(before: string, limit?: number): Promise<number>;
  };
  idempotency: {
    /** Claims a key; false when a record for it exists already. */
    claim(record: IdempotencyRecord): Promise<boolean>;
    get(id: string): Promise<IdempotencyRecord | null>;
    complete(id: string, response: Pick<IdempotencyRecord, 'status' | 'headers' | 'body'>): Promise<void>;
    release(id: string): Promise<void>;
    /** Deletes records expired before `before`, at most `limit` of them (all without); returns how many. */
    deleteExpired(before: string, limit?: number): Promise<number>;
  };
  /** The `jti`s federated credentials' exchanges used (issue 31), each accepted once per rule; kept until the token expires. */
  federationJtis: {
    /** Records a use; false when it was recorded already (a replay). `id` hashes the rule and the jti. */
    claim(id: string, expiresAt: string): Promise<boolean>;
    /** Deletes entries expired before `before`, at most `limit` (all without); returns how many. */
    deleteExpired(before: string, limit?: number): Promise<number>;
  };
  rateLimits: {
    /**
     * Adds each delta to its fixed-window counter (made if missing) and returns every counter's new
     * total, which includes what other processes added.
     */
    add(deltas: RateLimitDelta[]): Promise<Map<string, number>>;
    /** The counters' totals; a bucket with no row is absent. */
    getMany(buckets: string[]): Promise<Map<string, number>>;
    deleteExpired(before: string): Promise<void>;
  };
}

export type ServiceRepositories = Repositories & ServiceTables;
export type ServiceStore = Store<ServiceRepositories>;

export interface RateLimitDelta {
  bucket: string;
  delta: number;
  expiresAt: string;
}

/** The first response to a POST with an Idempotency-Key, kept 24 h to replay to retries. */
export interface IdempotencyRecord {
  id: string;
  /** SHA-256 of the method, path and body: the same key with another request is a conflict. */
  fingerprint: string;
  state: 'pending' | 'completed';
  status: number | null;
  /** JSON of the response headers worth replaying. */
  headers: string | null;
  /** The response body, encrypted (AES-256-GCM): it may hold a secret shown once. */
  body: string | null;
  /** JSON of what the credential could do when it made the request (see `Authority`). */
  authority: string | null;
  createdAt: string;
  expiresAt: string;
}
