// Who may do what: roles, scopes with their dialect aliases, credential caps, no escalation.
// A credential grants and reports only what it can use right now: its key's explicit scopes, a
// token's narrowing and a v1 read-only key each cap it, whatever the account's role.
import { forbidden } from './errors';
import { ROLES, keyStatus, type Key, type Role, type ServiceAccount } from './model';
import { isReadPermission } from './rules';

/** The authenticated caller: a service account and the credential it used. */
export interface Principal {
  accountId: string;
  organizationId: string;
  role: Role;
  keyId: string;
  /** The access token used, when the credential is one (idempotency records are per credential). */
  tokenId?: string;
  /**
   * What the key holds now: its explicit scopes that the account still holds, or (a key made
   * without scopes) everything the account holds, with what its role implies.
   */
  scopes: string[];
  /** The key was made with explicit scopes: they cap it, whatever the role. */
  capped: boolean;
  /** A read-only credential (v1 `scope:"read"`). */
  readOnly: boolean;
  /** Explicit scopes an access token was narrowed to; undefined when not narrowed. */
  narrowedTo?: string[];
  /** `keyId` names the federated credential that admitted the token, not a key (issue 31). */
  federated?: true;
  /** Where the request came from, for the audit log. */
  via?: { dialect: string; requestId: string; clientIp?: string; userAgent?: string };
}

export type Capability = 'read' | 'write' | 'keys:write';

const WRITE_ALL: Capability[] = ['read', 'write', 'keys:write'];

/**
 * The scopes of service-account management and what each grants: the canonical two, and the
 * spellings dialects register at start-up (their vocabulary; see registerScopeAliases).
 */
const SCOPE_CAPABILITIES: Record<string, Capability[]> = {
  'service-accounts:read': ['read'],
  'service-accounts:write': WRITE_ALL,
};

/** A dialect's spellings of scopes (`org:service-accounts:manage` → write): held the same as the canonical ones. */
export function registerScopeAliases(aliases: Record<string, Capability[]>): void {
  for (const [scope, caps] of Object.entries(aliases)) {
    const known = SCOPE_CAPABILITIES[scope];
    if (known && known.join() !== caps.join()) throw new Error(`scope ${scope} is registered twice with different meanings`);
    SCOPE_CAPABILITIES[scope] = [...caps];
  }
}

export const ROLE_IMPLIED_SCOPES: Partial<Record<Role, string[]>> = {
  Admin: ['service-accounts:read', 'service-accounts:write'],
  UserAdmin: ['service-accounts:read', 'service-accounts:write'],
};

export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/** An account's effective permissions: its own and those of every role bound in every group it is in. */
export function effectivePermissions(account: Pick<ServiceAccount, 'permissions'> & { inheritedPermissions?: string[] }): string[] {
  return [...new Set([...account.permissions, ...(account.inheritedPermissions ?? [])])];
}

/** What an account holds: its effective permissions and the scopes its organizational role implies. */
export function accountScopes(account: Pick<ServiceAccount, 'permissions' | 'role'> & { inheritedPermissions?: string[] }): string[] {
  return [...new Set([...effectivePermissions(account), ...(ROLE_IMPLIED_SCOPES[account.role] ?? [])])];
}

/** The caller a key (and its account) makes, before any token narrowing. */
export function principalFor(key: Key, account: ServiceAccount): Principal {
  const held = accountScopes(account);
  return {
    accountId: account.id,
    organizationId: account.organizationId,
    role: account.role,
    keyId: key.id,
    scopes: key.scopesExplicit ? key.scopes.filter((s) => held.includes(s)) : held,
    capped: key.scopesExplicit,
    readOnly: key.readOnly,
  };
}

/** Why this key cannot be used now, or null when it can. */
export function unusableReason(key: Key, account: ServiceAccount, now: Date): string | null {
  const status = keyStatus(key, now);
  if (status !== 'Active') return `The key is ${status.toLowerCase()}`;
  if (!key.enabled) return 'The key is disabled';
  if (account.status !== 'active') return 'The service account is disabled';
  return null;
}

