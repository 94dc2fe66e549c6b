// Nobody can lock an organization out: a change that would leave it with no active Admin holding a
// usable key (delete, disable or demote that Admin; revoke or disable its last key) is refused.
// Such changes lock the organization's row first, so two of them racing take turns and the second
// sees what the first left.
import { conflict } from './errors';
import type { Key, ServiceAccount } from './model';
import type { Repositories } from './ports';

/** Whether a change to `account` (or one of its keys) could remove the organization's last usable Admin. */
export function mayRemoveAdminAccess(account: ServiceAccount): boolean {
  return account.role === 'Admin' && account.status === 'active';
}

export async function lockOrganization(repos: Repositories, orgId: string): Promise<void> {
  await repos.organizations.lock(orgId);
}

/** After the change, inside its transaction: throws (so it rolls back) when no usable Admin is left. */
export async function assertAdminRemains(repos: Repositories, orgId: string, now: Date): Promise<void> {
  if ((await repos.accounts.countUsableAdmins(orgId, now.toISOString())) > 0) return;
  throw conflict(
    'This would leave the organization without an active Admin holding a usable key; create another Admin (or a new key for one) first',
  );
}

/** A key that logs an Admin in: enabled, not revoked or expired, not read-only. */
export function isAdminUsable(key: Key, now: Date): boolean {
  return key.enabled && !key.readOnly && !key.revokedAt && (!key.expiresAt || Date.parse(key.expiresAt) > now.getTime());
}
