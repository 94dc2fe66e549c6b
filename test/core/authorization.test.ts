// The authorization rules as pure functions: what a credential may use, report and grant.
import {
  registerScopeAliases,
  assertCanGrant,
  assertCanManage,
  authorityOf,
  capabilities,
  hasFullPower,
  principalFor,
  stillCovers,
  usableScopes,
  type Principal,
} from '../../src/core/authorization';
import type { Key, Role, ServiceAccount } from '../../src/core/model';

const account = (role: Role, permissions: string[]): ServiceAccount => ({
  id: 'a1',
  organizationId: 'o1',
  name: 'A',
  description: null,
  role,
  permissions,
  workspaceAssignments: [],
  status: 'active',
  disabledAt: null,
  email: 'a@x',
  clientId: 'c1',
  createdAt: '',
  createdBy: null,
  updatedAt: '',
  version: 1,
  inheritedPermissions: [],
});
const key = (scopes: string[], explicit: boolean, readOnly = false): Key => ({
  id: 'k1',
  organizationId: 'o1',
  serviceAccountId: 'a1',
  name: null,
  description: null,
  secretHash: 'h',
  secretPrefix: 'p',
  scopes,
  scopesExplicit: explicit,
  readOnly,
  enabled: true,
  expiresAt: null,
  lastUsedAt: null,
  createdAt: '',
  revokedAt: null,
  revokedReason: null,
});
const RW = ['service-accounts:read', 'service-accounts:write'];
// A dialect's spelling (v2's), as the app registers it at start-up.
registerScopeAliases({ 'org:service-accounts:manage': ['read', 'write', 'keys:write'] });
const adminKey = (): Principal => principalFor(key(RW, false), account('Admin', RW));
const forbidden = (fn: () => void) => expect(fn).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));

describe('a key made without scopes', () => {
  test("keeps the role's full power: an Admin grants any permission and any role", () => {
    const p = adminKey();
    expect(hasFullPower(p)).toBe(true);
    expect(() => assertCanGrant(p, { role: 'Admin', permissions: ['billing:admin'] })).not.toThrow();
  });

  test("follows its account: the account's permissions and what its role implies", () => {
    const p = principalFor(key([], false), account('UserAdmin', ['billing:read']));
    expect(usableScopes(p).sort()).toEqual(['billing:read', ...RW].sort());
  });
});

describe('explicit key scopes cap the credential, whatever the role', () => {
  const readOnlyAdmin = () => principalFor(key(['service-accounts:read'], true), account('Admin', RW));

  test('an Admin key scoped to read can read, and cannot write or manage keys', () => {
    const p = readOnlyAdmin();
    expect([...capabilities(p)]).toEqual(['read']);
    expect(usableScopes(p)).toEqual(['service-accounts:read']);
  });

  test('it grants no role that implies scopes and no permission outside its scopes', () => {
    const p = principalFor(key(['service-accounts:write'], true), account('Admin', RW));
    forbidden(() => assertCanGrant(p, { role: 'Admin' }));
    forbidden(() => assertCanGrant(p, { role: 'UserAdmin' }));
    forbidden(() => assertCanGrant(p, { permissions: ['billing:admin'] }));
    expect(() => assertCanGrant(p, { role: 'Member', permissions: ['service-accounts:read'] })).not.toThrow();
  });

  test("it cannot manage an Admin (minting that Admin a key would grant the role's whole power)", () => {
    const p = principalFor(key(['service-accounts:write'], true), account('Admin', RW));
    forbidden(() => assertCanManage(p, account('Admin', RW)));
  });

  test('a scope the account no longer holds is not usable', () => {
    const p = principalFor(key(['billing:read', 'service-accounts:read'], true), account('Member', ['service-accounts:read']));
    expect(usableScopes(p)).toEqual(['service-accounts:read']);
  });
});

describe('a token narrowed to service-accounts:write', () => {
  const narrowed = (): Principal => ({ ...adminKey(), narrowedTo: ['service-accounts:write'] });

  test('reports and uses only the narrowed scope', () => {
    expect(usableScopes(narrowed())).toEqual(['service-accounts:write']);
    expect(hasFullPower(narrowed())).toBe(false);
  });

  test('cannot create an account holding billing:admin, nor an Admin', () => {
    forbidden(() => assertCanGrant(narrowed(), { permissions: ['billing:admin'] }));
    forbidden(() => assertCanGrant(narrowed(), { role: 'Admin' }));
  });
});

describe('a v1 read-only key', () => {
  const reader = (): Principal => principalFor(key(['service-accounts:read'], false, true), account('Admin', RW));

  test('can only read, and reports only read scopes', () => {
    expect([...capabilities(reader())]).toEqual(['read']);
    expect(usableScopes(reader())).toEqual(['service-accounts:read']);
  });

  test('grants nothing beyond read', () => {
    forbidden(() => assertCanGrant(reader(), { permissions: ['service-accounts:write'] }));
    forbidden(() => assertCanGrant(reader(), { role: 'UserAdmin' }));
  });
});

describe("no role above one's own", () => {
  test('a UserAdmin cannot make an Admin, and grants only what it holds', () => {
    const p = principalFor(key([], false), account('UserAdmin', ['billing:read']));
    forbidden(() => assertCanGrant(p, { role: 'Admin' }));
    forbidden(() => assertCanGrant(p, { permissions: ['billing:admin'] }));
    expect(() => assertCanGrant(p, { role: 'UserAdmin', permissions: ['billing:read', 'org:service-accounts:manage'] })).not.toThrow();
  });
});

describe('idempotent replays', () => {
  test('are allowed while the credential covers what it could do then, refused once it lost any of it', () => {
    const then = authorityOf(adminKey());
    expect(stillCovers(adminKey(), then)).toBe(true);
    const demoted = principalFor(key(RW, false), account('Member', RW));
    expect(stillCovers(demoted, then)).toBe(false);
    const lostWrite = principalFor(key(RW, false), account('Member', ['service-accounts:read']));
    expect(stillCovers(lostWrite, authorityOf(principalFor(key(RW, false), account('Member', RW))))).toBe(false);
    expect(stillCovers({ ...adminKey(), narrowedTo: ['service-accounts:read'] }, then)).toBe(false);
  });
});
