// What the signed-in credential may grant, by the rules the API applies (src/core/authorization.ts:
// assertCanGrant, assertCanManage; test/console/grants.test.ts holds the two together). The console
// offers only this; the server checks every request again anyway. No server code is imported here.

/** Organizational roles, most powerful first (src/core/model.ts ROLES). */
export const ROLES = ['Admin', 'UserAdmin', 'WorkspaceAdmin', 'AgentAdmin', 'Member'] as const;

/** The caller as GET /v3/iam/whoami describes it: its role, the scopes it can use now, and whether those cap it. */
export interface Caller {
  role: string;
  scopes: string[];
  capped: boolean;
}

/** The roles that manage every account, and the scopes they imply (ROLE_IMPLIED_SCOPES). */
const ROLE_IMPLIED_SCOPES: Record<string, string[]> = {
  Admin: ['service-accounts:read', 'service-accounts:write'],
  UserAdmin: ['service-accounts:read', 'service-accounts:write'],
};

type Capability = 'read' | 'write' | 'keys:write';
const ALL: Capability[] = ['read', 'write', 'keys:write'];

/** The scopes of service-account management and the dialects' spellings of them (SCOPE_CAPABILITIES). */
const SCOPE_CAPABILITIES: Record<string, Capability[]> = {
  'service-accounts:read': ['read'],
  'service-accounts:write': ALL,
  'service_account:read': ['read'],
  'service_account:write': ALL,
  'apikey:create': ['keys:write'],
  'org:service-accounts:read': ['read'],
  'org:service-accounts:manage': ALL,
};

/** The permissions the platform itself knows: offered even before any role or account uses them. */
export const BUILT_IN_PERMISSIONS = ['service-accounts:read', 'service-accounts:write'];

/** A permission's spelling (schemas/common/fields.ts), checked before the API is asked. */
export const PERMISSION_PATTERN = /^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$/;

function rank(role: string): number {
  const i = (ROLES as readonly string[]).indexOf(role);
  return i < 0 ? 0 : ROLES.length - i;
}

function capabilitiesOf(scopes: string[]): Set<Capability> {
  return new Set(scopes.flatMap((s) => SCOPE_CAPABILITIES[s] ?? []));
}

/** True when `held` covers `permission`, literally or through an equivalent spelling. */
function covers(held: string[], permission: string): boolean {
  if (held.includes(permission)) return true;
  const wanted = SCOPE_CAPABILITIES[permission];
  if (!wanted) return false;
  const have = capabilitiesOf(held);
  return wanted.every((c) => have.has(c));
}

/** Whether the caller may give an account this organizational role. */
export function mayGrantRole(caller: Caller, role: string): boolean {
  if (rank(role) > rank(caller.role)) return false;
  return !(caller.capped && ROLE_IMPLIED_SCOPES[role]);
}

/** Whether the caller may grant this permission (to an account, a role, a group's members or a key). */
export function mayGrantPermission(caller: Caller, permission: string): boolean {
  if (!caller.capped && caller.role === 'Admin') return true;
  return covers(caller.scopes, permission);
}

/** Any permission at all: an uncapped Admin (the console then lets it type one in). */
export function mayGrantAnyPermission(caller: Caller): boolean {
  return !caller.capped && caller.role === 'Admin';
}

/** Changing an account is granting what it holds: its role and its effective permissions. */
export function mayManage(caller: Caller, target: { role: string; permissions: string[] }): boolean {
  return mayGrantRole(caller, target.role) && target.permissions.every((p) => mayGrantPermission(caller, p));
}

/** What a key of this account may be capped to: its effective permissions and what its role implies. */
export function heldScopes(role: string, effectivePermissions: string[]): string[] {
  return [...new Set([...effectivePermissions, ...(ROLE_IMPLIED_SCOPES[role] ?? [])])];
}
