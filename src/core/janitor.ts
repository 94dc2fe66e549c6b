// The janitor (issue 32): applies each organization's credential policy. It disables keys unused for
// too long (not revoked: an operator can enable one again), warns before a key expires and reports
// keys that live longer than the policy allows (existing keys are never shortened silently). Each
// action is its own transaction and audit event (principal type `policy`); what it did is remembered
// (the key is disabled, a warning or a report is marked), so running it again does nothing twice.
// The plan is computed at any instant (`--as-of` of the dry run); only the real run writes.
import { changedValues, recordAudit } from './audit';
import { KEY_FIELDS } from './account-writer';
import { DAY_MS } from './credential-policy';
import type { CoreDeps } from './deps';
import { DomainError } from './errors';
import type { CredentialPolicy, KeyPolicyMarks } from './hygiene-model';
import { assertAdminRemains, isAdminUsable, lockOrganization, mayRemoveAdminAccess } from './last-admin';
import type { AuditValue, Key, ServiceAccount } from './model';
import type { Repositories } from './ports';

export type JanitorActionKind = 'disable' | 'warn-expiry' | 'over-lifetime';

/** One thing the janitor does (or, in a dry run, would do) to one key. */
export interface JanitorAction {
  action: JanitorActionKind;
  organizationId: string;
  serviceAccountId: string;
  keyId: string;
  keyName: string | null;
  /** disable: the instant its idle time counts from (last use, creation, or being enabled again). */
  idleSince?: string;
  disableUnusedKeysAfterDays?: number;
  /** warn-expiry and over-lifetime. */
  expiresAt?: string | null;
  warnBeforeExpiryDays?: number;
  createdAt?: string;
  maxKeyLifetimeDays?: number;
}

const PAGE = 500;

const later = (a: string, b: string | null | undefined) => (b && b > a ? b : a);
const expiredAt = (k: Key, at: number) => k.expiresAt !== null && Date.parse(k.expiresAt) <= at;

/** When the key's idle time starts: its last use (or creation), or being enabled again if later. */
export function idleSince(key: Key, marks: KeyPolicyMarks | undefined): string {
  return later(key.lastUsedAt ?? key.createdAt, marks?.enabledAt);
}

function isIdle(policy: CredentialPolicy, key: Key, marks: KeyPolicyMarks | undefined, at: number): boolean {
  const days = policy.disableUnusedKeysAfterDays;
  return !!days && key.enabled && !key.revokedAt && !expiredAt(key, at) && Date.parse(idleSince(key, marks)) <= at - days * DAY_MS;
}

function isExpiringUnwarned(policy: CredentialPolicy, key: Key, marks: KeyPolicyMarks | undefined, at: number): boolean {
  const days = policy.warnBeforeExpiryDays;
  if (!days || !key.expiresAt || !key.enabled || key.revokedAt) return false;
  const expires = Date.parse(key.expiresAt);
  return expires > at && expires <= at + days * DAY_MS && marks?.expiryWarnedFor !== key.expiresAt;
}

function isOverLifetimeUnreported(policy: CredentialPolicy, key: Key, marks: KeyPolicyMarks | undefined, at: number): boolean {
  const days = policy.maxKeyLifetimeDays;
  if (!days || key.revokedAt || expiredAt(key, at) || marks?.overLifetimeReportedAt) return false;
  return key.expiresAt === null || Date.parse(key.expiresAt) - Date.parse(key.createdAt) > days * DAY_MS;
}

/** Every action due at `asOf`, organization by organization, key by key (oldest first). */
export async function planJanitor(deps: CoreDeps, asOf: Date): Promise<JanitorAction[]> {
  const policies = await deps.store.run((repos) => repos.policies.active());
  const actions: JanitorAction[] = [];
  for (const policy of policies) actions.push(...(await planOrganization(deps, policy, asOf)));
  return actions;
}

async function planOrganization(deps: CoreDeps, policy: CredentialPolicy, asOf: Date): Promise<JanitorAction[]> {
  const at = asOf.getTime();
  const orgId = policy.organizationId;
  const actions: JanitorAction[] = [];
  /** Keys that log an active Admin in at `asOf`, and whether the plan disables each. */
  const adminKeys: { action: JanitorAction | null; idleSince: string }[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { keys, marks, accounts } = await deps.store.run(async (repos) => {
      const keys = await repos.keys.page(orgId, { excludeRevoked: true, limit: PAGE, offset });
      const ids = keys.map((k) => k.id);
      const owners = [...new Set(keys.map((k) => k.serviceAccountId))];
      return {
        keys,
        marks: ids.length ? await repos.keyMarks.forKeys(orgId, ids) : new Map<string, KeyPolicyMarks>(),
        accounts: new Map((owners.length ? await repos.accounts.getMany(orgId, owners) : []).map((a) => [a.id, a])),
      };
    });
    for (const key of keys) {
      const mark = marks.get(key.id);
      const base = { organizationId: orgId, serviceAccountId: key.serviceAccountId, keyId: key.id, keyName: key.name };
      let disabling: JanitorAction | null = null;
      if (isIdle(policy, key, mark, at)) {
        disabling = {
          action: 'disable',
          ...base,
          idleSince: idleSince(key, mark),
          disableUnusedKeysAfterDays: policy.disableUnusedKeysAfterDays!,
        };
        actions.push(disabling);
      } else if (isExpiringUnwarned(policy, key, mark, at)) {
        actions.push({ action: 'warn-expiry', ...base, expiresAt: key.expiresAt, warnBeforeExpiryDays: policy.warnBeforeExpiryDays! });
      }
      if (isOverLifetimeUnreported(policy, key, mark, at)) {
        actions.push({
          action: 'over-lifetime',
          ...base,
          createdAt: key.createdAt,
          expiresAt: key.expiresAt,
          maxKeyLifetimeDays: policy.maxKeyLifetimeDays!,
        });
      }
      const account = accounts.get(key.serviceAccountId);
      if (account && mayRemoveAdminAccess(account) && isAdminUsable(key, asOf))
        adminKeys.push({ action: disabling, idleSince: idleSince(key, mark) });
    }
    if (keys.length < PAGE) break;
  }
  return spareLastAdminKey(actions, adminKeys);
}

