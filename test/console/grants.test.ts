// The console offers only what the caller may grant (console/web/src/grants.ts); the API decides
// with src/core/authorization.ts. The two must agree: every role and permission, for callers of every
// role, capped or not, holding various scopes, is offered exactly when the API would accept it.
import { assertCanGrant, assertCanManage, accountScopes, registerScopeAliases, type Principal } from '../../src/core/authorization';
import { ROLES as CORE_ROLES, type Role, type ServiceAccount } from '../../src/core/model';
import { PERMISSION_PATTERN as CORE_PATTERN } from '../../src/core/rules';
import { DIALECTS } from '../../src/dialects';
import {
  heldScopes,
  mayGrantAnyPermission,
  mayGrantPermission,
  mayGrantRole,
  mayManage,
  PERMISSION_PATTERN,
  ROLES,
  type Caller,
} from '../../console/web/src/grants';

// The server registers each dialect's spellings of the management scopes at start-up.
for (const d of DIALECTS) registerScopeAliases(d.vocabulary.scopeAliases);

const SCOPE_SETS = [
  [],
  ['service-accounts:read'],
  ['service-accounts:read', 'service-accounts:write'],
  ['org:service-accounts:manage'],
  ['service_account:read', 'reports:read'],
  ['apikey:create'],
  ['reports:read', 'billing:admin'],
];
const PERMISSIONS = [
  'service-accounts:read',
  'service-accounts:write',
  'service_account:write',
  'org:service-accounts:read',
  'org:service-accounts:manage',
  'apikey:create',
  'reports:read',
  'billing:admin',
];

const callers: Caller[] = CORE_ROLES.flatMap((role) =>
  SCOPE_SETS.flatMap((held) =>
    [false, true].map((capped) => ({
      role,
      capped,
      // An uncapped credential can use all its account holds, with what its role implies.
      scopes: capped ? held : accountScopes({ role, permissions: held }),
    })),
  ),
);
const principalOf = (c: Caller): Principal => ({
  accountId: 'a',
  organizationId: 'o',
  role: c.role as Role,
  keyId: 'k',
  scopes: c.scopes,
  capped: c.capped,
  readOnly: false,
});
const accepts = (f: () => void) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

test('when the console lists roles, then it knows the same ones, in the same order, as the core', () => {
  expect([...ROLES]).toEqual([...CORE_ROLES]);
  expect(PERMISSION_PATTERN.source).toBe(CORE_PATTERN.source);
});

test('when any caller may grant a role or a permission, then the console offers exactly what the API accepts', () => {
  const disagreements: string[] = [];
  for (const c of callers) {
    const p = principalOf(c);
    for (const role of CORE_ROLES) {
      if (mayGrantRole(c, role) !== accepts(() => assertCanGrant(p, { role }))) disagreements.push(`${JSON.stringify(c)} role ${role}`);
    }
    for (const perm of PERMISSIONS) {
      const api = accepts(() => assertCanGrant(p, { permissions: [perm] }));
      if (mayGrantPermission(c, perm) !== api) disagreements.push(`${JSON.stringify(c)} permission ${perm}`);
    }
    expect(mayGrantAnyPermission(c)).toBe(accepts(() => assertCanGrant(p, { permissions: ['anything:at-all'] })));
  }
  expect(disagreements).toEqual([]);
});

test('when any caller looks at any account, then the console offers to change it exactly when the API would let it', () => {
  const disagreements: string[] = [];
  for (const c of callers) {
    for (const role of CORE_ROLES) {
      for (const held of SCOPE_SETS) {
        const target = { role, permissions: held, inheritedPermissions: ['reports:read'] } as unknown as ServiceAccount;
        const api = accepts(() => assertCanManage(principalOf(c), target));
        if (mayManage(c, { role, permissions: [...held, 'reports:read'] }) !== api)
          disagreements.push(`${JSON.stringify(c)} ${role} ${held}`);
      }
    }
  }
  expect(disagreements).toEqual([]);
});

test("when a key is made for an account, then its scopes may be what the account holds: the API's own list", () => {
  for (const role of CORE_ROLES) {
    for (const held of SCOPE_SETS) {
      expect(heldScopes(role, held).sort()).toEqual(accountScopes({ role, permissions: held }).sort());
    }
  }
});
