// Role groups: the roles a group binds are granted to every service account in it. Binding a role,
// adding a member or replacing the members grants; the caller must be able to use everything
// granted and to manage every account concerned. Any change to a group (its name and description
// too, its members, its deletion) needs the caller to hold what the group grants now, as creating
// it did; removing also needs the accounts to be manageable. Every change locks the organization's
// row and recomputes what the accounts concerned inherit.
import { assertCanGrant, assertCanManage, requireCapability, type Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { recordAudit, recordAudits, type AuditFact } from './audit';
import type { CoreDeps } from './deps';
import { conflict, invalid, notFound, type FieldError } from './errors';
import { grantedBy, recomputeInherited, rolesById } from './inheritance';
import { lockOrganization } from './last-admin';
import { MAX_RELATED, related, type Group, type GroupBinding, type GroupView } from './model';
import type { GroupFilter, Repositories } from './ports';
import { nameTaken } from './name-taken';
import { FieldChecks, normalizeDescription, normalizeName } from './rules';
import { assertVersion } from './optimistic-writes';
import { isUuidShaped, readByIds } from './views';
import type { Page } from './roles';

export interface GroupChanges {
  name?: string;
  description?: string | null;
  /** The whole list; a binding with the `id` of an existing one keeps that id. */
  bindings?: { id?: string; roleId: string }[];
}

export async function listGroups(
  deps: CoreDeps,
  p: Principal,
  page: Page,
  filter: GroupFilter = {},
): Promise<{ items: GroupView[]; total: number }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const groups = await repos.groups.list(p.organizationId, page, filter);
    return { items: await groupViews(repos, p.organizationId, groups), total: await repos.groups.count(p.organizationId, filter) };
  });
}

export async function getGroup(deps: CoreDeps, p: Principal, id: string): Promise<GroupView> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => (await groupViews(repos, p.organizationId, [await groupOr404(repos, p.organizationId, id)]))[0]);
}

/** The organization's groups with these ids (those that exist), in the order given: what `include` adds. */
export async function getGroups(deps: CoreDeps, p: Principal, ids: string[]): Promise<GroupView[]> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const groups = await readByIds(ids, (wanted) => repos.groups.getMany(p.organizationId, wanted));
    return groupViews(repos, p.organizationId, groups);
  });
}

/** One page of a group's members, in id order. */
export async function listGroupMembers(
  deps: CoreDeps,
  p: Principal,
  id: string,
  page: Page,
): Promise<{ group: Group; members: string[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const group = await groupOr404(repos, p.organizationId, id);
    const members = await repos.groups.members(p.organizationId, group.id, { limit: page.limit + 1, offset: page.offset });
    return { group, members: members.slice(0, page.limit), hasMore: members.length > page.limit };
  });
}

/** Groups with their first members: one query for all of them, whatever their size. */
async function groupViews(repos: Repositories, orgId: string, groups: Group[]): Promise<GroupView[]> {
  const members = await repos.groups.membersOf(
    orgId,
    groups.map((g) => g.id),
    MAX_RELATED + 1,
  );
  return groups.map((group) => ({ group, members: related(members.get(group.id) ?? []) }));
}

export async function createGroup(deps: CoreDeps, p: Principal, req: GroupChanges & { name: string }): Promise<GroupView> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const name = normalizeName(req.name, checks);
  const description = normalizeDescription(req.description ?? null, checks);
  checks.throwIfAny();
  const at = deps.clock.now().toISOString();
  return nameTaken(
    'group',
    deps.store.transaction(async (repos) => {
      await lockOrganization(repos, p.organizationId);
      const acting = await actingPrincipal(repos, p, deps.clock.now());
      requireCapability(acting, 'write');
      const bindings = await checkedBindings(deps, repos, p.organizationId, req.bindings ?? [], []);
      const group: Group = {
        id: deps.ids.next(),
        organizationId: p.organizationId,
        name,
        description,
        bindings,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      // Binding a role is granting it to whoever joins: the caller must hold what it binds.
      await assertHoldsGrants(acting, repos, group);
      await repos.groups.insert(group);
      await recordAudit(
        deps,
        repos,
        p,
        groupFact('group.create', group, { name, description, bindings: bindings.map((b) => b.roleId) }),
        p.organizationId,
      );
      return { group, members: related([]) };
    }),
  );
}

