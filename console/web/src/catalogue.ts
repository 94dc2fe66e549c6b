// What the organization has to grant from: its permissions, roles, groups and workspaces, read from
// the API each time a form opens (nothing is cached: another operator may have changed them).
import { call, iam, session } from './api';
import { BUILT_IN_PERMISSIONS } from './grants';

export interface RoleItem {
  id: string;
  name: string;
  description: string | null;
  custom: boolean;
  permissions: string[];
}

export interface GroupItem {
  id: string;
  name: string;
  description: string | null;
  /** The ids of the roles it binds. */
  roleIds: string[];
  /** The ids of its member accounts. */
  memberIds: string[];
}

export interface Workspace {
  id: string;
  name: string;
}

interface Resource {
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: { id: string }[] | null }>;
}

/** Every item of a v3 collection, a page of 100 at a time (at most 20 pages: 2,000 items). */
async function everything(path: string, action: string, optional = false): Promise<Resource[] | null> {
  const items: Resource[] = [];
  const join = path.includes('?') ? '&' : '?';
  for (let page = 0; page < 20; page++) {
    const r = await call<{ data: Resource[] }>(`${path}${join}page[limit]=100&page[offset]=${page * 100}`, { action, optional });
    if (!r) return null;
    items.push(...r.body.data);
    if (r.body.data.length < 100) break;
  }
  return items;
}

/** The built-in roles and the organization's own (GET /v3/iam/roles). */
export async function loadRoles(): Promise<RoleItem[]> {
  const items = (await everything('/v3/iam/roles', 'read the roles')) ?? [];
  return items.map((r) => ({
    id: r.id,
    name: String(r.attributes?.name ?? r.id),
    description: (r.attributes?.description as string | null) ?? null,
    custom: r.attributes?.custom === true,
    permissions: (r.attributes?.permissions as string[] | undefined) ?? [],
  }));
}

/** The organization's groups with their bindings and members. */
export async function loadGroups(): Promise<GroupItem[]> {
  const items = (await everything(`${iam()}/groups?include=service_accounts`, 'read the groups')) ?? [];
  return items.map((g) => ({
    id: g.id,
    name: String(g.attributes?.name ?? g.id),
    description: (g.attributes?.description as string | null) ?? null,
    roleIds: ((g.attributes?.bindings as { role: string }[] | undefined) ?? []).map((b) => b.role),
    memberIds: (g.relationships?.service_accounts?.data ?? []).map((m) => m.id),
  }));
}

/** The organization's workspaces (v2). */
export async function loadWorkspaces(): Promise<Workspace[]> {
  const r = await call<{ data: Workspace[] }>('/api/v2/workspaces', { action: 'read the workspaces' });
  return r.body.data.map((w) => ({ id: w.id, name: w.name }));
}

/**
 * The permissions the organization has: those the server lists (GET /v3/iam/permissions, where it
 * exists), the built-in ones, every role's, the caller's own and `also` (what an account already holds).
 */
export async function loadPermissionNames(roles: RoleItem[], also: string[] = []): Promise<string[]> {
  const names = new Set<string>([...BUILT_IN_PERMISSIONS, ...roles.flatMap((r) => r.permissions), ...(session()?.scopes ?? []), ...also]);
  const listed = await everything('/v3/iam/permissions', 'read the permissions', true).catch(() => null);
  for (const p of listed ?? []) names.add(String(p.attributes?.name ?? p.id));
  return [...names].sort();
}
