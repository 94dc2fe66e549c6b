// The organizations, workspaces and audit repositories of the core's Store port, on every store
// (support/engines.ts).
import { UniqueViolation } from '../../../src/core/ports';
import { onEveryStore } from './support/engines';
import { AT, auditRow, insertAccount, insertKey, newId, newOrganization, roleRow, workspaceRow } from '../../support/model-rows';

onEveryStore((store) => {
  describe('organizations', () => {
    test('when an organization is inserted, then it is read back, counted and listed in creation order with its number of accounts', async () => {
      const before = await store().run((r) => r.organizations.count());
      const [first, second] = [await newOrganization(store()), await newOrganization(store())];
      await insertAccount(store(), second.id);
      await insertAccount(store(), second.id);
      expect(await store().run((r) => r.organizations.get(first.id))).toEqual(first);
      expect(await store().run((r) => r.organizations.get(newId()))).toBeNull();
      expect(await store().run((r) => r.organizations.count())).toBe(before + 2);
      const listed = await store().run((r) => r.organizations.list());
      expect(listed.map((o) => o.id)).toEqual([...listed.map((o) => o.id)].sort());
      expect(listed.filter((o) => o.id === first.id || o.id === second.id)).toEqual([
        { ...first, accounts: 0 },
        { ...second, accounts: 2 },
      ]);
    });

    test('when an organization is inserted with an id already taken, then it is refused', async () => {
      const org = await newOrganization(store());
      await expect(store().run((r) => r.organizations.insert({ ...org, name: 'Another' }))).rejects.toThrow();
      expect(await store().run((r) => r.organizations.get(org.id))).toEqual(org);
    });

    test('when the organization is locked inside a transaction, then the transaction goes on', async () => {
      const org = await newOrganization(store());
      await expect(
        store().transaction(async (r) => {
          await r.organizations.lockNames();
          await r.organizations.lock(org.id);
          return r.organizations.get(org.id);
        }),
      ).resolves.toEqual(org);
    });
  });

  describe('workspaces', () => {
    test('when workspaces are inserted, then they are listed oldest first and found by ids, in their organization only', async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      const [a, b] = [workspaceRow(org.id), workspaceRow(org.id)];
      for (const ws of [a, b, workspaceRow(other.id)]) await store().run((r) => r.workspaces.insert(ws));
      expect(await store().run((r) => r.workspaces.list(org.id))).toEqual([a, b]);
      expect(await store().run((r) => r.workspaces.getMany(org.id, [b.id, newId()]))).toEqual([b]);
      expect(await store().run((r) => r.workspaces.getMany(other.id, [a.id]))).toEqual([]);
    });

    test('when a second workspace has a name that folds to the same key, then it is a UniqueViolation on name', async () => {
      const org = await newOrganization(store());
      await store().run((r) => r.workspaces.insert(workspaceRow(org.id, { name: 'Prod' })));
      await expect(store().run((r) => r.workspaces.insert(workspaceRow(org.id, { name: 'PROD' })))).rejects.toEqual(
        new UniqueViolation('name'),
      );
    });
  });

  describe('audit events', () => {
    test('when an event is inserted, then it reads back with its changes and values, long texts cut to their columns', async () => {
      const org = await newOrganization(store());
      const account = newId();
      const event = auditRow(org.id, {
        actorId: newId(),
        actorKeyId: newId(),
        dialect: 'v3',
        serviceAccountId: account,
        requestId: 'req-1',
        changes: { name: 'n', permissions: ['a:b'], nested: { deep: [1, null, true] } },
        values: [{ field: 'name', before: 'o', after: 'n' }],
        targetName: 'n'.repeat(450),
        clientIp: '2001:db8::1',
        userAgent: 'u'.repeat(600),
      });
      await store().run((r) => r.audit.insert(event));
      const [read] = await store().run((r) => r.audit.listForAccount(org.id, account, { limit: 10 }));
      expect(read).toEqual({ ...event, targetName: 'n'.repeat(400), userAgent: 'u'.repeat(512) });
    });

    test('when events were made by reports or by the policy, then each reads back with its principal type and no actor, alone or many at once', async () => {
      const org = await newOrganization(store());
      const account = newId();
      const [scanned, revoked, janitor] = (['secret-scanning', 'public-revocation', 'policy'] as const).map((principalType) =>
        auditRow(org.id, { principalType, serviceAccountId: account, action: 'key.revoke', changes: { report: { url: null } } }),
      );
      await store().run((r) => r.audit.insert(scanned));
      await store().run((r) => r.audit.insertMany([revoked, janitor]));
      expect(await store().run((r) => r.audit.listForAccount(org.id, account, { limit: 10 }))).toEqual([scanned, revoked, janitor]);
      expect((await store().run((r) => r.audit.listForOrganization(org.id, { limit: 10, offset: 0 }))).map((e) => e.principalType)).toEqual(
        ['policy', 'public-revocation', 'secret-scanning'],
      );
    });

    test("when an account's events are listed, then they come oldest first, after an id or from an offset, its own only", async () => {
      const org = await newOrganization(store());
      const [account, other] = [newId(), newId()];
      const events = [];
      for (let i = 0; i < 4; i++) {
        const e = auditRow(org.id, { serviceAccountId: account });
        await store().run((r) => r.audit.insert(e));
        await store().run((r) => r.audit.insert(auditRow(org.id, { serviceAccountId: other })));
        events.push(e.id);
      }
      const ids = async (q: { limit: number; afterId?: string; offset?: number }) =>
        (await store().run((r) => r.audit.listForAccount(org.id, account, q))).map((e) => e.id);
      expect(await ids({ limit: 10 })).toEqual(events);
      expect(await ids({ limit: 2, afterId: events[0] })).toEqual(events.slice(1, 3));
      expect(await ids({ limit: 2, offset: 3 })).toEqual(events.slice(3));
    });

    test("when the organization's events are listed, then they come newest first, by kind of target, target or verb", async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      const target = newId();
      const made = [
        auditRow(org.id, { action: 'service-account.create', targetType: 'service-account', targetId: target }),
        auditRow(org.id, { action: 'key.create', targetType: 'key' }),
        auditRow(org.id, { action: 'group.member.add', targetType: 'group' }),
        auditRow(org.id, { action: 'service-account.update', targetType: 'service-account', targetId: target }),
        auditRow(org.id, { action: 'recreate', targetType: 'organization' }),
      ];
      for (const e of [...made, auditRow(other.id)]) await store().run((r) => r.audit.insert(e));
      const ids = async (q: { limit: number; offset: number; filter?: object }) =>
        (await store().run((r) => r.audit.listForOrganization(org.id, q))).map((e) => e.id);
      const [created, keyCreated, added, updated, recreated] = made.map((e) => e.id);
      expect(await ids({ limit: 10, offset: 0 })).toEqual([recreated, updated, added, keyCreated, created]);
      expect(await ids({ limit: 2, offset: 1 })).toEqual([updated, added]);
      expect(await ids({ limit: 10, offset: 0, filter: { targetType: 'service-account' } })).toEqual([updated, created]);
      expect(await ids({ limit: 10, offset: 0, filter: { targetId: target } })).toEqual([updated, created]);
      expect(await ids({ limit: 10, offset: 0, filter: { verb: 'create' } })).toEqual([keyCreated, created]);
      expect(await ids({ limit: 10, offset: 0, filter: { verb: 'add' } })).toEqual([added]);
      expect(await ids({ limit: 10, offset: 0, filter: { verb: '%' } })).toEqual([]);
    });
  });

  test('when the store is pinged, then it answers', async () => {
    await expect(store().ping()).resolves.toBe(true);
  });

  describe('many audit events at once', () => {
    test('when events are inserted together, then each reads back as one inserted alone would, and none for an empty list', async () => {
      const org = await newOrganization(store());
      const account = newId();
      // More events than the TypeORM store writes in one statement.
      const events = Array.from({ length: 53 }, (_, i) =>
        auditRow(org.id, {
          serviceAccountId: account,
          targetName: i === 0 ? 'n'.repeat(450) : `t${i}`,
          userAgent: i === 1 ? 'u'.repeat(600) : null,
        }),
      );
      await store().run((r) => r.audit.insertMany(events));
      await store().run((r) => r.audit.insertMany([]));
      const read = await store().run((r) => r.audit.listForAccount(org.id, account, { limit: 100 }));
      expect(read).toEqual(
        events.map((e, i) => (i === 0 ? { ...e, targetName: 'n'.repeat(400) } : i === 1 ? { ...e, userAgent: 'u'.repeat(512) } : e)),
      );
    });

    test('when one of the events takes an id already used inside a transaction, then none of the transaction is kept', async () => {
      const org = await newOrganization(store());
      const account = newId();
      const taken = auditRow(org.id, { serviceAccountId: account });
      await store().run((r) => r.audit.insert(taken));
      await expect(
        store().transaction((r) =>
          r.audit.insertMany([auditRow(org.id, { serviceAccountId: account }), { ...taken, targetName: 'again' }]),
        ),
      ).rejects.toThrow();
      expect(await store().run((r) => r.audit.listForAccount(org.id, account, { limit: 10 }))).toEqual([taken]);
    });
  });

  describe('overview', () => {
    test("when an organization's keys are counted, then revoked ones are left out and enabled ones counted apart, its own only", async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      expect(await store().run((r) => r.overview.keyCounts(org.id))).toEqual({ total: 0, enabled: 0 });
      const account = await insertAccount(store(), org.id);
      await insertKey(store(), account);
      await insertKey(store(), account, { expiresAt: AT });
      await insertKey(store(), account, { enabled: false });
      await insertKey(store(), account, { revokedAt: AT });
      await insertKey(store(), account, { enabled: false, revokedAt: AT });
      await insertKey(store(), await insertAccount(store(), other.id));
      expect(await store().run((r) => r.overview.keyCounts(org.id))).toEqual({ total: 3, enabled: 2 });
    });

    test("when the permissions in use are asked for, then those its accounts and custom roles name come once each, inherited ones and other organizations' not", async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      expect(await store().run((r) => r.overview.permissionsInUse(org.id))).toEqual([]);
      const account = await insertAccount(store(), org.id, { permissions: ['service-accounts:read', 'billing:read'] });
      await insertAccount(store(), org.id, { permissions: ['billing:read'] });
      await insertAccount(store(), org.id, { permissions: [] });
      await store().run((r) => r.accounts.setInherited(org.id, new Map([[account.id, ['inherited:read']]])));
      await store().run(async (r) => {
        await r.roles.insert(roleRow(org.id, { permissions: ['reports:read', 'billing:read'] }));
        await r.roles.insert(roleRow(other.id, { permissions: ['elsewhere:read'] }));
      });
      await insertAccount(store(), other.id, { permissions: ['elsewhere:write'] });
      const inUse = await store().run((r) => r.overview.permissionsInUse(org.id));
      expect([...inUse].sort()).toEqual(['billing:read', 'reports:read', 'service-accounts:read']);
    });
  });
});
