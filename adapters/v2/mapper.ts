// Core ⇄ v2 wire shapes (seeds v2-contraforce-*). Every response field is listed by name.
import type { AccountChanges, CreateAccountRequest, KeyRequest } from '../../src/core';
import type { AccountView, AuditEvent, IssuedKey, KeyView, Role, Workspace, WorkspaceAssignment } from '../../src/core/model';

export interface V2CreateBody {
  name: string;
  description?: string | null;
  organizationalRole?: Role | null;
  workspaceAssignments?: WorkspaceAssignment[] | null;
  expirationDate?: string | null;
  scopes?: string[] | null;
}
export type V2UpdateBody = Partial<Record<'name' | 'description', string | null>> & {
  organizationalRole?: Role | null;
  workspaceAssignments?: WorkspaceAssignment[] | null;
};
export interface V2CredentialBody {
  expirationDate?: string | null;
  scopes?: string[] | null;
}

/** Core field names as v2 clients know them, for error messages. */
export const V2_FIELD_NAMES: Record<string, string> = {
  role: 'organizationalRole',
  permissions: 'scopes',
  expiresAt: 'expirationDate',
  enabled: 'isActive',
};

export function toCreateRequest(body: V2CreateBody): CreateAccountRequest {
  const scopes = body.scopes ?? [];
  return {
    name: body.name,
    description: body.description ?? null,
    role: body.organizationalRole ?? undefined,
    workspaceAssignments: body.workspaceAssignments ?? [],
    // v2 has no separate permissions: the first credential's scopes are the account's permissions,
    // so that credential follows the account (no explicit scopes of its own to cap it).
    permissions: scopes,
    firstKey: { expiresAt: body.expirationDate ?? null },
  };
}

/** Absent and null both mean "leave as it is" in v2 PUT. */
export function toChanges(body: V2UpdateBody): AccountChanges {
  const changes: AccountChanges = {};
  if (body.name != null) changes.name = body.name;
  if (body.description != null) changes.description = body.description;
  if (body.organizationalRole != null) changes.role = body.organizationalRole;
  if (body.workspaceAssignments != null) changes.workspaceAssignments = body.workspaceAssignments;
  return changes;
}

export function toKeyRequest(body: V2CredentialBody | null | undefined): KeyRequest {
  return { expiresAt: body?.expirationDate ?? null, scopes: body?.scopes ?? undefined };
}

export function renderCredential(k: KeyView) {
  return {
    id: k.id,
    clientSecretPrefix: k.secretPrefix,
    status: k.status,
    expirationDate: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    createdAt: k.createdAt,
    scopes: k.scopes,
  };
}

export function renderAccount(view: AccountView) {
  const { account: a, keys, workspaces } = view;
  const newestActive = keys.filter((k) => k.status === 'Active' && k.enabled).at(-1);
  const lastUsed =
    keys
      .map((k) => k.lastUsedAt)
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null;
  return {
    id: a.id,
    accountId: a.organizationId,
    name: a.name,
    description: a.description,
    isActive: a.status === 'active',
    organizationalRole: a.role,
    clientSecretPrefix: newestActive?.secretPrefix ?? null,
    credentialExpirationDate: newestActive?.expiresAt ?? null,
    workspaceAssignments: a.workspaceAssignments.map((w) => ({
      workspaceId: w.workspaceId,
      workspaceName: workspaces.get(w.workspaceId)?.name ?? null,
      role: w.role,
    })),
    credentials: keys.map(renderCredential),
    lastUsedAt: lastUsed,
    createdAt: a.createdAt,
    lastModifiedAt: a.updatedAt,
  };
}

/** The creation response: the account plus the first credential's client id and secret, shown once. */
export function renderCreatedAccount(view: AccountView, issued: IssuedKey) {
  return { clientId: issued.account.clientId, clientSecret: issued.secret, ...renderAccount(view) };
}

export function renderIssuedCredential(issued: IssuedKey) {
  return { clientId: issued.account.clientId, clientSecret: issued.secret, ...renderCredential(issued.key) };
}

export function renderAuditEvent(e: AuditEvent) {
  return {
    id: e.id,
    action: e.action,
    actorId: e.actorId,
    actorKeyId: e.actorKeyId,
    dialect: e.dialect,
    targetType: e.targetType,
    targetId: e.targetId,
    requestId: e.requestId,
    changes: e.changes,
    values: e.values.map((v) => ({ field: v.field, before: v.before ?? null, after: v.after ?? null })),
    clientIp: e.clientIp,
    userAgent: e.userAgent,
    occurredAt: e.createdAt,
    // Who acted when not a credential: `policy` for the janitor (issue 32); null otherwise.
    principalType: e.principalType,
  };
}

export function renderWorkspace(w: Workspace) {
  return { id: w.id, name: w.name };
}
