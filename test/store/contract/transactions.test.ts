// Transactions of the core's Store port, on every store (support/engines.ts): all of a transaction's
// writes land, or none do; a conditional write that two transactions race for lands once.
import { UniqueViolation } from '../../../src/core/ports';
import { DEFAULT_REQUEST_LIMITS } from '../../../src/store/request-budget';
import { onEveryStore } from './support/engines';
import { accountRow, auditRow, groupRow, insertAccount, keyRow, newOrganization, roleRow } from '../../support/model-rows';

class Refused extends Error {}

onEveryStore((store) => {
  test('when a transaction commits, then it resolves with what its work returned and every write is there after', async () => {
    const org = await newOrganization(store());
    const account = accountRow(org.id);
    const key = keyRow(account);
    const answer = await store().transaction(async (r) => {
      await r.accounts.insert(account);
      await r.keys.insert(key);
      // Its own writes are visible inside it.
      expect(await r.accounts.get(org.id, account.id)).toEqual(account);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await store().run((r) => r.keys.getWithAccount(key.id))).toEqual({ key, account });
  });

  test('when the work throws after writing to every table, then nothing it wrote is there and the error comes out as thrown', async () => {
    const org = await newOrganization(store());
    const before = await store().run((r) => r.accounts.count(org.id, {}));
    const kept = await insertAccount(store(), org.id);
    const account = accountRow(org.id);
    const [role, group] = [roleRow(org.id), groupRow(org.id)];
    const event = auditRow(org.id, { serviceAccountId: account.id });
    const refused = new Refused('no');
    await expect(
      store().transaction(async (r) => {
        await r.accounts.insert(account);
        await r.keys.insert(keyRow(account));
        await r.roles.insert(role);
        await r.groups.insert(group);
        await r.groups.addMembers(org.id, group.id, [kept.id]);
        await r.accounts.setInherited(org.id, new Map([[kept.id, ['billing:read']]]));
        await r.accounts.bumpVersion(org.id, kept.id, '2030-05-05T00:00:00.000Z');
        await r.audit.insert(event);
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await store().run((r) => r.accounts.get(org.id, account.id))).toBeNull();
    expect(await store().run((r) => r.accounts.get(org.id, kept.id))).toEqual(kept);
    expect(await store().run((r) => r.accounts.count(org.id, {}))).toBe(before + 1);
    expect(await store().run((r) => r.keys.page(org.id, { excludeRevoked: false }))).toEqual([]);
    expect(await store().run((r) => r.roles.get(org.id, role.id))).toBeNull();
    expect(await store().run((r) => r.groups.get(org.id, group.id))).toBeNull();
    expect(await store().run((r) => r.audit.listForAccount(org.id, account.id, { limit: 10 }))).toEqual([]);
  });

  test('when a unique constraint refuses a write half-way, then the transaction is a UniqueViolation and its earlier writes are gone', async () => {
    const org = await newOrganization(store());
    await insertAccount(store(), org.id, { name: 'Taken' });
    const first = accountRow(org.id);
    await expect(
      store().transaction(async (r) => {
        await r.accounts.insert(first);
        await r.accounts.insert(accountRow(org.id, { name: 'TAKEN' }));
      }),
    ).rejects.toEqual(new UniqueViolation('name'));
    expect(await store().run((r) => r.accounts.get(org.id, first.id))).toBeNull();
  });

  test('when two transactions at once write over the same version, then exactly one lands', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const bump = () => store().transaction((r) => r.accounts.bumpVersion(org.id, account.id, '2030-03-03T00:00:00.000Z', account.version));
    const outcomes = await Promise.all([bump(), bump()]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await store().run((r) => r.accounts.get(org.id, account.id)))?.version).toBe(2);
  });

  test('when transactions run at once, then each one lands whole', async () => {
    const org = await newOrganization(store());
    const accounts = Array.from({ length: 4 }, () => accountRow(org.id));
    await Promise.all(
      accounts.map((a) =>
        store().transaction(async (r) => {
          await r.accounts.insert(a);
          await r.keys.insert(keyRow(a));
        }),
      ),
    );
    expect(await store().run((r) => r.accounts.count(org.id, {}))).toBe(4);
    expect(
      await store().run((r) =>
        r.keys.listForAccounts(
          org.id,
          accounts.map((a) => a.id),
        ),
      ),
    ).toHaveLength(4);
  });

  test('when one request has made every store call it may, then its next is refused UNAVAILABLE, its transaction keeps nothing, and another request starts afresh', async () => {
    const org = await newOrganization(store());
    const request = store().forRequest();
    expect(request.forRequest()).toBe(request);
    await request.run(async (r) => {
      for (let i = 0; i < DEFAULT_REQUEST_LIMITS.queries - 1; i++) await r.organizations.get(org.id);
    });
    const account = accountRow(org.id);
    await expect(
      request.transaction(async (r) => {
        await r.accounts.insert(account);
        await r.accounts.get(org.id, account.id);
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(request.run((r) => r.organizations.count())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(
      await store()
        .forRequest()
        .run((r) => r.accounts.get(org.id, account.id)),
    ).toBeNull();
    // The store itself counts nothing.
    expect(await store().run((r) => r.organizations.get(org.id))).toEqual(org);
  });
});
