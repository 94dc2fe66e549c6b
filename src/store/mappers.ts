// Rows ⇄ core records. JSON columns are text so one schema works on both engines.
import type {
  AccessToken,
  AuditEvent,
  Group,
  IamRole,
  Key,
  Organization,
  Role,
  ServiceAccount,
  Workspace,
  WorkspaceAssignment,
} from '../core/model';
import { nameKey } from '../core/rules';
import type { AccessTokenRow, AccountRow, AuditRow, GroupRow, RoleRow, KeyRow, OrganizationRow, WorkspaceRow } from './entities';

/** The uniqueness key of a name (NFKC, case-folded): one definition, the core's. */
export { nameKey };

export const toOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, createdAt: r.created_at });
export const fromOrganization = (o: Organization): OrganizationRow => ({ id: o.id, name: o.name, created_at: o.createdAt });

export const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  createdAt: r.created_at,
});
export const fromWorkspace = (w: Workspace): WorkspaceRow => ({
  id: w.id,
  organization_id: w.organizationId,
  name: w.name,
  name_key: nameKey(w.name),
  created_at: w.createdAt,
});

export const toAccount = (r: AccountRow): ServiceAccount => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  description: r.description,
  role: r.role as Role,
  permissions: JSON.parse(r.permissions) as string[],
  workspaceAssignments: JSON.parse(r.workspace_assignments) as WorkspaceAssignment[],
  status: r.status === 'disabled' ? 'disabled' : 'active',
  disabledAt: r.disabled_at,
  email: r.email,
  clientId: r.client_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: Number(r.version),
  inheritedPermissions: JSON.parse(r.inherited_permissions ?? '[]') as string[],
});

/** Without inherited_permissions: only the inheritance recompute writes it, so an account update never undoes one. */
export const fromAccount = (a: ServiceAccount): AccountRow => ({
  id: a.id,
  organization_id: a.organizationId,
  name: a.name,
  name_key: nameKey(a.name),
  description: a.description,
  role: a.role,
  permissions: JSON.stringify(a.permissions),
  workspace_assignments: JSON.stringify(a.workspaceAssignments),
  status: a.status,
  disabled_at: a.disabledAt,
  email: a.email,
  client_id: a.clientId,
  created_at: a.createdAt,
  created_by: a.createdBy,
  updated_at: a.updatedAt,
  version: a.version,
});

export const toKey = (r: KeyRow): Key => ({
  id: r.id,
  organizationId: r.organization_id,
  serviceAccountId: r.service_account_id,
  name: r.name,
  description: r.description,
  secretHash: r.secret_hash,
  secretPrefix: r.secret_prefix,
  scopes: JSON.parse(r.scopes) as string[],
  scopesExplicit: Boolean(r.scopes_explicit),
  readOnly: Boolean(r.read_only),
  enabled: Boolean(r.enabled),
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export const fromKey = (k: Key): KeyRow => ({
  id: k.id,
  organization_id: k.organizationId,
  service_account_id: k.serviceAccountId,
  name: k.name,
  description: k.description,
  secret_hash: k.secretHash,
  secret_prefix: k.secretPrefix,
  scopes: JSON.stringify(k.scopes),
  scopes_explicit: k.scopesExplicit,
  read_only: k.readOnly,
  enabled: k.enabled,
  expires_at: k.expiresAt,
  last_used_at: k.lastUsedAt,
  created_at: k.createdAt,
  revoked_at: k.revokedAt,
});

export const toAccessToken = (r: AccessTokenRow): AccessToken => ({
  id: r.id,
  organizationId: r.organization_id,
  serviceAccountId: r.service_account_id,
  keyId: r.key_id,
  tokenHash: r.token_hash,
  scopes: JSON.parse(r.scopes) as string[],
  narrowed: Boolean(r.narrowed),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export const fromAccessToken = (t: AccessToken): AccessTokenRow => ({
  id: t.id,
  organization_id: t.organizationId,
  service_account_id: t.serviceAccountId,
  key_id: t.keyId,
  token_hash: t.tokenHash,
  scopes: JSON.stringify(t.scopes),
  narrowed: t.narrowed,
  created_at: t.createdAt,
  expires_at: t.expiresAt,
  revoked_at: t.revokedAt,
});

export const toAuditEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  organizationId: r.organization_id,
  actorId: r.actor_id,
  actorKeyId: r.actor_key_id,
  dialect: r.dialect,
  action: r.action,
  targetType: r.target_type as AuditEvent['targetType'],
  targetId: r.target_id,
  serviceAccountId: r.service_account_id,
  requestId: r.request_id,
  changes: JSON.parse(r.changes) as Record<string, unknown>,
  values: r.audit_values ? (JSON.parse(r.audit_values) as AuditEvent['values']) : [],
  targetName: r.target_name ?? null,
  clientIp: r.client_ip ?? null,
  userAgent: r.user_agent ?? null,
  createdAt: r.created_at,
  principalType: (r.principal_type ?? null) as AuditEvent['principalType'],
});

export const fromAuditEvent = (e: AuditEvent): AuditRow => ({
  id: e.id,
  organization_id: e.organizationId,
  actor_id: e.actorId,
  actor_key_id: e.actorKeyId,
  dialect: e.dialect,
  action: e.action,
  target_type: e.targetType,
  target_id: e.targetId,
  service_account_id: e.serviceAccountId,
  request_id: e.requestId,
  changes: JSON.stringify(e.changes),
  created_at: e.createdAt,
  audit_values: JSON.stringify(e.values),
  // The columns' widths (a user agent may be longer than anyone needs to read).
  target_name: e.targetName?.slice(0, 400) ?? null,
  client_ip: e.clientIp?.slice(0, 64) ?? null,
  user_agent: e.userAgent?.slice(0, 512) ?? null,
  principal_type: e.principalType ?? null,
});

export const toRole = (r: RoleRow): IamRole => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  description: r.description,
  permissions: JSON.parse(r.permissions) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const fromRole = (r: IamRole): RoleRow => ({
  id: r.id,
  organization_id: r.organizationId!,
  name: r.name,
  name_key: nameKey(r.name),
  description: r.description,
  permissions: JSON.stringify(r.permissions),
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

export const toGroup = (r: GroupRow): Group => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  description: r.description,
  bindings: JSON.parse(r.bindings) as Group['bindings'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});
export const fromGroup = (g: Group): GroupRow => ({
  id: g.id,
  organization_id: g.organizationId,
  name: g.name,
  name_key: nameKey(g.name),
  description: g.description,
  bindings: JSON.stringify(g.bindings),
  created_at: g.createdAt,
  updated_at: g.updatedAt,
  version: g.version,
});