function capabilitiesOf(scopes: Iterable<string>): Set<Capability> {
  const caps = new Set<Capability>();
  for (const scope of scopes) for (const cap of SCOPE_CAPABILITIES[scope] ?? []) caps.add(cap);
  return caps;
}

/** The scopes a request made with this credential can exercise right now (forward auth, tokens). */
export function usableScopes(p: Principal): string[] {
  let scopes = p.scopes;
  if (p.narrowedTo) scopes = scopes.filter((s) => p.narrowedTo!.includes(s));
  if (p.readOnly) scopes = scopes.filter(isReadPermission);
  return scopes;
}

/** No cap of any kind: the account's role works with its whole power. */
export function hasFullPower(p: Principal): boolean {
  return !p.capped && !p.readOnly && !p.narrowedTo;
}

export function capabilities(p: Principal): Set<Capability> {
  const caps = capabilitiesOf(usableScopes(p));
  if (p.readOnly) return new Set([...caps].filter((c) => c === 'read'));
  return caps;
}

export function hasCapability(p: Principal, cap: Capability): boolean {
  return capabilities(p).has(cap);
}

export function requireCapability(p: Principal, cap: Capability): void {
  if (!hasCapability(p, cap)) throw forbidden(`This credential lacks the privilege to ${describe(cap)}`);
}

/** Key writes are allowed by general write access or by the narrower `apikey:create`. */
export function requireKeyWrite(p: Principal): void {
  const caps = capabilities(p);
  if (!caps.has('write') && !caps.has('keys:write')) throw forbidden('This credential lacks the privilege to manage keys');
}

function describe(cap: Capability): string {
  return cap === 'read' ? 'read service accounts' : 'change service accounts';
}

/** True when `held` covers `permission`, literally or through an equivalent alias. */
function covers(held: string[], permission: string): boolean {
  if (held.includes(permission)) return true;
  const wanted = SCOPE_CAPABILITIES[permission];
  if (!wanted) return false;
  const have = capabilitiesOf(held);
  return wanted.every((c) => have.has(c));
}

/**
 * Nobody grants more than this credential can use: a role above its own, a role that implies
 * scopes from a capped credential, or permissions it cannot exercise → 403. Only an uncapped
 * Admin credential may grant any permission.
 */
export function assertCanGrant(p: Principal, grant: { role?: Role; permissions?: string[] }): void {
  const full = hasFullPower(p);
  if (grant.role && roleRank(grant.role) > roleRank(p.role)) {
    throw forbidden(`A ${p.role} cannot grant the role ${grant.role}`);
  }
  if (grant.role && !full && ROLE_IMPLIED_SCOPES[grant.role]) {
    throw forbidden(`A narrowed, scope-limited or read-only credential cannot grant the role ${grant.role}`);
  }
  if (grant.permissions && !(full && p.role === 'Admin')) {
    const usable = full ? p.scopes : usableScopes(p);
    const missing = grant.permissions.filter((perm) => !covers(usable, perm));
    if (missing.length) throw forbidden(`Cannot grant permissions this credential cannot use: ${missing.join(', ')}`);
  }
}

/** Changing an account (or its keys, or its groups) is granting what it has: the same rule applies. */
export function assertCanManage(p: Principal, target: ServiceAccount): void {
  assertCanGrant(p, { role: target.role, permissions: effectivePermissions(target) });
}

/** What a credential could do when a request was first answered (idempotent replays). */
export interface Authority {
  role: Role;
  scopes: string[];
  full: boolean;
}

export function authorityOf(p: Principal): Authority {
  return { role: p.role, scopes: [...usableScopes(p)].sort(), full: hasFullPower(p) };
}

/** True when the credential can still do everything it could when `then` was recorded. */
export function stillCovers(p: Principal, then: Authority): boolean {
  const now = authorityOf(p);
  if (roleRank(now.role) < roleRank(then.role)) return false;
  if (then.full && !now.full) return false;
  return then.scopes.every((s) => now.scopes.includes(s));
}

/** The scopes iamgate itself grants something with (the canonical two and the dialects' spellings), with what each grants. */
export function grantingScopes(): ReadonlyMap<string, readonly Capability[]> {
  return new Map(Object.entries(SCOPE_CAPABILITIES));
}
