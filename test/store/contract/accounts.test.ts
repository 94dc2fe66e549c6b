// The accounts repository of the core's Store port, on every store (support/engines.ts).
import { UniqueViolation } from '../../../src/core/ports';
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { AT, accountRow, groupRow, insertAccount, insertKey, newId, newOrganization } from '../../support/model-rows';

onEveryStore((store) => {
  const get = (orgId: string, id: string) => store().run((r) => r.accounts.get(orgId, id));

  test('when an account is inserted, then it reads back field for field, inheriting nothing whatever was given', async () => {
    const org = await newOrganization(store());
    const account = accountRow(org.id, {
      description: null,
      role: 'WorkspaceAdmin',
      permissions: ['service-accounts:read', 'billing:write'],
      workspaceAssignments: [{ workspaceId: newId(), role: 'Reader' }],
      status: 'disabled',
      disabledAt: AT,
      createdBy: newId(),
      version: 7,
      inheritedPermissions: ['smuggled:write'],
    });
    await store().run((r) => r.accounts.insert(account));
    expect(await get(org.id, account.id)).toEqual({ ...account, inheritedPermissions: [] });
  });

  test('when an account belongs to another organization, then no read of this one finds it', async () => {
    const [mine, theirs] = [await newOrganization(store()), await newOrganization(store())];
    const other = await insertAccount(store(), theirs.id);
    expect(await get(mine.id, other.id)).toBeNull();
    expect(await store().run((r) => r.accounts.getMany(mine.id, [other.id]))).toEqual([]);
    expect(await store().run((r) => r.accounts.page(mine.id, { filter: {}, limit: 10 }))).toEqual([]);
    expect(await store().run((r) => r.accounts.count(mine.id, {}))).toBe(0);
    expect(await store().run((r) => r.accounts.update({ ...other, organizationId: mine.id, name: 'Moved' }, 1))).toBe(false);
    expect(await store().run((r) => r.accounts.delete(mine.id, other.id))).toBe(false);
    expect(await get(theirs.id, other.id)).toEqual(other);
  });

  test('when a second account has a name that folds to the same key, then the insert is a UniqueViolation on name', async () => {
    const [org, elsewhere] = [await newOrganization(store()), await newOrganization(store())];
    await insertAccount(store(), org.id, { name: 'ＡＣＭＥ Straße' });
    const again = accountRow(org.id, { name: 'acme STRASSE' });
    await expect(store().run((r) => r.accounts.insert(again))).rejects.toEqual(new UniqueViolation('name'));
    expect(await get(org.id, again.id)).toBeNull();
    // Names are unique within an organization only.
    await expect(insertAccount(store(), elsewhere.id, { name: 'acme STRASSE' })).resolves.toBeDefined();
  });

  test('when a second account takes an email of the organization, then the insert is a UniqueViolation on email', async () => {
    const org = await newOrganization(store());
    const first = await insertAccount(store(), org.id);
    await expect(store().run((r) => r.accounts.insert(accountRow(org.id, { email: first.email })))).rejects.toEqual(
      new UniqueViolation('email'),
    );
  });

  test('when a second account takes a client id, in any organization, then the insert is a UniqueViolation', async () => {
    const first = await insertAccount(store(), (await newOrganization(store())).id);
    const other = await newOrganization(store());
    await expect(store().run((r) => r.accounts.insert(accountRow(other.id, { clientId: first.clientId })))).rejects.toBeInstanceOf(
      UniqueViolation,
    );
  });

  test('when an account names an organization that does not exist, then the insert is refused, and not as a unique violation', async () => {
    const orphan = accountRow(newId());
    await expectRefusedNotAsUnique(store().run((r) => r.accounts.insert(orphan)));
  });

  test('when update is given the stored version, then it writes every field but the inherited permissions; given another, nothing', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    await store().run((r) => r.accounts.setInherited(org.id, new Map([[account.id, ['billing:read']]])));
    const changed = {
      ...account,
      name: 'Renamed',
      description: null,
      role: 'Admin' as const,
      permissions: [],
      status: 'disabled' as const,
      disabledAt: AT,
      updatedAt: '2030-01-02T00:00:00.000Z',
      version: 2,
      inheritedPermissions: ['ignored:write'],
    };
    expect(await store().run((r) => r.accounts.update({ ...changed, name: 'Stale' }, 5))).toBe(false);
    expect(await get(org.id, account.id)).toEqual({ ...account, inheritedPermissions: ['billing:read'] });
    expect(await store().run((r) => r.accounts.update(changed, 1))).toBe(true);
    expect(await get(org.id, account.id)).toEqual({ ...changed, inheritedPermissions: ['billing:read'] });
    expect(await store().run((r) => r.accounts.update({ ...changed, id: newId() }, 2))).toBe(false);
  });

  test("when an update takes another account's name, then it is a UniqueViolation on name and nothing changes", async () => {
    const org = await newOrganization(store());
    const [a, b] = [await insertAccount(store(), org.id, { name: 'Alpha' }), await insertAccount(store(), org.id, { name: 'Beta' })];
    await expect(store().run((r) => r.accounts.update({ ...b, name: 'ALPHA', version: 2 }, 1))).rejects.toEqual(
      new UniqueViolation('name'),
    );
    expect(await get(org.id, b.id)).toEqual(b);
    // Its own name, in another case, is not a clash.
    expect(await store().run((r) => r.accounts.update({ ...a, name: 'alpha', version: 2 }, 1))).toBe(true);
  });

  test('when the version is bumped, then it goes up by one with the new time; with an expected version, only if it is the stored one', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const later = '2030-01-03T00:00:00.000Z';
    expect(await store().run((r) => r.accounts.bumpVersion(org.id, account.id, later))).toBe(true);
    expect(await store().run((r) => r.accounts.bumpVersion(org.id, account.id, AT, 1))).toBe(false);
    expect(await store().run((r) => r.accounts.bumpVersion(org.id, account.id, later, 2))).toBe(true);
    expect(await get(org.id, account.id)).toEqual({ ...account, version: 3, updatedAt: later });
    expect(await store().run((r) => r.accounts.bumpVersion(org.id, newId(), later))).toBe(false);
  });

  test('when an account is deleted, then its keys and group memberships go with it and the count drops; a stale version deletes nothing', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const key = await insertKey(store(), account);
    const group = groupRow(org.id);
    await store().run(async (r) => {
      await r.groups.insert(group);
      await r.groups.addMembers(org.id, group.id, [account.id]);
    });
    expect(await store().run((r) => r.accounts.delete(org.id, account.id, 2))).toBe(false);
    expect(await store().run((r) => r.accounts.count(org.id, {}))).toBe(1);
    expect(await store().run((r) => r.accounts.delete(org.id, account.id, 1))).toBe(true);
    expect(await get(org.id, account.id)).toBeNull();
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toBeNull();
    expect(await store().run((r) => r.groups.members(org.id, group.id))).toEqual([]);
    expect(await store().run((r) => r.accounts.count(org.id, {}))).toBe(0);
    expect(await store().run((r) => r.accounts.delete(org.id, account.id))).toBe(false);
  });

  test('when inherited permissions are set, then only they change, and a later update keeps them', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    await store().run((r) => r.accounts.setInherited(org.id, new Map([[account.id, ['billing:read', 'billing:write']]])));
    expect(await get(org.id, account.id)).toEqual({ ...account, inheritedPermissions: ['billing:read', 'billing:write'] });
    await store().run((r) => r.accounts.update({ ...account, name: 'Kept', version: 2, inheritedPermissions: [] }, 1));
    expect((await get(org.id, account.id))?.inheritedPermissions).toEqual(['billing:read', 'billing:write']);
  });

  test('when accounts are paged by id, then they come in creation order, by keyset or offset, and the limit holds', async () => {
    const org = await newOrganization(store());
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await insertAccount(store(), org.id));
    const ids = made.map((a) => a.id);
    const page = (q: object) => store().run((r) => r.accounts.page(org.id, { filter: {}, limit: 10, ...q }));
    expect((await page({})).map((a) => a.id)).toEqual(ids);
    expect((await page({ limit: 2 })).map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect((await page({ afterId: ids[1], limit: 2 })).map((a) => a.id)).toEqual(ids.slice(2, 4));
    expect((await page({ offset: 3 })).map((a) => a.id)).toEqual(ids.slice(3));
    expect((await page({ sort: '-id', limit: 2 })).map((a) => a.id)).toEqual([ids[4], ids[3]]);
    expect((await page({ afterId: ids[4] })).map((a) => a.id)).toEqual([]);
  });

  test('when accounts are paged by name, then names sort by code point whatever the engine, ties broken by id', async () => {
    const org = await newOrganization(store());
    // U+E000 sorts before U+1F600 by code point, after it by UTF-16 unit; "b" before "é" and "Z" folds to "z".
    const names = ['\u{1F600} smile', '\uE000 private', 'é accent', 'Zulu', 'bravo', 'alpha'];
    const byName: Record<string, string> = {};
    for (const name of names) byName[(await insertAccount(store(), org.id, { name })).id] = name;
    const sorted = async (sort: 'name' | '-name') =>
      (await store().run((r) => r.accounts.page(org.id, { filter: {}, limit: 10, sort }))).map((a) => byName[a.id]);
    const expected = ['alpha', 'bravo', 'Zulu', 'é accent', '\uE000 private', '\u{1F600} smile'];
    expect(await sorted('name')).toEqual(expected);
    expect(await sorted('-name')).toEqual([...expected].reverse());
  });

  test('when accounts are filtered, then status and a case-folded name substring (wildcards taken literally) select them, in pages and counts', async () => {
    const org = await newOrganization(store());
    const acme = await insertAccount(store(), org.id, { name: 'ACME Billing' });
    const off = await insertAccount(store(), org.id, { name: 'acme reports', status: 'disabled', disabledAt: AT });
    const odd = await insertAccount(store(), org.id, { name: '50%_off' });
    await insertAccount(store(), org.id, { name: '500 off' });
    const ids = async (filter: object) => (await store().run((r) => r.accounts.page(org.id, { filter, limit: 10 }))).map((a) => a.id);
    const count = (filter: object) => store().run((r) => r.accounts.count(org.id, filter));
    expect(await ids({ nameContains: 'ａｃｍｅ' })).toEqual([acme.id, off.id]);
    expect(await ids({ nameContains: 'Acme', enabled: true })).toEqual([acme.id]);
    expect(await ids({ enabled: false })).toEqual([off.id]);
    expect(await ids({ nameContains: '%_' })).toEqual([odd.id]);
    expect(await count({})).toBe(4);
    expect(await count({ nameContains: 'acme' })).toBe(2);
    expect(await count({ enabled: false })).toBe(1);
    expect(await count({ nameContains: 'nothing like it' })).toBe(0);
  });

  test('when accounts are asked for by ids, then those of the organization come back, and none for no ids', async () => {
    const org = await newOrganization(store());
    const [a, b] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    await insertAccount(store(), org.id);
    const got = await store().run((r) => r.accounts.getMany(org.id, [b.id, a.id, newId()]));
    expect(got.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store().run((r) => r.accounts.getMany(org.id, []))).toEqual([]);
  });

  test("when emails starting with a local part are asked for, then the organization's are listed", async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const domain = `@${org.id}.iam.test`;
    for (const email of [`acme${domain}`, `acme-2${domain}`, `acmex${domain}`, `beta${domain}`])
      await insertAccount(store(), org.id, { email });
    await insertAccount(store(), other.id, { email: `acme-3@${other.id}.iam.test` });
    const found = await store().run((r) => r.accounts.emailsStartingWith(org.id, 'acme'));
    expect(found.sort()).toEqual([`acme${domain}`, `acme-2${domain}`, `acmex${domain}`].sort());
  });

  test('when usable Admins are counted, then only active Admins with an enabled, unexpired, unrevoked read-write key count, once each', async () => {
    const org = await newOrganization(store());
    const now = '2030-06-01T00:00:00.000Z';
    const admin = (fields = {}) => insertAccount(store(), org.id, { role: 'Admin', ...fields });
    const count = () => store().run((r) => r.accounts.countUsableAdmins(org.id, now));
    expect(await count()).toBe(0);
    const usable = await admin();
    await insertKey(store(), usable);
    await insertKey(store(), usable, { expiresAt: '2030-07-01T00:00:00.000Z' });
    expect(await count()).toBe(1);
    await insertKey(store(), await admin({ status: 'disabled', disabledAt: AT }));
    await insertKey(store(), await insertAccount(store(), org.id, { role: 'UserAdmin' }));
    const unusable = await admin();
    await insertKey(store(), unusable, { enabled: false });
    await insertKey(store(), unusable, { readOnly: true });
    await insertKey(store(), unusable, { revokedAt: AT });
    await insertKey(store(), unusable, { expiresAt: now });
    await admin();
    expect(await count()).toBe(1);
  });

  test("when accounts are filtered by group, then only the group's members are paged and counted, with the other filters too", async () => {
    const org = await newOrganization(store());
    const [a, b, c] = [
      await insertAccount(store(), org.id, { name: 'Alpha' }),
      await insertAccount(store(), org.id, { name: 'Beta', status: 'disabled', disabledAt: AT }),
      await insertAccount(store(), org.id, { name: 'Gamma' }),
    ];
    const [group, empty] = [groupRow(org.id), groupRow(org.id)];
    await store().run(async (r) => {
      await r.groups.insert(group);
      await r.groups.insert(empty);
      await r.groups.addMembers(org.id, group.id, [c.id, a.id, b.id]);
    });
    await store().run((r) => r.groups.removeMembers(org.id, group.id, [c.id]));
    const ids = async (filter: object) => (await store().run((r) => r.accounts.page(org.id, { filter, limit: 10 }))).map((x) => x.id);
    const count = (filter: object) => store().run((r) => r.accounts.count(org.id, filter));
    expect(await ids({ groupId: group.id })).toEqual([a.id, b.id]);
    expect(await ids({ groupId: group.id, enabled: true })).toEqual([a.id]);
    expect(await ids({ groupId: group.id, nameContains: 'bet' })).toEqual([b.id]);
    expect(await count({ groupId: group.id })).toBe(2);
    expect(await ids({ groupId: empty.id })).toEqual([]);
    expect(await count({ groupId: newId() })).toBe(0);
  });

  test('when the inherited permissions of many accounts are set at once, then each gets its own, and accounts of other organizations none', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    // More accounts than the TypeORM store writes in one statement.
    const accounts = Array.from({ length: 205 }, () => accountRow(org.id));
    await store().transaction(async (r) => {
      for (const a of accounts) await r.accounts.insert(a);
    });
    const outsider = await insertAccount(store(), other.id);
    const inherited = new Map(accounts.map((a, i) => [a.id, i % 2 ? [`p${i}:read`] : []]));
    inherited.set(outsider.id, ['smuggled:write']);
    await store().run((r) => r.accounts.setInherited(org.id, inherited));
    const read = await store().run((r) =>
      r.accounts.getMany(
        org.id,
        accounts.map((a) => a.id),
      ),
    );
    expect(Object.fromEntries(read.map((a) => [a.id, a.inheritedPermissions]))).toEqual(
      Object.fromEntries(accounts.map((a, i) => [a.id, i % 2 ? [`p${i}:read`] : []])),
    );
    expect((await get(other.id, outsider.id))?.inheritedPermissions).toEqual([]);
    await store().run((r) => r.accounts.setInherited(org.id, new Map()));
    expect((await get(org.id, accounts[1].id))?.inheritedPermissions).toEqual(['p1:read']);
  });
});
