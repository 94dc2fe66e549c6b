// What the core needs from the outside world. The store and the secret issuer implement these.
import type { AccessToken, AuditEvent, Key, Organization, ServiceAccount, Workspace } from './model';

export interface AccountFilter {
  enabled?: boolean;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
}

export type AccountSort = 'id' | '-id' | 'name' | '-name';

export interface AccountPageQuery {
  filter: AccountFilter;
  limit: number;
  /** Keyset cursor: return accounts after this id (only with sort `id`). */
  afterId?: string;
  /** Offset paging, for dialects whose wire format is offset based. */
  offset?: number;
  sort?: AccountSort;
}

export interface Repositories {
  organizations: {
    insert(org: Organization): Promise<void>;
    get(id: string): Promise<Organization | null>;
    count(): Promise<number>;
    /**
     * Holds the organization's row until the transaction ends (PostgreSQL; SQLite runs one writer
     * at a time anyway): changes that could remove its last usable Admin take turns.
     */
    lock(id: string): Promise<void>;
    /** Every organization, oldest first, with its number of service accounts. */
    list(): Promise<OrganizationSummary[]>;
    /**
     * Makes organization creations take turns until the transaction ends (PostgreSQL advisory lock;
     * SQLite runs one writer at a time anyway), so a name found free stays free until commit.
     */
    lockNames(): Promise<void>;
  };
  workspaces: {
    insert(ws: Workspace): Promise<void>;
    list(orgId: string): Promise<Workspace[]>;
    getMany(orgId: string, ids: string[]): Promise<Workspace[]>;
  };
  accounts: {
    insert(account: ServiceAccount): Promise<void>;
    /** Writes the account if its stored version is `expectedVersion`; false if not. */
    update(account: ServiceAccount, expectedVersion: number): Promise<boolean>;
    /**
     * Marks the account changed (its keys changed): version + 1 and a new updatedAt. With
     * `expectedVersion`, only if the stored version is that one (false if not); without, whatever it was.
     */
    bumpVersion(orgId: string, id: string, updatedAt: string, expectedVersion?: number): Promise<boolean>;
    /** Deletes the account if its stored version is `expectedVersion` (any version without); false if not. */
    delete(orgId: string, id: string, expectedVersion?: number): Promise<boolean>;
    /** Active Admin accounts holding a key that works now (enabled, not revoked or expired, not read-only). */
    countUsableAdmins(orgId: string, now: string): Promise<number>;
    get(orgId: string, id: string): Promise<ServiceAccount | null>;
    getMany(orgId: string, ids: string[]): Promise<ServiceAccount[]>;
    page(orgId: string, query: AccountPageQuery): Promise<ServiceAccount[]>;
    count(orgId: string, filter: AccountFilter): Promise<number>;
    emailsStartingWith(orgId: string, local: string): Promise<string[]>;
  };
  keys: {
    insert(key: Key): Promise<void>;
    update(key: Key): Promise<void>;
    /** Sets the scopes of the account's keys made without explicit scopes (they follow the account). */
    followAccount(orgId: string, accountId: string, readWrite: string[], readOnly: string[]): Promise<void>;
    get(orgId: string, id: string): Promise<Key | null>;
    listForAccounts(orgId: string, accountIds: string[]): Promise<Key[]>;
    /** Every key of the organization, oldest first, at most `limit`. */
    listForOrg(orgId: string, limit: number): Promise<Key[]>;
    /** The key and its account in one read, for authentication (any org). */
    getWithAccount(id: string): Promise<{ key: Key; account: ServiceAccount } | null>;
    touch(id: string, lastUsedAt: string): Promise<void>;
  };
  accessTokens: {
    insert(token: AccessToken): Promise<void>;
    /** The token with the key and account behind it, in one read. */
    getWithKey(id: string): Promise<{ token: AccessToken; key: Key; account: ServiceAccount } | null>;
    revoke(id: string, at: string): Promise<void>;
    deleteExpired(before: string): Promise<void>;
  };
  audit: {
    insert(event: AuditEvent): Promise<void>;
    /** An account's events, oldest first, after the given event id. */
    listForAccount(orgId: string, accountId: string, limit: number, afterId?: string): Promise<AuditEvent[]>;
  };
  idempotency: {
    /** Claims a key; false when a record for it exists already. */
    claim(record: IdempotencyRecord): Promise<boolean>;
    get(id: string): Promise<IdempotencyRecord | null>;
    complete(id: string, response: Pick<IdempotencyRecord, 'status' | 'headers' | 'body'>): Promise<void>;
    release(id: string): Promise<void>;
    deleteExpired(before: string): Promise<void>;
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

export interface RateLimitDelta { bucket: string; delta: number; expiresAt: string }

/** An organization with its number of service accounts (the CLI's `org list`). */
export interface OrganizationSummary extends Organization { accounts: number }

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

/** A unique constraint refused a write; `target` says which one. */
export class UniqueViolation extends Error {
  constructor(readonly target: 'name' | 'email' | 'other') {
    super(`unique constraint violated: ${target}`);
    this.name = 'UniqueViolation';
  }
}

export interface Store {
  /** Runs `work` against the store; several calls may see each other's committed writes only. */
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface MintedSecret {
  secret: string;
  prefix: string;
  hash: string;
}

/** Makes key secrets (format and hashing live in src/auth). */
export interface SecretMinter {
  mint(keyId: string): Promise<MintedSecret>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Time-ordered (v7) UUID. */
  next(): string;
  /** Opaque random id (client ids). */
  random(): string;
}
