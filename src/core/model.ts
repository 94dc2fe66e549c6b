// The core model: plain data, shared by every dialect. See docs/concepts.md.

export const ROLES = ['Admin', 'UserAdmin', 'WorkspaceAdmin', 'AgentAdmin', 'Member'] as const;
export type Role = (typeof ROLES)[number];

export const WORKSPACE_ROLES = ['Owner', 'Contributor', 'Reader'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export type AccountStatus = 'active' | 'disabled';
export type KeyStatus = 'Active' | 'Disabled' | 'Revoked' | 'Expired';

export interface Organization {
  id: string;
  name: string;
  createdAt: string;
}

export interface Workspace {
  id: string;
  organizationId: string;
  name: string;
  createdAt: string;
}

export interface WorkspaceAssignment {
  workspaceId: string;
  role: WorkspaceRole;
}

export interface ServiceAccount {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  role: Role;
  permissions: string[];
  workspaceAssignments: WorkspaceAssignment[];
  status: AccountStatus;
  disabledAt: string | null;
  email: string;
  clientId: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  /** Bumped on every change; the basis of ETags. */
  version: number;
  /**
   * The permissions of every role bound in every group the account belongs to, kept by the core
   * whenever a role, a binding or a membership changes (so authentication reads one row).
   */
  inheritedPermissions: string[];
}

/**
 * A named bundle of permissions (Ctrl-Hub's "roles"; not an account's organizational `Role`);
 * organizationId null for the built-in ones.
 */
export interface IamRole {
  id: string;
  organizationId: string | null;
  name: string;
  description: string | null;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface GroupBinding {
  id: string;
  roleId: string;
}

/** A role group: the roles it binds are granted to every service account in it. */
export interface Group {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  bindings: GroupBinding[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Key {
  id: string;
  organizationId: string;
  serviceAccountId: string;
  name: string | null;
  description: string | null;
  secretHash: string;
  secretPrefix: string;
  scopes: string[];
  /**
   * The key was made with explicit scopes, which cap it whatever the account's role. A key made
   * without follows its account: its `scopes` are kept equal to the account's permissions.
   */
  scopesExplicit: boolean;
  /** A read-only credential (v1 `scope:"read"`): it may only read, whatever the role. */
  readOnly: boolean;
  enabled: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** Why it was revoked, when a reason is known: `leaked` (a secret-scanning report or a public revocation). */
  revokedReason: RevocationReason | null;
}

/** Why a key was revoked: `leaked` when its secret was reported (issue 30). */
export type RevocationReason = 'leaked';

/** A key as the core reports it: its derived status, never its hash. */
export type KeyView = Omit<Key, 'secretHash'> & { status: KeyStatus };

/** An account with everything a dialect may show about it, loaded in one go. */
export interface AccountView {
  account: ServiceAccount;
  keys: KeyView[];
  workspaces: Map<string, Workspace>;
  /** The groups the account belongs to, when the caller asked for them (v3). */
  groups?: Related;
  /** The ids of its federated credentials, oldest first, when the caller asked for them (v3). */
  federatedCredentials?: string[];
}

/** A group with the ids of the service accounts in it. */
export interface GroupView {
  group: Group;
  members: Related;
}

/**
 * What a view shows of a to-many relationship: the first MAX_RELATED ids (id order), and whether
 * there are more. A view never reads more than that (issue 25: 300 accounts in 50 groups read
 * members × groups rows, one query each, and held the database for seconds).
 */
export interface Related {
  ids: string[];
  truncated: boolean;
}

export const MAX_RELATED = 100;

/** `ids` as a view shows them: at most MAX_RELATED. */
export function related(ids: string[]): Related {
  return ids.length > MAX_RELATED ? { ids: ids.slice(0, MAX_RELATED), truncated: true } : { ids, truncated: false };
}

/** The account a key belongs to, as a key change left it: what dialects render beside the key. */
export interface KeyOwner {
  id: string;
  clientId: string;
  /** The account's version after the change (every key change bumps it): the ETag to send. */
  version: number;
}

/** What a key change returns: the key and its account, so one core call serves one request. */
export interface KeyChange {
  key: KeyView;
  account: KeyOwner;
}

/** What a key-creating call returns: the only time the secret exists outside its hash. */
export interface IssuedKey extends KeyChange {
  secret: string;
}

/**
 * Revoked > Expired > Disabled > Active: a final state wins over one that can be undone. Enabling
 * never brings back a revoked or expired key, so such a key reads as that, not as disabled.
 */
export function keyStatus(key: Pick<Key, 'revokedAt' | 'expiresAt' | 'enabled'>, now: Date): KeyStatus {
  if (key.revokedAt) return 'Revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'Expired';
  if (!key.enabled) return 'Disabled';
  return 'Active';
}

export function ownerOf(account: ServiceAccount): KeyOwner {
  return { id: account.id, clientId: account.clientId, version: account.version };
}

export function viewKey(key: Key, now: Date): KeyView {
  const { secretHash: _hidden, ...rest } = key;
  return { ...rest, status: keyStatus(key, now) };
}

/** An OAuth2 access token (client credentials), stored by the SHA-256 of its value. */
export interface AccessToken {
  id: string;
  organizationId: string;
  serviceAccountId: string;
  keyId: string;
  tokenHash: string;
  /** The scopes granted when it was issued. */
  scopes: string[];
  /** True when the client asked for `scope`: the token may do only what those scopes allow. */
  narrowed: boolean;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/**
 * Who made an audited change (issue 30): a service account's request (`actorId`; or the system when it
 * is null), a secret-scanning partner's report of a leaked secret, an anonymous public revocation, or
 * the janitor applying an organization's credential policy (issue 32).
 */
export const PRINCIPAL_TYPES = ['service-accounts', 'secret-scanning', 'public-revocation', 'policy'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** One change, recorded in the same transaction as the change itself. Never holds a secret. */
export interface AuditEvent {
  id: string;
  organizationId: string;
  principalType: PrincipalType;
  /** The account that acted; null for the system (bootstrap, CLI) and for the other principal types. */
  actorId: string | null;
  actorKeyId: string | null;
  /** The wire dialect the change came through (v1, v2, v3), or `system`. */
  dialect: string;
  action: string;
  targetType:
    'service-account' | 'key' | 'workspace' | 'organization' | 'role' | 'group' | 'federated-credential' | 'credential-policy' | 'webhook';
  targetId: string;
  /** The service account the change concerns, for reading an account's history. */
  serviceAccountId: string | null;
  requestId: string | null;
  /** Names of changed fields with their new (non-secret) values. */
  changes: Record<string, unknown>;
  /** Each changed field's value before and after (never a secret); empty for events recorded before issue 14. */
  values: AuditValue[];
  /** The target's name when the change was made (accounts, keys with a name, roles, groups …). */
  targetName: string | null;
  /** Where the request came from; null for the system and for events recorded before issue 14. */
  clientIp: string | null;
  userAgent: string | null;
  createdAt: string;
}

/** One field of an audited change: null `before` on creation, null `after` on deletion. */
export interface AuditValue {
  field: string;
  before: unknown;
  after: unknown;
}