/**
 * Nobody disables the organization's last usable Admin key (the API refuses it too): when the plan
 * would disable every one, the most recently used stays enabled.
 */
function spareLastAdminKey(actions: JanitorAction[], adminKeys: { action: JanitorAction | null; idleSince: string }[]): JanitorAction[] {
  if (!adminKeys.length || adminKeys.some((k) => k.action === null)) return actions;
  const spared = adminKeys.reduce((a, b) => (b.idleSince > a.idleSince ? b : a)).action;
  return actions.filter((a) => a !== spared);
}

/** Does one planned action at `asOf`, in its own transaction; false when it is no longer due (or must not be done). */
export async function applyJanitorAction(deps: CoreDeps, action: JanitorAction, asOf: Date): Promise<boolean> {
  try {
    return await deps.store.transaction(async (repos) => {
      const key = await repos.keys.get(action.organizationId, action.keyId);
      if (!key || key.revokedAt) return false;
      const marks = (await repos.keyMarks.forKeys(action.organizationId, [key.id])).get(key.id);
      const policy = await repos.policies.get(action.organizationId);
      if (!policy) return false;
      const c: ActionContext = { deps, repos, policy, key, marks, asOf };
      if (action.action === 'disable') return disableIdle(c);
      if (action.action === 'warn-expiry') return warnExpiry(c);
      return reportOverLifetime(c);
    });
  } catch (err) {
    // The organization's last usable Admin key: left enabled (assertAdminRemains rolled it back).
    if (err instanceof DomainError && err.code === 'CONFLICT') return false;
    throw err;
  }
}

/** What one action sees, inside its transaction. */
interface ActionContext {
  deps: CoreDeps;
  repos: Repositories;
  policy: CredentialPolicy;
  key: Key;
  marks: KeyPolicyMarks | undefined;
  asOf: Date;
}

/** The policy's audit event about a key: no actor, principal type `policy`. */
function recordPolicyEvent(c: ActionContext, action: string, changes: Record<string, unknown>, values: AuditValue[] = []): Promise<void> {
  const { key } = c;
  return recordAudit(
    c.deps,
    c.repos,
    null,
    {
      action,
      principalType: 'policy',
      targetType: 'key',
      targetId: key.id,
      serviceAccountId: key.serviceAccountId,
      changes,
      values,
      targetName: key.name,
    },
    key.organizationId,
  );
}

async function disableIdle(c: ActionContext): Promise<boolean> {
  const { repos, policy, key, marks, asOf } = c;
  if (!isIdle(policy, key, marks, asOf.getTime())) return false;
  const account: ServiceAccount | null = await repos.accounts.get(key.organizationId, key.serviceAccountId);
  if (!account) return false;
  const before = { ...key };
  key.enabled = false;
  const losesAdmin = mayRemoveAdminAccess(account) && isAdminUsable(before, asOf);
  if (losesAdmin) await lockOrganization(repos, key.organizationId);
  // Key changes bump the account's version (its ETag), whoever makes them.
  await repos.accounts.bumpVersion(key.organizationId, account.id, asOf.toISOString());
  await repos.keys.update(key);
  if (losesAdmin) await assertAdminRemains(repos, key.organizationId, asOf);
  const changes = { enabled: false, idleSince: idleSince(before, marks), disableUnusedKeysAfterDays: policy.disableUnusedKeysAfterDays };
  await recordPolicyEvent(c, 'key.disable', changes, changedValues(KEY_FIELDS, before, key));
  return true;
}

async function warnExpiry(c: ActionContext): Promise<boolean> {
  const { repos, policy, key, marks, asOf } = c;
  if (!isExpiringUnwarned(policy, key, marks, asOf.getTime())) return false;
  if (!(await repos.keyMarks.warned(key.organizationId, key.id, key.expiresAt!))) return false;
  await recordPolicyEvent(c, 'key.expiring', { expiresAt: key.expiresAt, warnBeforeExpiryDays: policy.warnBeforeExpiryDays });
  return true;
}

async function reportOverLifetime(c: ActionContext): Promise<boolean> {
  const { repos, policy, key, marks, asOf } = c;
  if (!isOverLifetimeUnreported(policy, key, marks, asOf.getTime())) return false;
  if (!(await repos.keyMarks.overLifetime(key.organizationId, key.id, asOf.toISOString()))) return false;
  await recordPolicyEvent(c, 'key.over-lifetime', {
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    maxKeyLifetimeDays: policy.maxKeyLifetimeDays,
  });
  return true;
}
