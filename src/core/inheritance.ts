// What accounts inherit through their groups, kept on each account's row: recomputed inside the
// transaction that changes a role, a binding or a membership, after the organization's row was
// locked (lockOrganization), so racing changes take turns and each recompute sees the last one's.
import { effectivePermissions } from './authorization';
import { builtinRole } from './builtin-roles';
import type { Group, IamRole, ServiceAccount } from './model';
import type { Repositories } from './ports';
import { followingScopes } from './rules';

/** Roles by id, built-in or the organization's; unknown ids are left out. */
export async function rolesById(repos: Repositories, orgId: string, ids: string[]): Promise<Map<string, IamRole>> {
  const unique = [...new Set(ids)];
  const custom = await repos.roles.getMany(
    orgId,
    unique.filter((id) => !builtinRole(id)),
  );
  const found = [...unique.map(builtinRole).filter((r): r is IamRole => r !== undefined), ...custom];
  return new Map(found.map((r) => [r.id, r]));
}

/** Every permission the groups' bindings grant. */
export async function grantedBy(repos: Repositories, orgId: string, groups: Group[]): Promise<string[]> {
  const roles = await rolesById(
    repos,
    orgId,
    groups.flatMap((g) => g.bindings.map((b) => b.roleId)),
  );
  return [...new Set(groups.flatMap((g) => g.bindings.flatMap((b) => roles.get(b.roleId)?.permissions ?? [])))];
}

export async function recomputeInherited(repos: Repositories, orgId: string, accountIds: string[]): Promise<void> {
  const ids = [...new Set(accountIds)];
  if (!ids.length) return;
  const memberships = await repos.groups.membershipsOf(orgId, ids);
  const groups = new Map((await repos.groups.getMany(orgId, [...new Set([...memberships.values()].flat())])).map((g) => [g.id, g]));
  const roles = await rolesById(
    repos,
    orgId,
    [...groups.values()].flatMap((g) => g.bindings.map((b) => b.roleId)),
  );
  const accounts = await repos.accounts.getMany(orgId, ids);
  const inherited = new Map(
    accounts.map((account) => [
      account.id,
      [
        ...new Set(
          (memberships.get(account.id) ?? [])
            .flatMap((gid) => groups.get(gid)?.bindings ?? [])
            .flatMap((b) => roles.get(b.roleId)?.permissions ?? []),
        ),
      ],
    ]),
  );
  // Written for all of them at once: a group may have thousands of members (issue 25).
  await repos.accounts.setInherited(orgId, inherited);
  await repos.keys.followAccounts(
    orgId,
    accounts.map((account) => following({ ...account, inheritedPermissions: inherited.get(account.id) ?? [] })),
  );
}

/**
 * The scopes of an account's keys made without scopes: what a key made now would get (the core's rule,
 * `followingScopes`: its effective permissions, only the read ones for a read-only key).
 */
function following(account: ServiceAccount) {
  const effective = effectivePermissions(account);
  return { accountId: account.id, readWrite: followingScopes(effective, false), readOnly: followingScopes(effective, true) };
}

/**
 * Keys made without scopes follow their account: their stored scopes (what v2 shows) are what a key
 * made now would get (`followingScopes`: the account's effective permissions, only the read ones for
 * a read-only key).
 */
export async function syncFollowingKeys(repos: Repositories, account: ServiceAccount): Promise<void> {
  await repos.keys.followAccounts(account.organizationId, [following(account)]);
}
