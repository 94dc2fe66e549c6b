// Core ⇄ v2 wire shapes (seeds v2-contraforce-*). Every response field is listed by name, and each
// renderer returns its response schema's type (schemas/v2/responses.ts).
import type { AccountChanges, CreateAccountRequest, KeyRequest } from '../../src/core';
import type { FederatedCredential, FederatedCredentialRequest } from '../../src/core/federation-rules';
import type { AccountView, AuditEvent, IssuedKey, KeyView, Workspace } from '../../src/core/model';
import type { CreateFederatedCredential, V2FederatedCredential } from '../../schemas/v2/federation';
import type { CreateCredential, CreateServiceAccount, UpdateServiceAccount } from '../../schemas/v2/requests';
import type * as wire from '../../schemas/v2/responses';

/** Core field names as v2 clients know them, for error messages. */
export const V2_FIELD_NAMES: Record<string, string> = {
  role: 'organizationalRole',
  permissions: 'scopes',
  expiresAt: 'expirationDate',
  enabled: 'isActive',
};

export function toCreateRequest(body: CreateServiceAccount): CreateAccountRequest {
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
export function toChanges(body: UpdateServiceAccount): AccountChanges {
  const changes: AccountChanges = {};
  if (body.name != null) changes.name = body.name;
  if (body.description != null) changes.description = body.description;
  if (body.organizationalRole != null) changes.role = body.organizationalRole;
  if (body.workspaceAssignments != null) changes.workspaceAssignments = body.workspaceAssignments;
  return changes;
}

export function toKeyRequest(body: CreateCredential | undefined): KeyRequest {
  return { expiresAt: body?.expirationDate ?? null, scopes: body?.scopes ?? undefined };
}

export function renderCredential(k: KeyView): wire.V2Credential {
  return {
    id: k.id,
    clientSecretPrefix: k.secretPrefix,
    status: k.status,
    expirationDate: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    createdAt: k.createdAt,
    scopes: k.scopes,
    revokedReason: k.revokedReason,
  };
}

export function renderAccount(view: AccountView): wire.V2Account {
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
export function renderCreatedAccount(view: AccountView, issued: IssuedKey): wire.V2CreatedAccount {
  return { clientId: issued.account.clientId, clientSecret: issued.secret, ...renderAccount(view) };
}

export function renderIssuedCredential(issued: IssuedKey): wire.V2IssuedCredential {
  return { clientId: issued.account.clientId, clientSecret: issued.secret, ...renderCredential(issued.key) };
}

export function renderAuditEvent(e: AuditEvent): wire.V2AuditEvent {
  return {
    id: e.id,
    action: e.action,
    actorType: e.principalType,
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
  };
}

export function renderWorkspace(w: Workspace): wire.V2Workspace {
  return { id: w.id, name: w.name };
}

/** A federated credential's body as the rule it is to be: an optional field left out takes its default (a PUT replaces the rule whole). */
export function toFederatedCredentialRequest(body: CreateFederatedCredential): FederatedCredentialRequest {
  return {
    name: body.name,
    issuer: body.issuer,
    subject: body.subject,
    audiences: body.audiences,
    claims: body.claims ?? {},
    jwks: body.jwks ?? null,
    allowTokenReuse: body.allowTokenReuse ?? false,
  };
}

/** v1 shows rules this way too (camelCase, read-only there). */
export function renderFederatedCredential(c: FederatedCredential): V2FederatedCredential {
  return {
    id: c.id,
    serviceAccountId: c.serviceAccountId,
    name: c.name,
    issuer: c.issuer,
    subject: c.subject,
    audiences: c.audiences,
    claims: c.claims,
    jwks: c.jwks,
    allowTokenReuse: c.allowTokenReuse,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
