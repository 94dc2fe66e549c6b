// Leaked secrets revoke themselves (issue 30): keys whose secrets a secret-scanning partner reported,
// or anyone sent to the public revocation endpoint, are revoked at once with the reason `leaked`.
// src/auth found the keys (by their secrets, within the bcrypt budget); this only revokes. There is no
// caller to authorize: holding a key's secret is the right to kill it. The last-Admin rule does not
// hold here either: a leaked Admin key must die, and `iamgate admin create` recovers the organization.
import { changedValues, recordAudit, type AuditFact, type Reporter } from './audit';
import { KEY_FIELDS } from './account-writer';
import type { CoreDeps } from './deps';
import { keyStatus, type Key } from './model';

/** One reported secret's key, with where the report says it was found (secret scanning). */
export interface Leak {
  keyId: string;
  url?: string;
  source?: string;
}

/**
 * Revokes each key that is still live (neither revoked nor expired), in one transaction with its
 * audit event; the ids of the keys this revoked. A key named twice is revoked once.
 */
export async function revokeLeakedKeys(deps: CoreDeps, reporter: Reporter, leaks: Leak[]): Promise<Set<string>> {
  const revoked = new Set<string>();
  if (!leaks.length) return revoked;
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.store.transaction(async (repos) => {
    for (const leak of leaks) {
      const found = await repos.keys.getWithAccount(leak.keyId);
      if (!found) continue;
      const { key, account } = found;
      const status = keyStatus(key, now);
      if (status === 'Revoked' || status === 'Expired') continue;
      const before = { ...key };
      key.revokedAt = at;
      key.revokedReason = 'leaked';
      await repos.accounts.bumpVersion(account.organizationId, account.id, at);
      await repos.keys.update(key);
      await recordAudit(deps, repos, reporter, leakRevoked(before, key, leak), account.organizationId);
      revoked.add(key.id);
    }
  });
  return revoked;
}

function leakRevoked(before: Key, after: Key, leak: Leak): AuditFact {
  const report =
    leak.url !== undefined || leak.source !== undefined ? { report: { url: leak.url ?? null, source: leak.source ?? null } } : {};
  return {
    action: 'key.revoke',
    targetType: 'key',
    targetId: after.id,
    serviceAccountId: after.serviceAccountId,
    changes: { revokedAt: after.revokedAt, revokedReason: after.revokedReason, ...report },
    values: changedValues(KEY_FIELDS, before, after),
    targetName: after.name,
  };
}