export async function updateGroup(
  deps: CoreDeps,
  p: Principal,
  id: string,
  req: GroupChanges,
  expectedVersion?: number,
): Promise<GroupView> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const name = req.name === undefined ? undefined : normalizeName(req.name, checks);
  const description = req.description === undefined ? undefined : normalizeDescription(req.description, checks);
  checks.throwIfAny();
  return nameTaken(
    'group',
    deps.store.transaction(async (repos) => {
      await lockOrganization(repos, p.organizationId);
      const current = await groupOr404(repos, p.organizationId, id);
      assertVersion(current, expectedVersion);
      const acting = await actingPrincipal(repos, p, deps.clock.now());
      requireCapability(acting, 'write');
      await assertHoldsGrants(acting, repos, current);
      const members = await repos.groups.members(p.organizationId, id);
      const updated: Group = { ...current, updatedAt: deps.clock.now().toISOString(), version: current.version + 1 };
      if (name !== undefined) updated.name = name;
      if (description !== undefined) updated.description = description;
      if (req.bindings !== undefined)
        updated.bindings = await checkedBindings(deps, repos, p.organizationId, req.bindings, current.bindings);
      const changes = changedFields(current, updated);
      if (!Object.keys(changes).length) return { group: current, members: related(members) };
      if ('bindings' in changes) {
        await assertHoldsGrants(acting, repos, updated);
        for (const account of await repos.accounts.getMany(p.organizationId, members)) assertCanManage(acting, account);
      }
      if (!(await repos.groups.update(updated, current.version))) throw conflict('The group is being changed concurrently; retry');
      if ('bindings' in changes) await recomputeInherited(repos, p.organizationId, members);
      await recordAudit(deps, repos, p, groupFact('group.update', updated, changes), p.organizationId);
      return { group: updated, members: related(members) };
    }),
  );
}

export async function deleteGroup(deps: CoreDeps, p: Principal, id: string): Promise<void> {
  requireCapability(p, 'write');
  await deps.store.transaction(async (repos) => {
    await lockOrganization(repos, p.organizationId);
    const group = await groupOr404(repos, p.organizationId, id);
    const acting = await actingPrincipal(repos, p, deps.clock.now());
    requireCapability(acting, 'write');
    await assertHoldsGrants(acting, repos, group);
    const members = await repos.groups.members(p.organizationId, id);
    for (const account of await repos.accounts.getMany(p.organizationId, members)) assertCanManage(acting, account);
    await repos.groups.delete(p.organizationId, id);
    await recomputeInherited(repos, p.organizationId, members);
    await recordAudit(deps, repos, p, groupFact('group.delete', group, { name: group.name }), p.organizationId);
  });
}

export type MemberChange = 'add' | 'remove' | 'replace';

