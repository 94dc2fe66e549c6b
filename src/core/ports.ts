// What the core needs from the outside world. The store and the secret issuer implement these.
import type { FederatedCredential } from './federation-rules';
import type { AuditEvent, Group, IamRole, Key, Organization, ServiceAccount, Workspace } from './model';
import type { CredentialPolicy, KeyPolicyMarks, StoredWebhookSubscription, WebhookDelivery } from './hygiene-model';

export interface AccountFilter {
  enabled?: boolean;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  /** Only the members of this group. */
  groupId?: string;
}

export interface GroupFilter {
  /** Only the groups this service account is in. */
  memberId?: string;
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
    /** Sets the permissions each account inherits through its groups (the only writer of them), account id → permissions. */
    setInherited(orgId: string, inherited: Map<string, string[]>): Promise<void>;
    /** Active Admin accounts holding a key that works now (enabled, not revoked or expired, not read-only). */
    countUsableAdmins(orgId: string, now: string): Promise<number>;
    get(orgId: string, id: string): Promise<ServiceAccount | null>;
    getMany(orgId: string, ids: string[]): Promise<ServiceAccount[]>;
    page(orgId: string, query: AccountPageQuery): Promise<ServiceAccount[]>;
    count(orgId: string, filter: AccountFilter): Promise<number>;
    emailsStartingWith(orgId: string, local: string): Promise<string[]>;
  };
  roles: {
    insert(role: IamRole): Promise<void>;
    update(role: IamRole): Promise<void>;
    delete(orgId: string, id: string): Promise<boolean>;
    get(orgId: string, id: string): Promise<IamRole | null>;
    /** The organization's custom roles, oldest first. */
    list(orgId: string, page: { limit: number; offset: number }): Promise<IamRole[]>;
    getMany(orgId: string, ids: string[]): Promise<IamRole[]>;
    count(orgId: string): Promise<number>;
  };
  groups: {
    insert(group: Group): Promise<void>;
    /** Writes the group if its stored version is `expectedVersion`; false if not. */
    update(group: Group, expectedVersion: number): Promise<boolean>;
    delete(orgId: string, id: string): Promise<boolean>;
    get(orgId: string, id: string): Promise<Group | null>;
    list(orgId: string, page: { limit: number; offset: number }, filter?: GroupFilter): Promise<Group[]>;
    /** Every group of the organization (to find those binding a role). */
    all(orgId: string): Promise<Group[]>;
    getMany(orgId: string, ids: string[]): Promise<Group[]>;
    count(orgId: string, filter?: GroupFilter): Promise<number>;
    /** The group's members in id order: all of them, or one page. */
    members(orgId: string, groupId: string, page?: { limit: number; offset: number }): Promise<string[]>;
    /** Members per group, for the given groups: all of them, or the first `limit` of each in id order (reading no more). */
    membersOf(orgId: string, groupIds: string[], limit?: number): Promise<Map<string, string[]>>;
    addMembers(orgId: string, groupId: string, accountIds: string[]): Promise<void>;
    removeMembers(orgId: string, groupId: string, accountIds: string[]): Promise<void>;
    /** Group ids per account, for the given accounts: all of them, or the first `limit` of each in id order (reading no more). */
    membershipsOf(orgId: string, accountIds: string[], limit?: number): Promise<Map<string, string[]>>;
  };
  keys: {
    insert(key: Key): Promise<void>;
    update(key: Key): Promise<void>;
    /**
     * Sets the scopes of the keys made without explicit scopes (they follow their account) of many
     * accounts, in a few statements whatever their number: `readWrite` for read-write keys, `readOnly`
     * for read-only ones (the core's rule, `followingScopes`; the store only writes what it is given).
     */
    followAccounts(orgId: string, following: { accountId: string; readWrite: string[]; readOnly: string[] }[]): Promise<void>;
    get(orgId: string, id: string): Promise<Key | null>;
    listForAccounts(orgId: string, accountIds: string[]): Promise<Key[]>;
    /** Keys of the organization (or of one account), oldest first; no limit means all. */
    page(orgId: string, q: { accountId?: string; excludeRevoked: boolean; limit?: number; offset?: number }): Promise<Key[]>;
    /** The key and its account in one read, for authentication (any org). */
    getWithAccount(id: string): Promise<{ key: Key; account: ServiceAccount } | null>;
    touch(id: string, lastUsedAt: string): Promise<void>;
  };
  /** Service accounts' trust rules for outside OIDC tokens (issue 31; src/store/federation-rows.ts). */
  federatedCredentials: {
    insert(credential: FederatedCredential): Promise<void>;
    /** Writes the rule if its stored version is `expectedVersion`; false if not. */
    update(credential: FederatedCredential, expectedVersion: number): Promise<boolean>;
    /** Deletes the rule if its stored version is `expectedVersion`; false if not. */
    delete(orgId: string, id: string, expectedVersion: number): Promise<boolean>;
    get(orgId: string, id: string): Promise<FederatedCredential | null>;
    /** The account's rules, oldest first. */
    listForAccount(orgId: string, accountId: string): Promise<FederatedCredential[]>;
    countForAccount(orgId: string, accountId: string): Promise<number>;
    /** The rules' ids per account, oldest first, for the given accounts. */
    idsForAccounts(orgId: string, accountIds: string[]): Promise<Map<string, string[]>>;
    /** The rule and its account in one read, by the rule's id (any org): the acting caller of its tokens. */
    getWithAccount(id: string): Promise<{ credential: FederatedCredential; account: ServiceAccount } | null>;
  };
  /** Figures and catalogues over an organization's rows: one statement each, whatever its size (issue 26). */
  overview: {
    /** Its keys that are not revoked, and how many of those are enabled. */
    keyCounts(orgId: string): Promise<{ total: number; enabled: number }>;
    /** Every permission its own roles and service accounts name, each once, in no particular order. */
    permissionsInUse(orgId: string): Promise<string[]>;
  };
  audit: {
    insert(event: AuditEvent): Promise<void>;
    /** Many events, a few statements whatever their number. */
    insertMany(events: AuditEvent[]): Promise<void>;
    /** An account's events, oldest first: after the given event id, or from an offset. */
    listForAccount(orgId: string, accountId: string, q: { limit: number; afterId?: string; offset?: number }): Promise<AuditEvent[]>;
    /** The organization's events, newest first, from an offset. */
    listForOrganization(orgId: string, q: { limit: number; offset: number; filter?: AuditFilter }): Promise<AuditEvent[]>;
  };
  /** Credential policies (issue 32); an organization without a row has every rule off. */
  policies: {
    get(orgId: string): Promise<CredentialPolicy | null>;
    put(policy: CredentialPolicy): Promise<void>;
    /** Every organization's policy with at least one rule on (what the janitor applies). */
    active(): Promise<CredentialPolicy[]>;
  };
  /** What the janitor remembers of keys; a key without marks has none. */
  keyMarks: {
    forKeys(orgId: string, keyIds: string[]): Promise<Map<string, KeyPolicyMarks>>;
    /** The key was enabled again at `at`. */
    enabled(orgId: string, keyId: string, at: string): Promise<void>;
    /** Records the warning for this expiry; false when it had been recorded already (nothing is sent twice). */
    warned(orgId: string, keyId: string, expiresAt: string): Promise<boolean>;
    /** Records the over-lifetime report; false when it had been recorded already. */
    overLifetime(orgId: string, keyId: string, at: string): Promise<boolean>;
  };
  webhooks: {
    insert(sub: StoredWebhookSubscription): Promise<void>;
    update(sub: StoredWebhookSubscription): Promise<void>;
    delete(orgId: string, id: string): Promise<boolean>;
    get(orgId: string, id: string): Promise<StoredWebhookSubscription | null>;
    /** The organization's subscriptions, oldest first. */
    list(orgId: string): Promise<StoredWebhookSubscription[]>;
    /** Its enabled subscriptions with the events they take (read on every audited change). */
    subscribers(orgId: string): Promise<{ id: string; events: string[] }[]>;
    /** Outbox rows, written in the transaction of the change they tell of. */
    enqueue(deliveries: WebhookDelivery[]): Promise<void>;
    /** A subscription's deliveries, newest first. */
    deliveries(orgId: string, subscriptionId: string, page: { limit: number; offset: number }): Promise<WebhookDelivery[]>;
  };
}

/** Which of an organization's audit events to list. */
export interface AuditFilter {
  targetType?: AuditEvent['targetType'];
  targetId?: string;
  /** The action's verb: `create` matches `service-account.create` and `key.create`. */
  verb?: string;
}

/** An organization with its number of service accounts (the CLI's `org list`). */
export interface OrganizationSummary extends Organization {
  accounts: number;
}

/** A unique constraint refused a write; `target` says which one. */
export class UniqueViolation extends Error {
  constructor(readonly target: 'name' | 'email' | 'other') {
    super(`unique constraint violated: ${target}`);
    this.name = 'UniqueViolation';
  }
}

/** `R`: what the store holds; the core asks only for the model's tables (src/store/service-tables.ts adds the service's own). */
export interface Store<R extends Repositories = Repositories> {
  /** Runs `work` against the store; several calls may see each other's committed writes only. */
  run<T>(work: (repos: R) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: (repos: R) => Promise<T>): Promise<T>;
  /**
   * The same store for one request: what that request takes (calls, time) is counted and bounded;
   * past its share a call throws UNAVAILABLE (issue 25). Called on one, it returns that one.
   */
  forRequest(): Store<R>;
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
