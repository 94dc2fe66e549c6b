// Key use cases: issue, list, read, enable/disable, revoke.
import { assertCanManage, requireCapability, requireKeyWrite, type Principal } from './authorization';
import { buildKey, keyCreated } from './account-writer';
import { recordAudit, type AuditFact } from './audit';
import type { CoreDeps } from './deps';
import { notFound } from './errors';
import { viewKey, type IssuedKey, type Key, type KeyView, type ServiceAccount } from './model';
import type { Repositories } from './ports';
import { FieldChecks } from './rules';
import { assertVersion, untilWritten } from './optimistic-writes';
import { keyFields, type KeyRequest } from './service-accounts';
import { getAccountOr404, isUuidShaped } from './views';

export async function createKey(deps: CoreDeps, p: Principal, accountId: string, req: KeyRequest): Promise<IssuedKey> {
  requireKeyWrite(p);
  const account = await deps.store.run((repos) => getAccountOr404(repos, p.organizationId, accountId));
  assertCanManage(p, account);
  const checks = new FieldChecks();
  const fields = keyFields(req, account.permissions, deps.clock.now(), checks);
  checks.throwIfAny();
  const keyId = deps.ids.next();
  const minted = await deps.minter.mint(keyId);
  const now = deps.clock.now();
  const key = buildKey(keyId, account, fields, minted, now.toISOString());
  await deps.store.transaction(async (repos) => {
    // The account may have gone while bcrypt ran; the foreign key would refuse, but say 404.
    const current = await getAccountOr404(repos, p.organizationId, accountId);
    await repos.keys.insert(key);
    await touchAccount(repos, current, now);
    await recordAudit(deps, repos, p, keyCreated(key), p.organizationId);
  });
  return { key: viewKey(key, now), secret: minted.secret, clientId: account.clientId };
}

/** The most keys an org-wide listing returns. */
export const ORG_KEY_LIMIT = 1000;

/** The keys of one account, or with no account every key of the caller's organization. */
export async function listKeys(deps: CoreDeps, p: Principal, accountId?: string): Promise<KeyView[]> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const now = deps.clock.now();
    if (accountId === undefined) return (await repos.keys.listForOrg(p.organizationId, ORG_KEY_LIMIT)).map((k) => viewKey(k, now));
    await getAccountOr404(repos, p.organizationId, accountId);
    return (await repos.keys.listForAccounts(p.organizationId, [accountId])).map((k) => viewKey(k, now));
  });
}

/** A key by id; with `accountId`, it must belong to that account. */
export async function getKey(deps: CoreDeps, p: Principal, keyId: string, accountId?: string): Promise<KeyView> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => viewKey(await keyOr404(repos, p, keyId, accountId), deps.clock.now()));
}

/** `expectedVersion` is the owning account's: key changes bump it, so it serves as the key's ETag too. */
export async function revokeKey(
  deps: CoreDeps, p: Principal, keyId: string, accountId?: string, expectedVersion?: number,
): Promise<KeyView> {
  return changeKey(deps, p, { keyId, accountId, expectedVersion }, (key, at) => {
    if (!key.revokedAt) key.revokedAt = at;
  });
}

export async function setKeyEnabled(
  deps: CoreDeps, p: Principal, keyId: string, enabled: boolean, accountId?: string, expectedVersion?: number,
): Promise<KeyView> {
  return changeKey(deps, p, { keyId, accountId, expectedVersion }, (key) => {
    key.enabled = enabled;
  });
}

interface KeyTarget { keyId: string; accountId?: string; expectedVersion?: number }

/**
 * Read, check, change and write one key. The account's version is bumped only if it is still the
 * version read, before the key is written: two changes that read the same version (the same If-Match)
 * cannot both land, and neither records a change the other already made.
 */
async function changeKey(
  deps: CoreDeps, p: Principal, { keyId, accountId, expectedVersion }: KeyTarget, change: (key: Key, at: string) => void,
): Promise<KeyView> {
  requireKeyWrite(p);
  return untilWritten(expectedVersion, 'key', () => {
    const now = deps.clock.now();
    return deps.store.transaction(async (repos) => {
      const key = await keyOr404(repos, p, keyId, accountId);
      const account = await getAccountOr404(repos, p.organizationId, key.serviceAccountId);
      assertCanManage(p, account);
      assertVersion(account, expectedVersion);
      const before = { ...key };
      change(key, now.toISOString());
      const fact = keyChanged(before, key);
      if (fact) {
        if (!(await repos.accounts.bumpVersion(account.organizationId, account.id, now.toISOString(), account.version))) return null;
        await repos.keys.update(key);
        await recordAudit(deps, repos, p, fact, p.organizationId);
      }
      return viewKey(key, now);
    });
  });
}

/** A revocation, or an enable/disable; null when nothing changed. */
function keyChanged(before: Key, after: Key): AuditFact | null {
  const base = { targetType: 'key' as const, targetId: after.id, serviceAccountId: after.serviceAccountId };
  if (!before.revokedAt && after.revokedAt) return { ...base, action: 'key.revoke', changes: { revokedAt: after.revokedAt } };
  if (before.enabled !== after.enabled) return { ...base, action: after.enabled ? 'key.enable' : 'key.disable', changes: { enabled: after.enabled } };
  return null;
}

async function keyOr404(repos: Repositories, p: Principal, keyId: string, accountId?: string): Promise<Key> {
  const key = isUuidShaped(keyId) ? await repos.keys.get(p.organizationId, keyId) : null;
  if (!key || (accountId !== undefined && key.serviceAccountId !== accountId)) throw notFound('Key');
  return key;
}

/** A new key is a change of the account's representation: bump its version and time. */
async function touchAccount(repos: Repositories, account: ServiceAccount, now: Date): Promise<void> {
  // Unconditional: a concurrent account write must not make the new key invisible to ETags.
  await repos.accounts.bumpVersion(account.organizationId, account.id, now.toISOString());
}
