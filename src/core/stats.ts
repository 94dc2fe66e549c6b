// An organization's service accounts and keys in figures (Ctrl-Hub's `…/stats`, issue 26): counted
// by the store, a fixed number of statements whatever the organization's size.
import { requireCapability, type Principal } from './authorization';
import type { CoreDeps } from './deps';

export interface AccountStats {
  accounts: { total: number; enabled: number; disabled: number };
  /** Keys that are not revoked (revoked ones are gone in v3); `enabled`: of those, the ones not disabled. */
  keys: { total: number; enabled: number };
}

export async function accountStats(deps: CoreDeps, p: Principal): Promise<AccountStats> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const total = await repos.accounts.count(p.organizationId, {});
    const enabled = await repos.accounts.count(p.organizationId, { enabled: true });
    const keys = await repos.overview.keyCounts(p.organizationId);
    return { accounts: { total, enabled, disabled: total - enabled }, keys };
  });
}