/** Adds, removes, or replaces (with `accountIds` as the whole list) the group's service accounts. */
export async function changeMembers(
  deps: CoreDeps,
  p: Principal,
  groupId: string,
  change: MemberChange,
  accountIds: string[],
): Promise<GroupView> {
  requireCapability(p, 'write');
  const wanted = [...new Set(accountIds)];
  return deps.store.transaction(async (repos) => {
    await lockOrganization(repos, p.organizationId);
    const group = await groupOr404(repos, p.organizationId, groupId);
    const acting = await actingPrincipal(repos, p, deps.clock.now());
    requireCapability(acting, 'write');
    await assertHoldsGrants(acting, repos, group);
    const current = await repos.groups.members(p.organizationId, groupId);
    // Sets: a group may have thousands of members, and a replacement names up to 100.
    const isMember = new Set(current);
    const isWanted = new Set(wanted);
    const adding = change === 'remove' ? [] : wanted.filter((id) => !isMember.has(id));
    const removing =
      change === 'add' ? [] : change === 'remove' ? wanted.filter((id) => isMember.has(id)) : current.filter((id) => !isWanted.has(id));
    const accounts = await existingAccounts(repos, p.organizationId, change === 'remove' ? removing : [...adding, ...removing]);
    for (const account of accounts) assertCanManage(acting, account);
    await repos.groups.addMembers(p.organizationId, groupId, adding);
    await repos.groups.removeMembers(p.organizationId, groupId, removing);
    await recomputeInherited(repos, p.organizationId, [...adding, ...removing]);
    const fact = (action: string) => (accountId: string) =>
      ({ action, targetType: 'group', targetId: groupId, serviceAccountId: accountId, changes: { group: group.name } }) as const;
    await recordAudits(
      deps,
      repos,
      p,
      [...adding.map(fact('group.member.add')), ...removing.map(fact('group.member.remove'))],
      p.organizationId,
    );
    const leaving = new Set(removing);
    return { group, members: related([...current.filter((id) => !leaving.has(id)), ...adding].sort()) };
  });
}

/** Changing a group in any way needs what it grants, as creating it did. */
async function assertHoldsGrants(acting: Principal, repos: Repositories, group: Group): Promise<void> {
  assertCanGrant(acting, { permissions: await grantedBy(repos, group.organizationId, [group]) });
}

/** The accounts, all of the caller's organization; any other id → 404 naming it (JSON:API: a related resource that does not exist). */
async function existingAccounts(repos: Repositories, orgId: string, ids: string[]) {
  const shaped = ids.filter(isUuidShaped);
  const found = shaped.length ? await repos.accounts.getMany(orgId, shaped) : [];
  const present = new Set(found.map((a) => a.id));
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length) throw notFound(`Service account ${missing[0]}`);
  return found;
}

/** Every binding names a role that exists (built-in or the organization's); ids of kept bindings stay. */
async function checkedBindings(
  deps: CoreDeps,
  repos: Repositories,
  orgId: string,
  wanted: { id?: string; roleId: string }[],
  current: GroupBinding[],
): Promise<GroupBinding[]> {
  const roles = await rolesById(repos, orgId, wanted.map((b) => b.roleId).filter(isUuidShaped));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  wanted.forEach((b, i) => {
    if (!roles.has(b.roleId))
      errors.push({ field: `bindings[${i}].role`, pointer: `/data/attributes/bindings/${i}/role`, message: `names no role (${b.roleId})` });
    else if (seen.has(b.roleId))
      errors.push({ field: `bindings[${i}].role`, pointer: `/data/attributes/bindings/${i}/role`, message: 'binds a role twice' });
    seen.add(b.roleId);
  });
  if (errors.length) throw invalid(errors);
  return wanted.map((b) => {
    const kept = current.find((c) => (b.id !== undefined && c.id === b.id) || (b.id === undefined && c.roleId === b.roleId));
    return { id: kept?.id ?? deps.ids.next(), roleId: b.roleId };
  });
}

async function groupOr404(repos: Repositories, orgId: string, id: string): Promise<Group> {
  const group = isUuidShaped(id) ? await repos.groups.get(orgId, id) : null;
  if (!group) throw notFound('Group');
  return group;
}

function changedFields(before: Group, after: Group): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (before.name !== after.name) out.name = after.name;
  if (before.description !== after.description) out.description = after.description;
  if (JSON.stringify(before.bindings.map((b) => b.roleId)) !== JSON.stringify(after.bindings.map((b) => b.roleId)))
    out.bindings = after.bindings.map((b) => b.roleId);
  return out;
}

function groupFact(action: string, group: Group, changes: Record<string, unknown>): AuditFact {
  return { action, targetType: 'group', targetId: group.id, serviceAccountId: null, changes };
}
