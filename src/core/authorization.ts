// Who may do what: roles, scopes with their dialect aliases, credential caps, no escalation.
import { forbidden } from './errors';
import { ROLES, type Role, type ServiceAccount } from './model';
import { isReadPermission } from './rules';

/** The authenticated caller: a service account and the credential it used. */
export interface Principal {
  accountId: string;
  organizationId: string;
  role: Role;
  keyId: string;
  /** Effective scopes: the key's scopes that the account still holds. */
  scopes: string[];
  /** A read-only credential (v1 `scope:"read"`). */
  readOnly: boolean;
  /** Explicit scopes an access token was narrowed to; undefined when not narrowed. */
  narrowedTo?: string[];
  /** Where the request came from, for the audit log. */
  via?: { dialect: string; requestId: string };
}

export type Capability = 'read' | 'write' | 'keys:write';

const WRITE_ALL: Capability[] = ['read', 'write', 'keys:write'];

/** Every scope spelling any dialect uses for service-account management, and what it grants. */
const SCOPE_CAPABILITIES: Record<string, Capability[]> = {
  'service-accounts:read': ['read'],
  'service-accounts:write': WRITE_ALL,
  'org:service-accounts:read': ['read'],
  'org:service-accounts:manage': WRITE_ALL,
  'service_account:read': ['read'],
  'service_account:write': WRITE_ALL,
  'apikey:create': ['keys:write'],
};

export const ROLE_IMPLIED_SCOPES: Partial<Record<Role, string[]>> = {
  Admin: ['service-accounts:read', 'service-accounts:write'],
  UserAdmin: ['service-accounts:read', 'service-accounts:write'],
};

export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

function capabilitiesOf(scopes: Iterable<string>): Set<Capability> {
  const caps = new Set<Capability>();
  for (const scope of scopes) for (const cap of SCOPE_CAPABILITIES[scope] ?? []) caps.add(cap);
  return caps;
}

/** Scopes the principal holds: its effective scopes plus those its role implies. */
export function heldScopes(p: Principal): string[] {
  return [...new Set([...p.scopes, ...(ROLE_IMPLIED_SCOPES[p.role] ?? [])])];
}

export function capabilities(p: Principal): Set<Capability> {
  let caps = capabilitiesOf(heldScopes(p));
  if (p.readOnly) caps = new Set([...caps].filter((c) => c === 'read'));
  if (p.narrowedTo) {
    const allowed = capabilitiesOf(p.narrowedTo);
    caps = new Set([...caps].filter((c) => allowed.has(c)));
  }
  return caps;
}

export function requireCapability(p: Principal, cap: Capability): void {
  if (!capabilities(p).has(cap)) throw forbidden(`This credential lacks the privilege to ${describe(cap)}`);
}

/** Key writes are allowed by general write access or by the narrower `apikey:create`. */
export function requireKeyWrite(p: Principal): void {
  const caps = capabilities(p);
  if (!caps.has('write') && !caps.has('keys:write')) throw forbidden('This credential lacks the privilege to manage keys');
}

function describe(cap: Capability): string {
  return cap === 'read' ? 'read service accounts' : 'change service accounts';
}

/** True when the principal holds `permission`, literally or through an equivalent alias. */
function holdsPermission(p: Principal, held: string[], permission: string): boolean {
  if (p.role === 'Admin') return true;
  if (held.includes(permission)) return true;
  const wanted = SCOPE_CAPABILITIES[permission];
  if (!wanted) return false;
  const have = capabilitiesOf(held);
  return wanted.every((c) => have.has(c));
}

/** Nobody grants more than it holds: a role above its own, or permissions it lacks → 403. */
export function assertCanGrant(p: Principal, grant: { role?: Role; permissions?: string[] }): void {
  if (grant.role && roleRank(grant.role) > roleRank(p.role)) {
    throw forbidden(`A ${p.role} cannot grant the role ${grant.role}`);
  }
  if (grant.permissions) {
    const held = heldScopes(p);
    const missing = grant.permissions.filter((perm) => !holdsPermission(p, held, perm));
    if (missing.length) throw forbidden(`Cannot grant permissions the caller does not hold: ${missing.join(', ')}`);
  }
}

/** Changing an account (or its keys) is granting what it has: the same rule applies. */
export function assertCanManage(p: Principal, target: ServiceAccount): void {
  assertCanGrant(p, { role: target.role, permissions: target.permissions });
}

/** The scopes a request made with this credential can exercise right now (forward auth, tokens). */
export function usableScopes(p: Principal): string[] {
  let scopes = heldScopes(p);
  if (p.narrowedTo) scopes = scopes.filter((s) => p.narrowedTo!.includes(s));
  if (p.readOnly) scopes = scopes.filter(isReadPermission);
  return scopes;
}
