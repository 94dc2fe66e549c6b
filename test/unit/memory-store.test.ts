// What the in-memory store does beyond the contract cases it shares with the real store
// (test/store/contract): it is stricter where a mistake would pass on one engine and fail on the other,
// and its hooks let a unit test make a statement fail or another writer step in.
import { UniqueViolation } from '../../src/core/ports';
import { MemoryStore } from '../support/memory-store';
import { accountRow, AT, newId } from '../support/model-rows';

const withOrganization = async () => {
  const store = new MemoryStore();
  const org = { id: newId(), name: 'Org', createdAt: AT };
  await store.run((r) => r.organizations.insert(org));
  return { store, orgId: org.id };
};

test('when a store call is made from inside another, then it fails at once instead of waiting forever as it would on SQLite', async () => {
  const { store } = await withOrganization();
  await expect(store.transaction(() => store.run((r) => r.organizations.count()))).rejects.toThrow('from inside another');
  // Calls made side by side, not nested, take turns.
  await expect(
    Promise.all([store.run((r) => r.organizations.count()), store.transaction((r) => r.organizations.count())]),
  ).resolves.toEqual([1, 1]);
});

test('when the work of a transaction goes on after a refused statement, then the transaction fails and nothing of it is stored', async () => {
  const { store, orgId } = await withOrganization();
  const first = accountRow(orgId, { name: 'Same' });
  await store.run((r) => r.accounts.insert(first));
  const before = store.dump();
  const swallowed = store.transaction(async (r) => {
    await r.accounts.insert(accountRow(orgId, { name: 'Other' }));
    await r.accounts.insert(accountRow(orgId, { name: 'same' })).catch(() => undefined);
    return 'carried on';
  });
  await expect(swallowed).rejects.toThrow('PostgreSQL would have rolled it all back');
  expect(store.dump()).toBe(before);
});

test('when a statement follows a refused one in the same transaction, then it is refused too, as on PostgreSQL', async () => {
  const { store, orgId } = await withOrganization();
  await store.run((r) => r.accounts.insert(accountRow(orgId, { name: 'Same' })));
  const statements: string[] = [];
  await store
    .transaction(async (r) => {
      await r.accounts
        .insert(accountRow(orgId, { name: 'SAME' }))
        .catch((err: unknown) => statements.push(err instanceof UniqueViolation ? 'unique' : 'other'));
      await r.organizations.count().catch((err: Error) => statements.push(err.message));
    })
    .catch(() => undefined);
  expect(statements).toEqual(['unique', expect.stringContaining('current transaction is aborted')]);
});

test('when repositories are used after their store call ended, then they refuse', async () => {
  const { store } = await withOrganization();
  for (const call of [store.transaction.bind(store), store.run.bind(store)]) {
    const kept = await call(async (r) => r);
    await expect(kept.organizations.count()).rejects.toThrow('after its store call ended');
  }
});

test('when a hook is set for a number of calls, then it runs before each of them inside the caller’s transaction, then no more', async () => {
  const { store, orgId } = await withOrganization();
  const seen: number[] = [];
  store.before('accounts.count', async (r) => void seen.push(await r.organizations.count()), 2);
  for (let i = 0; i < 3; i++) await store.run((r) => r.accounts.count(orgId, {}));
  expect(seen).toEqual([1, 1]);
  const remove = store.before('organizations.get', () => {
    throw new Error('refused');
  });
  await expect(store.run((r) => r.organizations.get(orgId))).rejects.toThrow('refused');
  remove();
  await expect(store.run((r) => r.organizations.get(orgId))).resolves.toMatchObject({ id: orgId });
});

test('when rows are read and changed by the caller, then what is stored does not change with them', async () => {
  const { store, orgId } = await withOrganization();
  const account = accountRow(orgId, { permissions: ['a:read'] });
  await store.run((r) => r.accounts.insert(account));
  account.permissions.push('a:write');
  const read = await store.run((r) => r.accounts.get(orgId, account.id));
  read!.permissions.push('b:write');
  expect((await store.run((r) => r.accounts.get(orgId, account.id)))!.permissions).toEqual(['a:read']);
});

test('when the store is closed, then it answers no more', async () => {
  const { store } = await withOrganization();
  await store.close();
  await expect(store.ping()).resolves.toBe(false);
  await expect(store.run((r) => r.organizations.count())).rejects.toThrow('closed');
});
