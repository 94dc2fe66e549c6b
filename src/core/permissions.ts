// The permissions iamgate knows (Ctrl-Hub's permission catalogue, issue 26): the scopes it grants
// something with itself, and every permission the caller's organization's roles and service
// accounts name. Read in one statement, then filtered here.
import { grantingScopes, requireCapability, type Capability, type Principal } from './authorization';
import type { CoreDeps } from './deps';
import { notFound } from './errors';
import { nameKey } from './rules';

/** iamgate's own permissions are in this category; any other permission's category is its component. */
export const OWN_CATEGORY = 'iam';

export interface PermissionInfo {
  name: string;
  description: string;
  category: string;
  /** The part before the first `:` (`service-accounts` in `service-accounts:read`). */
  component: string;
  /** The part after the last `:` (`read`). */
  verb: string;
}

export interface PermissionFilter {
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  category?: string;
  component?: string;
}

const CANONICAL = ['service-accounts:read', 'service-accounts:write'];

function whatItGrants(caps: readonly Capability[]): string {
  if (caps.includes('write')) return 'Read and change service accounts, their keys, roles and groups';
  if (caps.includes('read')) return 'Read service accounts, their keys, roles and groups';
  return 'Make, enable and disable the keys of service accounts';
}

function describe(name: string, caps: readonly Capability[] | undefined): PermissionInfo {
  const component = name.slice(0, name.indexOf(':'));
  const verb = name.slice(name.lastIndexOf(':') + 1);
  if (!caps) {
    return {
      name,
      description:
        "Named by this organization's roles or service accounts: iamgate passes it on (tokens, forward authentication) and grants nothing with it itself.",
      category: component,
      component,
      verb,
    };
  }
  const same = CANONICAL.find((c) => c !== name && grantingScopes().get(c)?.join() === caps.join());
  return { name, description: `${whatItGrants(caps)}${same ? ` (as ${same})` : ''}.`, category: OWN_CATEGORY, component, verb };
}

function matches(p: PermissionInfo, f: PermissionFilter): boolean {
  if (f.category !== undefined && p.category !== f.category) return false;
  if (f.component !== undefined && p.component !== f.component) return false;
  return f.nameContains === undefined || nameKey(p.name).includes(nameKey(f.nameContains));
}

/** Every permission the organization can see, by name (code-point order, the same on every engine). */
export async function listPermissions(deps: CoreDeps, p: Principal, filter: PermissionFilter = {}): Promise<PermissionInfo[]> {
  requireCapability(p, 'read');
  const inUse = await deps.store.run((repos) => repos.overview.permissionsInUse(p.organizationId));
  const own = grantingScopes();
  const names = [...new Set([...own.keys(), ...inUse])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => describe(name, own.get(name))).filter((perm) => matches(perm, filter));
}

/** One permission by name; 404 for one iamgate neither grants nor finds in the organization. */
export async function getPermission(deps: CoreDeps, p: Principal, name: string): Promise<PermissionInfo> {
  const found = (await listPermissions(deps, p)).find((perm) => perm.name === name);
  if (!found) throw notFound('Permission');
  return found;
}
