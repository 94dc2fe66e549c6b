// Roles and groups: what accounts inherit through them, kept on the account as it changes.
import { BUILTIN_ROLES } from '../../../src/core/builtin-roles';
import { coreWorld, refusedWithoutChange, type CoreWorld } from '../support/core-world';

let w: CoreWorld;
beforeEach(async () => {
  w = await coreWorld();
});

const inherited = async (id: string) => (await w.core.getAccount(w.admin, id)).account.inheritedPermissions;

test('when roles are listed with the built-in ones, then those come first, then the organization’s oldest first, with the total', async () => {
  const made = [];
  for (const name of ['billing', 'reports']) made.push((await w.core.createRole(w.admin, { name, permissions: [`${name}:read`] })).id);
  const all = await w.core.listRoles(w.admin, { limit: 10, offset: 0 }, true);
  expect(all.items.map((r) => r.id)).toEqual([...BUILTIN_ROLES.map((r) => r.id), ...made]);
  expect(all.total).toBe(BUILTIN_ROLES.length + 2);
  const straddling = await w.core.listRoles(w.admin, { limit: 2, offset: BUILTIN_ROLES.length - 1 }, true);
  expect(straddling.items.map((r) => r.id)).toEqual([BUILTIN_ROLES.at(-1)!.id, made[0]]);
  expect((await w.core.listRoles(w.admin, { limit: 10, offset: 0 }, false)).items.map((r) => r.id)).toEqual(made);
  expect(await w.core.getRole(w.admin, BUILTIN_ROLES[0].id, true)).toEqual(BUILTIN_ROLES[0]);
});

test('when a role is made with a name that folds to a taken one, then it is a 409 on name and nothing is stored', async () => {
  await w.core.createRole(w.admin, { name: 'Billing' });
  const err = await refusedWithoutChange(w.store, () => w.core.createRole(w.admin, { name: 'ＢＩＬＬＩＮＧ' }));
  expect(err).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name' }] });
});

test('when a caller without full power makes a role with permissions it cannot use, then it is 403 and nothing is stored', async () => {
  const limited = await w.caller({ role: 'UserAdmin' });
  const err = await refusedWithoutChange(w.store, () => w.core.createRole(limited.p, { name: 'escalate', permissions: ['billing:write'] }));
  expect(err).toMatchObject({ code: 'FORBIDDEN' });
});

test("when a group binds a role, then its members inherit the role's permissions and their following keys hold them", async () => {
  const role = await w.core.createRole(w.admin, { name: 'billing', permissions: ['billing:read', 'billing:write'] });
  const { view } = await w.core.createAccount(w.admin, { name: 'Member', permissions: ['reports:read'], firstKey: {} });
  const group = await w.core.createGroup(w.admin, { name: 'finance', bindings: [{ roleId: role.id }] });
  const changed = await w.core.changeGroupMembers(w.admin, group.group.id, 'add', [view.account.id]);
  expect(changed.members).toEqual({ ids: [view.account.id], truncated: false });
  expect(await inherited(view.account.id)).toEqual(['billing:read', 'billing:write']);
  const [key] = (await w.core.getAccount(w.admin, view.account.id)).keys;
  expect(key.scopes).toEqual(['reports:read', 'billing:read', 'billing:write']);
  const log = await w.core.listOrganizationAuditEvents(w.admin, { limit: 1, offset: 0 });
  expect(log.items[0]).toMatchObject({ action: 'group.member.add', targetId: group.group.id, serviceAccountId: view.account.id });
});

