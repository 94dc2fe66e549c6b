// Service-account use cases of the core, on the in-memory store.
import { coreWorld, EMAIL_DOMAIN, principalOf, refusedWithoutChange, type CoreWorld } from '../support/core-world';
import { accountRow } from '../../support/model-rows';

let w: CoreWorld;
beforeEach(async () => {
  w = await coreWorld();
});

const events = async (accountId: string) => (await w.core.listAuditEvents(w.admin, accountId, { limit: 50 })).items;

describe('creating', () => {
  test('when an Admin creates an account with a first key, then both and their audit events land in one transaction', async () => {
    const transactions = w.store.stats.transactions;
    const { view, issued } = await w.core.createAccount(w.admin, { name: 'Billing Bot', permissions: ['billing:read'], firstKey: {} });
    expect(w.store.stats.transactions).toBe(transactions + 1);
    expect(view.account).toMatchObject({
      name: 'Billing Bot',
      role: 'Member',
      permissions: ['billing:read'],
      status: 'active',
      email: `billingbot@${w.orgId}.${EMAIL_DOMAIN}`,
      createdBy: w.admin.accountId,
      version: 1,
    });
    expect(issued!.secret).toMatch(/^iamg_/);
    expect(issued!.key).toMatchObject({ scopes: ['billing:read'], scopesExplicit: false, status: 'Active' });
    expect(view.keys.map((k) => k.id)).toEqual([issued!.key.id]);
    const log = await events(view.account.id);
    expect(log.map((e) => [e.action, e.actorId, e.dialect])).toEqual([
      ['service-account.create', w.admin.accountId, 'v3'],
      ['key.create', w.admin.accountId, 'v3'],
    ]);
    // The secret exists only in the response: neither the log nor any row holds it.
    expect(w.store.dump()).not.toContain(issued!.secret);
  });

  test("when a second account's name folds to the same key as one that exists, then it is a 409 on name and nothing is stored", async () => {
    await w.core.createAccount(w.admin, { name: 'Acme Tools', firstKey: null });
    const err = await refusedWithoutChange(w.store, () => w.core.createAccount(w.admin, { name: ' ＡＣＭＥ tools', firstKey: {} }));
    expect(err).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name', message: 'is already taken' }] });
  });

  test('when the email an account would get is taken, then the next free one is chosen', async () => {
    await w.core.createAccount(w.admin, { name: 'Acme Tools', firstKey: null });
    const second = await w.core.createAccount(w.admin, { name: 'acme-tools!', firstKey: null });
    expect(second.view.account.email).toBe(`acmetools-2@${w.orgId}.${EMAIL_DOMAIN}`);
  });

  test('when the chosen email is taken by the time the row is written, then the write starts over and lands', async () => {
    const email = `latecomer@${w.orgId}.${EMAIL_DOMAIN}`;
    // Another writer takes the email between the read of the emails and the insert.
    w.store.before('accounts.insert', (r) => r.accounts.insert(accountRow(w.orgId, { name: 'Someone else', email })), 1);
    const rolledBack = w.store.stats.rolledBack;
    const { view } = await w.core.createAccount(w.admin, { name: 'Latecomer', firstKey: null });
    expect(w.store.stats.rolledBack).toBe(rolledBack + 1);
    expect(view.account.email).toBe(email);
    expect((await events(view.account.id)).map((e) => e.action)).toEqual(['service-account.create']);
  });

  test('when a Member asks for an Admin, or a read-only credential for anything, then it is 403 and nothing is stored', async () => {
    const member = await w.caller({ role: 'Member', permissions: ['service-accounts:read', 'service-accounts:write'] });
    expect(
      await refusedWithoutChange(w.store, () => w.core.createAccount(member.p, { name: 'Boss', role: 'Admin', firstKey: {} })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const reader = await w.caller({ role: 'Admin' }, { readOnly: true });
    expect(await refusedWithoutChange(w.store, () => w.core.createAccount(reader.p, { name: 'Sneaky', firstKey: {} }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  test('when several fields are wrong, then one 400 names every one of them and nothing is stored', async () => {
    const err = await refusedWithoutChange(w.store, () =>
      w.core.createAccount(w.admin, {
        name: '  ',
        permissions: ['Not A Permission'],
        workspaceAssignments: [{ workspaceId: '0198f0a0-0000-7000-8000-000000000001', role: 'Reader' }],
        firstKey: { expiresAt: '2001-01-01T00:00:00Z' },
      }),
    );
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((err as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(
      ['expiresAt', 'name', 'permissions[0]', 'workspaceAssignments'].sort(),
    );
  });
});

describe('changing', () => {
  test('when an account is updated, then the new fields, the next version and an event with before and after land together', async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Old', permissions: ['billing:read'], firstKey: null });
    const updated = await w.core.updateAccount(w.admin, view.account.id, { name: 'New', role: 'UserAdmin', description: 'd' });
    expect(updated.account).toMatchObject({ name: 'New', role: 'UserAdmin', description: 'd', version: 2 });
    const [, event] = await events(view.account.id);
    expect(event.action).toBe('service-account.update');
    expect(event.changes).toEqual({ name: 'New', role: 'UserAdmin', description: 'd' });
    expect(event.values).toEqual(
      expect.arrayContaining([
        { field: 'name', before: 'Old', after: 'New' },
        { field: 'role', before: 'Member', after: 'UserAdmin' },
      ]),
    );
  });

  test('when an update changes nothing, then the version stays and no event is recorded', async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Same', firstKey: null });
    const after = await w.core.updateAccount(w.admin, view.account.id, { name: 'Same', enabled: true }, 1);
    expect(after.account.version).toBe(1);
    expect(await events(view.account.id)).toHaveLength(1);
  });

  test("when an update is pinned to a version that is not the account's, then it is 412 and nothing changes", async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Pinned', firstKey: null });
    const err = await refusedWithoutChange(w.store, () => w.core.updateAccount(w.admin, view.account.id, { name: 'Other' }, 7));
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  test('when another writer changes the account between the read and the write, then the update starts over on top of it', async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Raced', firstKey: null });
    const id = view.account.id;
    w.store.before('accounts.update', (r) => r.accounts.bumpVersion(w.orgId, id, w.clock.now().toISOString()), 1);
    const updated = await w.core.updateAccount(w.admin, id, { name: 'Won' });
    expect(updated.account).toMatchObject({ name: 'Won', version: 3 });
  });

  test('when another writer changes the account under a pinned update, then it is 412 and only the other change is stored', async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Raced', firstKey: null });
    const id = view.account.id;
    w.store.before('accounts.update', (r) => r.accounts.bumpVersion(w.orgId, id, w.clock.now().toISOString()), 1);
    await expect(w.core.updateAccount(w.admin, id, { name: 'Lost' }, 1)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await w.core.getAccount(w.admin, id)).account).toMatchObject({ name: 'Raced', version: 2 });
  });

  test('when an account is renamed onto a name taken in its organization, then it is a 409 on name and nothing changes', async () => {
    await w.core.createAccount(w.admin, { name: 'Taken', firstKey: null });
    const { view } = await w.core.createAccount(w.admin, { name: 'Free', firstKey: null });
    const err = await refusedWithoutChange(w.store, () => w.core.updateAccount(w.admin, view.account.id, { name: 'TAKEN' }));
    expect(err).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name' }] });
  });

  test('when an account is disabled and enabled again, then its status, disabledAt and the events say so', async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Toggle', firstKey: null });
    const off = await w.core.setAccountEnabled(w.admin, view.account.id, false);
    expect(off.account).toMatchObject({ status: 'disabled', disabledAt: w.clock.now().toISOString(), version: 2 });
    const on = await w.core.setAccountEnabled(w.admin, view.account.id, true);
    expect(on.account).toMatchObject({ status: 'active', disabledAt: null, version: 3 });
    expect((await events(view.account.id)).map((e) => e.action)).toEqual([
      'service-account.create',
      'service-account.disable',
      'service-account.enable',
    ]);
  });

  test("when the account's permissions change, then keys made without scopes follow (read-only ones the read permissions only), explicit keys keep theirs", async () => {
    const { view } = await w.core.createAccount(w.admin, { name: 'Follower', permissions: ['billing:read'], firstKey: {} });
    const id = view.account.id;
    const readOnly = await w.core.createKey(w.admin, id, { readOnly: true });
    const explicit = await w.core.createKey(w.admin, id, { scopes: ['billing:read'] });
    await w.core.updateAccount(w.admin, id, { permissions: ['billing:read', 'billing:write', 'reports:read'] });
    const keys = (await w.core.getAccount(w.admin, id)).keys;
    const scopes = (keyId: string) => keys.find((k) => k.id === keyId)!.scopes;
    expect(scopes(view.keys[0].id)).toEqual(['billing:read', 'billing:write', 'reports:read']);
    expect(scopes(readOnly.key.id)).toEqual(['billing:read', 'reports:read']);
    expect(scopes(explicit.key.id)).toEqual(['billing:read']);
  });

  test("when the caller's own key was revoked after it authenticated, then its write is refused as unauthenticated and changes nothing", async () => {
    const other = await w.caller({ role: 'Admin' });
    const { view } = await w.core.createAccount(w.admin, { name: 'Target', firstKey: null });
    await w.core.revokeKey(w.admin, other.p.keyId);
    const err = await refusedWithoutChange(w.store, () => w.core.updateAccount(other.p, view.account.id, { name: 'Hijacked' }));
    expect(err).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('deleting and listing', () => {
  test('when an account is deleted, then it and its keys are gone and its delete event remains', async () => {
    const { view, issued } = await w.core.createAccount(w.admin, { name: 'Doomed', firstKey: {} });
    const id = view.account.id;
    await w.core.deleteAccount(w.admin, id, 1);
    await expect(w.core.getAccount(w.admin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await w.store.run((r) => r.keys.getWithAccount(issued!.key.id))).toBeNull();
    const log = await w.core.listOrganizationAuditEvents(w.admin, { limit: 1, offset: 0 });
    expect(log.items[0]).toMatchObject({
      action: 'service-account.delete',
      targetId: id,
      values: expect.arrayContaining([{ field: 'name', before: 'Doomed', after: null }]),
    });
    await expect(w.core.deleteAccount(w.admin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('when accounts are listed, then pages come in creation order with hasMore, filtered, sorted and counted as asked', async () => {
    const names = ['Delta', 'alpha', 'Charlie', 'bravo'];
    const ids: string[] = [w.admin.accountId];
    for (const name of names)
      ids.push((await w.core.createAccount(w.admin, { name, firstKey: null, enabled: name !== 'Charlie' })).view.account.id);
    const page = await w.core.listAccounts(w.admin, { filter: {}, limit: 2 });
    expect(page.items.map((v) => v.account.id)).toEqual(ids.slice(0, 2));
    expect(page.hasMore).toBe(true);
    const next = await w.core.listAccounts(w.admin, { filter: {}, limit: 10, afterId: ids[2] });
    expect(next).toMatchObject({ hasMore: false });
    expect(next.items.map((v) => v.account.id)).toEqual(ids.slice(3));
    const sorted = await w.core.listAccounts(w.admin, { filter: { nameContains: 'A' }, limit: 10, sort: 'name' });
    expect(sorted.items.map((v) => v.account.name)).toEqual(['Acme admin', 'alpha', 'bravo', 'Charlie', 'Delta']);
    expect(await w.core.countAccounts(w.admin, { enabled: false })).toBe(1);
    expect(await w.core.countAccounts(w.admin, {})).toBe(5);
  });

  test('when an id is not a UUID or names an account of another organization, then it is 404', async () => {
    const other = await w.core.createOrganization('Elsewhere');
    await expect(w.core.getAccount(w.admin, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(w.core.getAccount(w.admin, other.admin.view.account.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const outsider = await principalOf(w.store, other.admin.issued!.key.id);
    await expect(w.core.deleteAccount(outsider, w.admin.accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
