// Core ⇄ v1 wire shapes (docs/reference/v1.md, seed v1-legacy-*). Every response field is listed by name.
// v1 knows no roles or workspaces: it never sends them, so core writes leave them as they are.
import type { AccountChanges, CreateAccountRequest, KeyRequest } from '../../src/core';
import { usableScopes, type Principal } from '../../src/core/authorization';
import type { AccountView, IssuedKey, KeyView, Organization } from '../../src/core/model';
import type { API_KEY_SCOPES, CreateApiKey, CreateServiceAccount, UpdateServiceAccount } from '../../schemas/v1/requests';
import type { Static } from '@sinclair/typebox';
import type * as wire from '../../schemas/v1/responses';

type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function toCreateRequest(body: CreateServiceAccount): CreateAccountRequest {
  // v1 makes keys only through /v1/api-keys.
  return { name: body.name, description: body.description ?? null, permissions: body.permissions, firstKey: null };
}

export function toChanges(body: UpdateServiceAccount): AccountChanges {
  const changes: AccountChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.description !== undefined) changes.description = body.description;
  if (body.permissions !== undefined) changes.permissions = body.permissions;
  return changes;
}

/** "read" is a read-only key whose scopes default to the account's `:read` permissions (the core's rule). */
export function toKeyRequest(body: CreateApiKey): KeyRequest {
  return { name: body.name ?? null, description: body.description ?? null, readOnly: body.scope === 'read' };
}

export function renderAccount({ account: a }: AccountView): Static<typeof wire.account> {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    permissions: a.permissions,
    status: a.status,
    disabledAt: a.disabledAt,
    organizationId: a.organizationId,
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    updatedAt: a.updatedAt,
  };
}

const scopeOf = (k: KeyView): ApiKeyScope => (k.readOnly ? 'read' : 'read-write');

/** What every key response says after `id` (and, on creation, `key`). */
function keyDetails(k: KeyView) {
  return {
    name: k.name,
    description: k.description,
    scope: scopeOf(k),
    // v1 has no key status; a key disabled through v2 or v3 must not read as usable here.
    enabled: k.enabled,
    serviceAccountId: k.serviceAccountId,
    createdAt: k.createdAt,
    // v1 requests name no expiry, but an organization's credential policy may give a key one (issue 32).
    expiresAt: k.expiresAt,
  };
}

/** The creation response: the only one that carries `key`, the secret, with the account's client id, so Basic auth (clientId:key) works from v1 alone. */
export function renderIssuedApiKey({ key: k, secret, account }: IssuedKey): Static<typeof wire.issuedApiKey> {
  return { id: k.id, key: secret, clientId: account.clientId, ...keyDetails(k) };
}

export function renderApiKey(k: KeyView): Static<typeof wire.apiKey> {
  return { id: k.id, ...keyDetails(k) };
}

/** The caller: its account, the key it used, and what that key can use right now. */
export function renderWhoami(p: Principal, { account: a }: AccountView): Static<typeof wire.whoami> {
  return {
    serviceAccountId: a.id,
    organizationId: a.organizationId,
    name: a.name,
    permissions: usableScopes(p),
    keyId: p.keyId,
    scope: (p.readOnly ? 'read' : 'read-write') satisfies ApiKeyScope,
  };
}

/** `ACME Corp.` → `acme-corp`: B3OS shows a slug; iamgate derives it from the name (accents dropped). */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'org';
}

/** iamgate organizations are made by the system and never changed: no description, no creator, updatedAt = createdAt. */
export function renderOrganization(o: Organization): Static<typeof wire.organization> {
  return {
    id: o.id,
    slug: slugOf(o.name),
    name: o.name,
    description: null,
    createdBy: null,
    createdAt: o.createdAt,
    updatedAt: o.createdAt,
  };
}
