// The roles and groups repositories of the core's Store port, on every store (support/engines.ts).
import { UniqueViolation } from '../../../src/core/ports';
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { groupRow, insertAccount, newId, newOrganization, roleRow } from '../../support/model-rows';

onEveryStore((store) => {
  describe('roles', () => {
    test('when a role is inserted, then it reads back field for field, in its organization only', async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      const role = roleRow(org.id, { description: 'pays', permissions: ['billing:read', 'billing:write'] });
      await store().run((r) => r.roles.insert(role));
      expect(await store().run((r) => r.roles.get(org.id, role.id))).toEqual(role);
      expect(await store().run((r) => r.roles.get(other.id, role.id))).toBeNull();
    });

    test('when a second role of the organization has a name that folds to the same key, then it is a UniqueViolation on name', async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      await store().run((r) => r.roles.insert(roleRow(org.id, { name: 'Billing' })));
      await expect(store().run((r) => r.roles.insert(roleRow(org.id, { name: 'ＢＩＬＬＩＮＧ' })))).rejects.toEqual(
        new UniqueViolation('name'),
      );
      await expect(store().run((r) => r.roles.insert(roleRow(other.id, { name: 'Billing' })))).resolves.toBeUndefined();
    });

    test("when a role is updated, then its fields are written; onto another role's name, it is a UniqueViolation", async () => {
      const org = await newOrganization(store());
      const [a, b] = [roleRow(org.id, { name: 'alpha' }), roleRow(org.id, { name: 'beta' })];
      await store().run(async (r) => {
        await r.roles.insert(a);
        await r.roles.insert(b);
      });
      const changed = { ...a, name: 'gamma', description: 'd', permissions: [], updatedAt: '2030-01-02T00:00:00.000Z' };
      await store().run((r) => r.roles.update(changed));
      expect(await store().run((r) => r.roles.get(org.id, a.id))).toEqual(changed);
      await expect(store().run((r) => r.roles.update({ ...b, name: 'GAMMA' }))).rejects.toEqual(new UniqueViolation('name'));
      expect(await store().run((r) => r.roles.get(org.id, b.id))).toEqual(b);
    });

    test('when roles are listed, paged and counted, then they come oldest first and a deleted one is gone', async () => {
      const org = await newOrganization(store());
      const roles = [roleRow(org.id), roleRow(org.id), roleRow(org.id)];
      for (const role of roles) await store().run((r) => r.roles.insert(role));
      const ids = (list: { id: string }[]) => list.map((x) => x.id);
      expect(ids(await store().run((r) => r.roles.list(org.id, { limit: 10, offset: 0 })))).toEqual(ids(roles));
      expect(ids(await store().run((r) => r.roles.list(org.id, { limit: 1, offset: 1 })))).toEqual([roles[1].id]);
      expect(ids(await store().run((r) => r.roles.getMany(org.id, [roles[2].id, newId()])))).toEqual([roles[2].id]);
      expect(await store().run((r) => r.roles.getMany(org.id, []))).toEqual([]);
      expect(await store().run((r) => r.roles.count(org.id))).toBe(3);
      expect(await store().run((r) => r.roles.delete(org.id, roles[0].id))).toBe(true);
      expect(await store().run((r) => r.roles.delete(org.id, roles[0].id))).toBe(false);
      expect(await store().run((r) => r.roles.count(org.id))).toBe(2);
      expect(await store().run((r) => r.roles.get(org.id, roles[0].id))).toBeNull();
    });
  });

  describe('groups', () => {
    test('when a group is inserted, then it reads back with its bindings, in its organization only', async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      const group = groupRow(org.id, { description: 'ops', bindings: [{ id: newId(), roleId: newId() }], version: 3 });
      await store().run((r) => r.groups.insert(group));
      expect(await store().run((r) => r.groups.get(org.id, group.id))).toEqual(group);
      expect(await store().run((r) => r.groups.get(other.id, group.id))).toBeNull();
    });

    test('when a second group of the organization has a name that folds to the same key, then it is a UniqueViolation on name', async () => {
      const org = await newOrganization(store());
      await store().run((r) => r.groups.insert(groupRow(org.id, { name: 'Ops' })));
      await expect(store().run((r) => r.groups.insert(groupRow(org.id, { name: ' ops ' })))).rejects.toEqual(new UniqueViolation('name'));
    });

    test('when a group is updated, then it is written only over the version given', async () => {
      const org = await newOrganization(store());
      const group = groupRow(org.id);
      await store().run((r) => r.groups.insert(group));
      const changed = { ...group, name: 'renamed', bindings: [{ id: newId(), roleId: newId() }], version: 2 };
      expect(await store().run((r) => r.groups.update({ ...changed, name: 'stale' }, 5))).toBe(false);
      expect(await store().run((r) => r.groups.update(changed, 1))).toBe(true);
      expect(await store().run((r) => r.groups.get(org.id, group.id))).toEqual(changed);
      expect(await store().run((r) => r.groups.update({ ...changed, version: 3 }, 1))).toBe(false);
    });

    test('when members are added, then they are listed by id, adding one twice keeps one, and removing takes only those named', async () => {
      const org = await newOrganization(store());
      const group = groupRow(org.id);
      await store().run((r) => r.groups.insert(group));
      const [a, b, c] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
      await store().run((r) => r.groups.addMembers(org.id, group.id, [c.id, a.id]));
      await store().run((r) => r.groups.addMembers(org.id, group.id, [a.id, b.id]));
      expect(await store().run((r) => r.groups.members(org.id, group.id))).toEqual([a.id, b.id, c.id]);
      await store().run((r) => r.groups.addMembers(org.id, group.id, []));
      await store().run((r) => r.groups.removeMembers(org.id, group.id, [b.id, newId()]));
      expect(await store().run((r) => r.groups.members(org.id, group.id))).toEqual([a.id, c.id]);
    });

    test('when a member names an account that does not exist, then adding it is refused, and not as a unique violation', async () => {
      const org = await newOrganization(store());
      const group = groupRow(org.id);
      await store().run((r) => r.groups.insert(group));
      await expectRefusedNotAsUnique(store().run((r) => r.groups.addMembers(org.id, group.id, [newId()])));
    });

    test('when memberships of accounts are asked for, then each account gets its group ids in id order, none for an account in no group', async () => {
      const org = await newOrganization(store());
      const [g1, g2] = [groupRow(org.id), groupRow(org.id)];
      const [a, b, lonely] = [
        await insertAccount(store(), org.id),
        await insertAccount(store(), org.id),
        await insertAccount(store(), org.id),
      ];
      await store().run(async (r) => {
        await r.groups.insert(g1);
        await r.groups.insert(g2);
        await r.groups.addMembers(org.id, g2.id, [a.id]);
        await r.groups.addMembers(org.id, g1.id, [a.id, b.id]);
      });
      const memberships = await store().run((r) => r.groups.membershipsOf(org.id, [a.id, b.id, lonely.id]));
      expect(Object.fromEntries(memberships)).toEqual({ [a.id]: [g1.id, g2.id], [b.id]: [g1.id], [lonely.id]: [] });
    });

    test('when a group is deleted, then its memberships go with it and the lists and counts no longer hold it', async () => {
      const org = await newOrganization(store());
      const groups = [groupRow(org.id), groupRow(org.id), groupRow(org.id)];
      const account = await insertAccount(store(), org.id);
      for (const g of groups) await store().run((r) => r.groups.insert(g));
      await store().run((r) => r.groups.addMembers(org.id, groups[0].id, [account.id]));
      const ids = (list: { id: string }[]) => list.map((x) => x.id);
      expect(ids(await store().run((r) => r.groups.list(org.id, { limit: 2, offset: 1 })))).toEqual(ids(groups.slice(1)));
      expect(ids(await store().run((r) => r.groups.all(org.id)))).toEqual(ids(groups));
      expect(ids(await store().run((r) => r.groups.getMany(org.id, [groups[1].id])))).toEqual([groups[1].id]);
      expect(await store().run((r) => r.groups.delete(org.id, groups[0].id))).toBe(true);
      expect(await store().run((r) => r.groups.delete(org.id, groups[0].id))).toBe(false);
      expect(await store().run((r) => r.groups.count(org.id))).toBe(2);
      expect(await store().run((r) => r.groups.members(org.id, groups[0].id))).toEqual([]);
      expect(Object.fromEntries(await store().run((r) => r.groups.membershipsOf(org.id, [account.id])))).toEqual({ [account.id]: [] });
    });
  });

  describe('members and memberships, all or a few', () => {
    /** Groups g0..g2 and accounts a0..a3: g0 has every account, g1 a1 and a3, g2 none. */
    async function world() {
      const org = await newOrganization(store());
      const groups = [groupRow(org.id), groupRow(org.id), groupRow(org.id)];
      const accounts = [];
      for (let i = 0; i < 4; i++) accounts.push(await insertAccount(store(), org.id));
      const ids = accounts.map((a) => a.id);
      await store().run(async (r) => {
        for (const g of groups) await r.groups.insert(g);
        await r.groups.addMembers(org.id, groups[0].id, [ids[3], ids[0], ids[2], ids[1]]);
        await r.groups.addMembers(org.id, groups[1].id, [ids[3], ids[1]]);
      });
      return { org, groups: groups.map((g) => g.id), ids };
    }

    test("when a group's members are paged, then they come in id order, the limit and offset holding", async () => {
      const { org, groups, ids } = await world();
      const members = (page?: { limit: number; offset: number }) => store().run((r) => r.groups.members(org.id, groups[0], page));
      expect(await members()).toEqual(ids);
      expect(await members({ limit: 2, offset: 1 })).toEqual(ids.slice(1, 3));
      expect(await members({ limit: 10, offset: 3 })).toEqual(ids.slice(3));
      expect(await members({ limit: 10, offset: 4 })).toEqual([]);
    });

    test('when the members of several groups are asked for, then each gets all of them or its first few, in id order', async () => {
      const { org, groups, ids } = await world();
      const membersOf = (groupIds: string[], limit?: number) =>
        store().run(async (r) => Object.fromEntries(await r.groups.membersOf(org.id, groupIds, limit)));
      const unknown = newId();
      expect(await membersOf([groups[0], groups[1], groups[2], unknown])).toEqual({
        [groups[0]]: ids,
        [groups[1]]: [ids[1], ids[3]],
        [groups[2]]: [],
        [unknown]: [],
      });
      expect(await membersOf([groups[1], groups[0]], 2)).toEqual({ [groups[0]]: ids.slice(0, 2), [groups[1]]: [ids[1], ids[3]] });
      expect(await membersOf([groups[0]], 1)).toEqual({ [groups[0]]: [ids[0]] });
      expect(await membersOf([])).toEqual({});
      expect(await membersOf([], 3)).toEqual({});
    });

    test('when the memberships of several accounts are asked for with a limit, then each gets its first groups in id order', async () => {
      const { org, groups, ids } = await world();
      const membershipsOf = (accountIds: string[], limit?: number) =>
        store().run(async (r) => Object.fromEntries(await r.groups.membershipsOf(org.id, accountIds, limit)));
      expect(await membershipsOf([ids[3], ids[0]], 1)).toEqual({ [ids[3]]: [groups[0]], [ids[0]]: [groups[0]] });
      expect(await membershipsOf([ids[1]], 5)).toEqual({ [ids[1]]: [groups[0], groups[1]] });
      expect(await membershipsOf([], 5)).toEqual({});
    });

    test('when groups are listed or counted by member, then only the groups the account is in come, oldest first', async () => {
      const { org, groups, ids } = await world();
      const list = (memberId: string, page = { limit: 10, offset: 0 }) =>
        store().run(async (r) => (await r.groups.list(org.id, page, { memberId })).map((g) => g.id));
      const count = (memberId?: string) => store().run((r) => r.groups.count(org.id, memberId === undefined ? {} : { memberId }));
      expect(await list(ids[1])).toEqual([groups[0], groups[1]]);
      expect(await list(ids[1], { limit: 1, offset: 1 })).toEqual([groups[1]]);
      expect(await list(ids[0])).toEqual([groups[0]]);
      expect(await list(newId())).toEqual([]);
      expect(await count(ids[3])).toBe(2);
      expect(await count(newId())).toBe(0);
      expect(await count()).toBe(3);
    });
  });
});
