// The keys repository of the core's Store port, on every store (support/engines.ts).
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { AT, insertAccount, insertKey, keyRow, newId, newOrganization } from '../../support/model-rows';

onEveryStore((store) => {
  test('when a key is inserted, then it reads back field for field, in its organization only', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const account = await insertAccount(store(), org.id);
    const key = await insertKey(store(), account, {
      name: 'deploy',
      description: 'CI',
      scopes: ['service-accounts:read', 'billing:write'],
      scopesExplicit: true,
      readOnly: true,
      enabled: false,
      expiresAt: '2031-01-01T00:00:00.000Z',
      lastUsedAt: AT,
      revokedAt: AT,
    });
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toEqual(key);
    expect(await store().run((r) => r.keys.get(other.id, key.id))).toBeNull();
  });

  test('when a key is revoked because its secret leaked, then the reason reads back with it; an update writes it and can clear it', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const leaked = await insertKey(store(), account, { revokedAt: AT, revokedReason: 'leaked' });
    expect(await store().run((r) => r.keys.get(org.id, leaked.id))).toEqual(leaked);
    const key = await insertKey(store(), account);
    const revoked = { ...key, revokedAt: AT, revokedReason: 'leaked' as const };
    await store().run((r) => r.keys.update(revoked));
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toEqual(revoked);
    expect((await store().run((r) => r.keys.getWithAccount(key.id)))?.key).toEqual(revoked);
    await store().run((r) => r.keys.update({ ...revoked, revokedReason: null }));
    expect((await store().run((r) => r.keys.get(org.id, key.id)))?.revokedReason).toBeNull();
  });

  test('when a key names an account that does not exist, then the insert is refused, and not as a unique violation', async () => {
    const org = await newOrganization(store());
    await expectRefusedNotAsUnique(store().run((r) => r.keys.insert(keyRow({ id: newId(), organizationId: org.id }))));
  });

  test('when a key is updated, then every field is written; a key that does not exist is left absent', async () => {
    const org = await newOrganization(store());
    const key = await insertKey(store(), await insertAccount(store(), org.id));
    const changed = { ...key, name: 'renamed', scopes: [], enabled: false, revokedAt: AT, expiresAt: AT, lastUsedAt: AT };
    await store().run((r) => r.keys.update(changed));
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toEqual(changed);
    const ghost = { ...key, id: newId() };
    await store().run((r) => r.keys.update(ghost));
    expect(await store().run((r) => r.keys.get(org.id, ghost.id))).toBeNull();
  });

  test("when keys follow their account, then each key made without scopes gets the rule's scopes for its kind; explicit keys and other accounts' keys keep theirs", async () => {
    const org = await newOrganization(store());
    const [account, neighbour] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    const following = await insertKey(store(), account);
    const readOnly = await insertKey(store(), account, { readOnly: true });
    const explicit = await insertKey(store(), account, { scopesExplicit: true, scopes: ['service-accounts:read'] });
    const elsewhere = await insertKey(store(), neighbour);
    await store().run((r) =>
      r.keys.followAccounts(org.id, [{ accountId: account.id, readWrite: ['billing:read', 'billing:write'], readOnly: ['billing:read'] }]),
    );
    const scopes = async (id: string) => (await store().run((r) => r.keys.get(org.id, id)))?.scopes;
    expect(await scopes(following.id)).toEqual(['billing:read', 'billing:write']);
    expect(await scopes(readOnly.id)).toEqual(['billing:read']);
    expect(await scopes(explicit.id)).toEqual(['service-accounts:read']);
    expect(await scopes(elsewhere.id)).toEqual(['service-accounts:read']);
  });

  test("when the keys of some accounts are listed, then theirs come, oldest first, and no one else's", async () => {
    const org = await newOrganization(store());
    const [a, b, c] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    const k1 = await insertKey(store(), b);
    const k2 = await insertKey(store(), a);
    await insertKey(store(), c);
    const k3 = await insertKey(store(), b);
    const listed = await store().run((r) => r.keys.listForAccounts(org.id, [a.id, b.id]));
    expect(listed.map((k) => k.id)).toEqual([k1.id, k2.id, k3.id]);
    expect(await store().run((r) => r.keys.listForAccounts(org.id, []))).toEqual([]);
  });

  test('when keys are paged, then they come oldest first, of one account or all, without revoked ones when asked, the limit and offset holding', async () => {
    const org = await newOrganization(store());
    const [a, b] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    const k1 = await insertKey(store(), a);
    const k2 = await insertKey(store(), b, { revokedAt: AT });
    const k3 = await insertKey(store(), a, { revokedAt: AT });
    const k4 = await insertKey(store(), b);
    const ids = async (q: { accountId?: string; excludeRevoked: boolean; limit?: number; offset?: number }) =>
      (await store().run((r) => r.keys.page(org.id, q))).map((k) => k.id);
    expect(await ids({ excludeRevoked: false })).toEqual([k1.id, k2.id, k3.id, k4.id]);
    expect(await ids({ excludeRevoked: true })).toEqual([k1.id, k4.id]);
    expect(await ids({ accountId: a.id, excludeRevoked: false })).toEqual([k1.id, k3.id]);
    expect(await ids({ excludeRevoked: false, limit: 2, offset: 1 })).toEqual([k2.id, k3.id]);
    expect(await ids({ accountId: b.id, excludeRevoked: true, limit: 1 })).toEqual([k4.id]);
  });

  test('when a key is read with its account, then both come in one read, from any organization', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const key = await insertKey(store(), account);
    expect(await store().run((r) => r.keys.getWithAccount(key.id))).toEqual({ key, account });
    expect(await store().run((r) => r.keys.getWithAccount(newId()))).toBeNull();
  });

  test('when a key is touched, then only its last use changes', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const key = await insertKey(store(), account);
    await store().run((r) => r.keys.touch(key.id, '2030-02-02T00:00:00.000Z'));
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toEqual({ ...key, lastUsedAt: '2030-02-02T00:00:00.000Z' });
    expect(await store().run((r) => r.accounts.get(org.id, account.id))).toEqual(account);
  });

  test("when the keys of many accounts follow them at once, then each account's following keys get its scopes for their kind", async () => {
    const org = await newOrganization(store());
    const accounts = [];
    // More accounts than the TypeORM store writes in one statement.
    for (let i = 0; i < 202; i++) accounts.push(await insertAccount(store(), org.id));
    const [first, last] = [accounts[0], accounts[201]];
    const keys = {
      first: await insertKey(store(), first),
      firstReadOnly: await insertKey(store(), first, { readOnly: true }),
      last: await insertKey(store(), last),
      lastExplicit: await insertKey(store(), last, { scopesExplicit: true, scopes: ['service-accounts:read'] }),
    };
    const following = accounts.map((a, i) => ({ accountId: a.id, readWrite: [`p${i}:read`, `p${i}:write`], readOnly: [`p${i}:read`] }));
    await store().run((r) => r.keys.followAccounts(org.id, following));
    const scopes = async (id: string) => (await store().run((r) => r.keys.get(org.id, id)))?.scopes;
    expect(await scopes(keys.first.id)).toEqual(['p0:read', 'p0:write']);
    expect(await scopes(keys.firstReadOnly.id)).toEqual(['p0:read']);
    expect(await scopes(keys.last.id)).toEqual(['p201:read', 'p201:write']);
    expect(await scopes(keys.lastExplicit.id)).toEqual(['service-accounts:read']);
    await store().run((r) => r.keys.followAccounts(org.id, []));
    expect(await scopes(keys.first.id)).toEqual(['p0:read', 'p0:write']);
  });

  test("when keys follow accounts named with another organization's id, then nothing changes", async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const key = await insertKey(store(), await insertAccount(store(), org.id));
    await store().run((r) => r.keys.followAccounts(other.id, [{ accountId: key.serviceAccountId, readWrite: ['x:write'], readOnly: [] }]));
    expect(await store().run((r) => r.keys.get(org.id, key.id))).toEqual(key);
  });
});
