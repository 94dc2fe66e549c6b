// Rows of the model for tests that write to a store directly (the store contract suite, unit tests
// of the core): every field given, ids UUID v7 (so id order is creation order), names and emails
// unique unless a test says otherwise. Each contract case makes an organization of its own.
import type { FederatedCredential } from '../../src/core/federation-rules';
import type { CredentialPolicy, StoredWebhookSubscription, WebhookDelivery } from '../../src/core/hygiene-model';
import type { AuditEvent, Group, IamRole, Key, Organization, ServiceAccount, Workspace } from '../../src/core/model';
import type { Store } from '../../src/core/ports';
import { uuidIds } from '../../src/ids';

export const newId = (): string => uuidIds.next();
const unique = () => uuidIds.random().slice(0, 8);
export const AT = '2030-01-01T00:00:00.000Z';

export async function newOrganization(store: Store): Promise<Organization> {
  const org: Organization = { id: newId(), name: `Org ${unique()}`, createdAt: AT };
  await store.run((r) => r.organizations.insert(org));
  return org;
}

export function accountRow(orgId: string, fields: Partial<ServiceAccount> = {}): ServiceAccount {
  const id = fields.id ?? newId();
  return {
    id,
    organizationId: orgId,
    name: `Account ${unique()}`,
    description: 'a test account',
    role: 'Member',
    permissions: ['service-accounts:read'],
    workspaceAssignments: [],
    status: 'active',
    disabledAt: null,
    email: `${id}@${orgId}.iam.test`,
    clientId: uuidIds.random(),
    createdAt: AT,
    createdBy: null,
    updatedAt: AT,
    version: 1,
    inheritedPermissions: [],
    ...fields,
  };
}

export function keyRow(account: Pick<ServiceAccount, 'id' | 'organizationId'>, fields: Partial<Key> = {}): Key {
  return {
    id: newId(),
    organizationId: account.organizationId,
    serviceAccountId: account.id,
    name: null,
    description: null,
    secretHash: `hash-${unique()}`,
    secretPrefix: 'iamg_abcdefg',
    scopes: ['service-accounts:read'],
    scopesExplicit: false,
    readOnly: false,
    enabled: true,
    expiresAt: null,
    lastUsedAt: null,
    createdAt: AT,
    revokedAt: null,
    revokedReason: null,
    ...fields,
  };
}

export function workspaceRow(orgId: string, fields: Partial<Workspace> = {}): Workspace {
  return { id: newId(), organizationId: orgId, name: `Workspace ${unique()}`, createdAt: AT, ...fields };
}

export function roleRow(orgId: string, fields: Partial<IamRole> = {}): IamRole {
  return {
    id: newId(),
    organizationId: orgId,
    name: `role-${unique()}`,
    description: null,
    permissions: ['billing:read'],
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

export function groupRow(orgId: string, fields: Partial<Group> = {}): Group {
  return {
    id: newId(),
    organizationId: orgId,
    name: `group-${unique()}`,
    description: null,
    bindings: [],
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...fields,
  };
}

export function auditRow(orgId: string, fields: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: newId(),
    organizationId: orgId,
    principalType: 'service-accounts',
    actorId: null,
    actorKeyId: null,
    dialect: 'system',
    action: 'service-account.create',
    targetType: 'service-account',
    targetId: newId(),
    serviceAccountId: null,
    requestId: null,
    changes: { name: 'x' },
    values: [{ field: 'name', before: null, after: 'x' }],
    targetName: 'x',
    clientIp: null,
    userAgent: null,
    createdAt: AT,
    ...fields,
  };
}

export function federatedCredentialRow(
  account: Pick<ServiceAccount, 'id' | 'organizationId'>,
  fields: Partial<FederatedCredential> = {},
): FederatedCredential {
  return {
    id: newId(),
    organizationId: account.organizationId,
    serviceAccountId: account.id,
    name: `rule-${unique()}`,
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:acme/app:ref:refs/heads/main',
    audiences: ['iamgate'],
    claims: {},
    jwks: null,
    allowTokenReuse: false,
    tokenKeyId: newId(),
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...fields,
  };
}

export function policyRow(orgId: string, fields: Partial<CredentialPolicy> = {}): CredentialPolicy {
  return {
    organizationId: orgId,
    maxKeyLifetimeDays: 90,
    disableUnusedKeysAfterDays: 30,
    warnBeforeExpiryDays: 7,
    updatedAt: AT,
    ...fields,
  };
}

export function webhookRow(orgId: string, fields: Partial<StoredWebhookSubscription> = {}): StoredWebhookSubscription {
  return {
    id: newId(),
    organizationId: orgId,
    url: `https://hooks.example.com/${unique()}`,
    events: ['key.created', 'key.revoked'],
    description: null,
    enabled: true,
    secretSealed: `sealed-${unique()}`,
    disabledReason: null,
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

export function deliveryRow(
  sub: Pick<StoredWebhookSubscription, 'id' | 'organizationId'>,
  fields: Partial<WebhookDelivery> = {},
): WebhookDelivery {
  return {
    id: newId(),
    subscriptionId: sub.id,
    organizationId: sub.organizationId,
    auditEventId: newId(),
    eventType: 'key.created',
    state: 'pending',
    attempts: 0,
    nextAttemptAt: AT,
    firstAttemptAt: null,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    createdAt: AT,
    finishedAt: null,
    ...fields,
  };
}

/** Inserts an account (and returns it as given). */
export async function insertAccount(store: Store, orgId: string, fields: Partial<ServiceAccount> = {}): Promise<ServiceAccount> {
  const account = accountRow(orgId, fields);
  await store.run((r) => r.accounts.insert(account));
  return account;
}

export async function insertKey(store: Store, account: ServiceAccount, fields: Partial<Key> = {}): Promise<Key> {
  const key = keyRow(account, fields);
  await store.run((r) => r.keys.insert(key));
  return key;
}