test("when a bound role's permissions change, or the member leaves, or the group goes, then what members inherit follows", async () => {
  const role = await w.core.createRole(w.admin, { name: 'billing', permissions: ['billing:read'] });
  const a = (await w.core.createAccount(w.admin, { name: 'A', firstKey: null })).view.account.id;
  const b = (await w.core.createAccount(w.admin, { name: 'B', firstKey: null })).view.account.id;
  const group = (await w.core.createGroup(w.admin, { name: 'finance', bindings: [{ roleId: role.id }] })).group.id;
  await w.core.changeGroupMembers(w.admin, group, 'replace', [a, b]);
  await w.core.updateRole(w.admin, role.id, { permissions: ['billing:read', 'billing:export'] });
  expect(await inherited(a)).toEqual(['billing:read', 'billing:export']);
  await w.core.changeGroupMembers(w.admin, group, 'remove', [a]);
  expect(await inherited(a)).toEqual([]);
  expect(await inherited(b)).toEqual(['billing:read', 'billing:export']);
  await w.core.deleteGroup(w.admin, group);
  expect(await inherited(b)).toEqual([]);
});

test('when a role still bound in a group is deleted, then it is a 409 naming the group; unbound, it goes', async () => {
  const role = await w.core.createRole(w.admin, { name: 'billing' });
  const group = await w.core.createGroup(w.admin, { name: 'finance', bindings: [{ roleId: role.id }] });
  const err = await refusedWithoutChange(w.store, () => w.core.deleteRole(w.admin, role.id));
  expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('finance') });
  await w.core.updateGroup(w.admin, group.group.id, { bindings: [] });
  await w.core.deleteRole(w.admin, role.id);
  await expect(w.core.getRole(w.admin, role.id, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when a binding names no role, or one twice, then it is a 400 pointing at each binding and nothing is stored', async () => {
  const role = await w.core.createRole(w.admin, { name: 'billing' });
  const missing = '0198f0a0-0000-7000-8000-00000000dead';
  const err = await refusedWithoutChange(w.store, () =>
    w.core.createGroup(w.admin, { name: 'g', bindings: [{ roleId: role.id }, { roleId: missing }, { roleId: role.id }] }),
  );
  expect(err).toMatchObject({
    code: 'VALIDATION_ERROR',
    fields: [
      { field: 'bindings[1].role', pointer: '/data/attributes/bindings/1/role' },
      { field: 'bindings[2].role', message: 'binds a role twice' },
    ],
  });
});

test('when a group update is pinned to a stale version, then it is 412; a binding kept keeps its id', async () => {
  const [r1, r2] = [await w.core.createRole(w.admin, { name: 'one' }), await w.core.createRole(w.admin, { name: 'two' })];
  const { group } = await w.core.createGroup(w.admin, { name: 'g', bindings: [{ roleId: r1.id }] });
  const err = await refusedWithoutChange(w.store, () => w.core.updateGroup(w.admin, group.id, { name: 'h' }, 5));
  expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
  const updated = await w.core.updateGroup(w.admin, group.id, { bindings: [{ roleId: r2.id }, { roleId: r1.id }] }, 1);
  expect(updated.group.version).toBe(2);
  expect(updated.group.bindings.find((b) => b.roleId === r1.id)!.id).toBe(group.bindings[0].id);
});

test('when members named are not accounts of the organization, then it is a 404 naming the first and nothing is stored', async () => {
  const { group } = await w.core.createGroup(w.admin, { name: 'g' });
  const err = await refusedWithoutChange(w.store, () => w.core.changeGroupMembers(w.admin, group.id, 'add', ['nope', w.admin.accountId]));
  expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'Service account nope not found' });
});

test('when groups are listed, then each comes with its members and the total is counted', async () => {
  const a = (await w.core.createAccount(w.admin, { name: 'A', firstKey: null })).view.account.id;
  const g1 = (await w.core.createGroup(w.admin, { name: 'one' })).group.id;
  await w.core.createGroup(w.admin, { name: 'two' });
  await w.core.changeGroupMembers(w.admin, g1, 'add', [a]);
  const listed = await w.core.listGroups(w.admin, { limit: 1, offset: 0 });
  expect(listed).toMatchObject({ total: 2, items: [{ group: { id: g1, name: 'one' }, members: { ids: [a], truncated: false } }] });
  const view = await w.core.getAccount(w.admin, a, { groups: true });
  expect(view.groups).toEqual({ ids: [g1], truncated: false });
});
