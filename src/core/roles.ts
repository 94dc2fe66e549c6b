// Roles: the built-in ones and an organization's own. A role's permissions reach the accounts in
// every group that binds it, so creating or changing one is granting: the caller must be able to
// use every permission it names and to manage every account it would reach. Any change (a new name
// or description too: "billing-admin" renamed "read-only-viewer" misleads whoever binds it next) and
// a deletion need the caller to hold what the role grants, as creating it did. Built-in roles never change.
import { assertCanGrant, assertCanManage, requireCapability, type Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { recordAudit } from './audit';
import { BUILTIN_ROLES, builtinRole } from './builtin-roles';
import type { CoreDeps } from './deps';
import { conflict, forbidden, notFound } from './errors';
import { recomputeInherited } from './inheritance';
import { lockOrganization } from './last-admin';
import type { IamRole } from './model';
import type { Repositories } from './ports';
import { nameTaken } from './name-taken';
import { FieldChecks, normalizeDescription, normalizeName, normalizePermissions } from './rules';
import { isUuidShaped } from './views';

export interface RoleChanges {
  name?: string;
  description?: string | null;
  permissions?: string[];
}

export interface Page {
  limit: number;
  offset: number;
}

/** `builtIn`: the built-in roles first, then the organization's (GET /v3/iam/roles); else only the organization's. */
export async function listRoles(deps: CoreDeps, p: Principal, page: Page, builtIn: boolean): Promise<{ items: IamRole[]; total: number }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const fixed = builtIn ? BUILTIN_ROLES : [];
    const head = fixed.slice(page.offset, page.offset + page.limit);
    const customOffset = Math.max(0, page.offset - fixed.length);
    const custom =
      head.length < page.limit ? await repos.roles.list(p.organizationId, { limit: page.limit - head.length, offset: customOffset }) : [];
    return { items: [...head, ...custom], total: fixed.length + (await repos.roles.count(p.organizationId)) };
  });
}

export async function getRole(deps: CoreDeps, p: Principal, id: string, builtIn: boolean): Promise<IamRole> {
  requireCapability(p, 'read');
  const fixed = builtIn ? builtinRole(id) : undefined;
  if (fixed) return fixed;
  return deps.store.run((repos) => customRoleOr404(repos, p.organizationId, id));
}

export async function createRole(deps: CoreDeps, p: Principal, req: RoleChanges & { name: string }): Promise<IamRole> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const at = deps.clock.now().toISOString();
  const role: IamRole = {
    id: deps.ids.next(),
    organizationId: p.organizationId,
    name: normalizeName(req.name, checks),
    description: normalizeDescription(req.description ?? null, checks),
    permissions: normalizePermissions(req.permissions ?? [], checks),
    createdAt: at,
    updatedAt: at,
  };
  checks.throwIfAny();
  assertCanGrant(p, { permissions: role.permissions });
  return nameTaken(
    'role',
    deps.store.transaction(async (repos) => {
      await lockOrganization(repos, p.organizationId);
      const acting = await actingPrincipal(repos, p, deps.clock.now());
      requireCapability(acting, 'write');
      assertCanGrant(acting, { permissions: role.permissions });
      await repos.roles.insert(role);
      await recordAudit(
        deps,
        repos,
        p,
        roleFact('role.create', role, { name: role.name, description: role.description, permissions: role.permissions }),
        p.organizationId,
      );
      return role;
    }),
  );
}

export async function updateRole(deps: CoreDeps, p: Principal, id: string, req: RoleChanges): Promise<IamRole> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const name = req.name === undefined ? undefined : normalizeName(req.name, checks);
  const description = req.description === undefined ? undefined : normalizeDescription(req.description, checks);
  const permissions = req.permissions === undefined ? undefined : normalizePermissions(req.permissions, checks);
  checks.throwIfAny();
  if (permissions) assertCanGrant(p, { permissions });
  return nameTaken(
    'role',
    deps.store.transaction(async (repos) => {
      await lockOrganization(repos, p.organizationId);
      const current = await changeableRole(repos, p.organizationId, id);
      const acting = await actingPrincipal(repos, p, deps.clock.now());
      requireCapability(acting, 'write');
      assertCanGrant(acting, { permissions: current.permissions });
      const updated: IamRole = { ...current, updatedAt: deps.clock.now().toISOString() };
      if (name !== undefined) updated.name = name;
      if (description !== undefined) updated.description = description;
      if (permissions !== undefined) updated.permissions = permissions;
      const changes = changedFields(current, updated);
      if (!Object.keys(changes).length) return current;
      let reached: string[] = [];
      if ('permissions' in changes) {
        // Everyone in a group binding the role gains or loses what changed: the caller must be able to manage them all.
        assertCanGrant(acting, { permissions: updated.permissions });
        reached = await membersOfGroupsBinding(repos, p.organizationId, id);
        for (const account of await repos.accounts.getMany(p.organizationId, reached)) assertCanManage(acting, account);
      }
      await repos.roles.update(updated);
      await recomputeInherited(repos, p.organizationId, reached);
      await recordAudit(deps, repos, p, roleFact('role.update', updated, changes), p.organizationId);
      return updated;
    }),
  );
}

export async function deleteRole(deps: CoreDeps, p: Principal, id: string): Promise<void> {
  requireCapability(p, 'write');
  await deps.store.transaction(async (repos) => {
    await lockOrganization(repos, p.organizationId);
    const role = await changeableRole(repos, p.organizationId, id);
    const acting = await actingPrincipal(repos, p, deps.clock.now());
    requireCapability(acting, 'write');
    assertCanGrant(acting, { permissions: role.permissions });
    const binding = (await repos.groups.all(p.organizationId)).filter((g) => g.bindings.some((b) => b.roleId === id));
    if (binding.length)
      throw conflict(`The role is bound in ${binding.length} group(s) (${binding.map((g) => g.name).join(', ')}); unbind it first`);
    await repos.roles.delete(p.organizationId, id);
    await recordAudit(deps, repos, p, roleFact('role.delete', role, { name: role.name }), p.organizationId);
  });
}

/** The organization's role with that id, to change or delete: a built-in one is 403, any other 404. */
async function changeableRole(repos: Repositories, orgId: string, id: string): Promise<IamRole> {
  if (builtinRole(id)) throw forbidden('Built-in roles cannot be changed or deleted');
  return customRoleOr404(repos, orgId, id);
}

async function customRoleOr404(repos: Repositories, orgId: string, id: string): Promise<IamRole> {
  const role = isUuidShaped(id) && !builtinRole(id) ? await repos.roles.get(orgId, id) : null;
  if (!role) throw notFound('Role');
  return role;
}

export async function membersOfGroupsBinding(repos: Repositories, orgId: string, roleId: string): Promise<string[]> {
  const groups = (await repos.groups.all(orgId)).filter((g) => g.bindings.some((b) => b.roleId === roleId));
  const members = await repos.groups.membersOf(
    orgId,
    groups.map((g) => g.id),
  );
  return [...new Set([...members.values()].flat())];
}

function changedFields(before: IamRole, after: IamRole): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ['name', 'description', 'permissions'] as const)
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = after[f];
  return out;
}

function roleFact(action: string, role: IamRole, changes: Record<string, unknown>) {
  return { action, targetType: 'role' as const, targetId: role.id, serviceAccountId: null, changes };
}
