// The core model: plain data, shared by every dialect. See contract section 1.

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
}

/** A key as the core reports it: its derived status, never its hash. */
export type KeyView = Omit<Key, 'secretHash'> & { status: KeyStatus };

/** An account with everything a dialect may show about it, loaded in one go. */
export interface AccountView {
  account: ServiceAccount;
  keys: KeyView[];
  workspaces: Map<string, Workspace>;
}

/** What a key-creating call returns: the only time the secret exists outside its hash. */
export interface IssuedKey {
  key: KeyView;
  secret: string;
  clientId: string;
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

/** One change, recorded in the same transaction as the change itself. Never holds a secret. */
export interface AuditEvent {
  id: string;
  organizationId: string;
  /** The account that acted; null for the system (bootstrap, CLI). */
  actorId: string | null;
  actorKeyId: string | null;
  /** The wire dialect the change came through (v1, v2, v3), or `system`. */
  dialect: string;
  action: string;
  targetType: 'service-account' | 'key' | 'workspace' | 'organization';
  targetId: string;
  /** The service account the change concerns, for reading an account's history. */
  serviceAccountId: string | null;
  requestId: string | null;
  /** Names of changed fields with their new (non-secret) values. */
  changes: Record<string, unknown>;
  createdAt: string;
}
