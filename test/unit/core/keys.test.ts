// Key use cases of the core, on the in-memory store.
import { coreWorld, refusedWithoutChange, type CoreWorld } from '../support/core-world';

let w: CoreWorld;
let accountId: string;
beforeEach(async () => {
  w = await coreWorld();
  accountId = (await w.core.createAccount(w.admin, { name: 'Owner', permissions: ['billing:read', 'billing:write'], firstKey: null })).view
    .account.id;
});

const version = async () => (await w.core.getAccount(w.admin, accountId)).account.version;

test("when a key is made without scopes, then it holds the account's permissions, bumps the account's version and is logged without its secret", async () => {
  const issued = await w.core.createKey(w.admin, accountId, { name: 'ci' });
  expect(issued.key).toMatchObject({
    name: 'ci',
    scopes: ['billing:read', 'billing:write'],
    scopesExplicit: false,
    readOnly: false,
    status: 'Active',
  });
  expect(issued.account).toMatchObject({ id: accountId, version: 2 });
  expect(await version()).toBe(2);
  const [, event] = (await w.core.listAuditEvents(w.admin, accountId, { limit: 10 })).items;
  expect(event).toMatchObject({ action: 'key.create', targetId: issued.key.id, targetName: 'ci' });
  expect(JSON.stringify(event)).not.toContain(issued.secret);
  expect(Object.keys(event.changes)).not.toContain('secretHash');
});

test('when a read-only key is made, then it holds only the read permissions', async () => {
  const issued = await w.core.createKey(w.admin, accountId, { readOnly: true });
  expect(issued.key).toMatchObject({ scopes: ['billing:read'], readOnly: true });
});

test('when explicit scopes name a permission the account lacks, then it is a 400 on scopes and nothing is stored', async () => {
  const err = await refusedWithoutChange(w.store, () => w.core.createKey(w.admin, accountId, { scopes: ['billing:read', 'admin:write'] }));
  expect(err).toMatchObject({ code: 'VALIDATION_ERROR', fields: [{ field: 'scopes' }] });
});

test('when a scope-limited caller mints a key with scopes it cannot use, then it is 403 and nothing is stored', async () => {
  const limited = await w.caller({ role: 'Admin' }, { scopes: ['service-accounts:read', 'service-accounts:write'] });
  const err = await refusedWithoutChange(w.store, () => w.core.createKey(limited.p, accountId, { scopes: ['billing:write'] }));
  expect(err).toMatchObject({ code: 'FORBIDDEN' });
});

test('when a key is revoked, then it reads Revoked, the account version moves once, and revoking again changes nothing', async () => {
  const { key } = await w.core.createKey(w.admin, accountId, {});
  const revoked = await w.core.revokeKey(w.admin, key.id, { accountId });
  expect(revoked.key).toMatchObject({ status: 'Revoked', revokedAt: w.clock.now().toISOString() });
  expect(revoked.account.version).toBe(3);
  const again = await w.core.revokeKey(w.admin, key.id);
  expect(again.account.version).toBe(3);
  const actions = (await w.core.listAuditEvents(w.admin, accountId, { limit: 10 })).items.map((e) => e.action);
  expect(actions).toEqual(['service-account.create', 'key.create', 'key.revoke']);
  // Where revoking is deleting (v3), a revoked key is gone.
  await expect(w.core.revokeKey(w.admin, key.id, { notRevoked: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when a key is disabled and enabled, then its status follows; with nothing asked, only the version pin is checked', async () => {
  const { key } = await w.core.createKey(w.admin, accountId, {});
  expect((await w.core.setKeyEnabled(w.admin, key.id, false)).key.status).toBe('Disabled');
  expect((await w.core.setKeyEnabled(w.admin, key.id, true, { expectedVersion: 3 })).key.status).toBe('Active');
  const unchanged = await w.core.setKeyEnabled(w.admin, key.id, undefined, { expectedVersion: 4 });
  expect(unchanged.account.version).toBe(4);
  const err = await refusedWithoutChange(w.store, () => w.core.setKeyEnabled(w.admin, key.id, false, { expectedVersion: 1 }));
  expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
});

test('when a key is asked for under another account, or by an id that is no UUID, then it is 404', async () => {
  const { key } = await w.core.createKey(w.admin, accountId, {});
  await expect(w.core.getKey(w.admin, key.id, w.admin.accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(w.core.setKeyEnabled(w.admin, key.id, false, { accountId: w.admin.accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(w.core.getKey(w.admin, 'k-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect((await w.core.getKey(w.admin, key.id.toUpperCase(), accountId)).id).toBe(key.id);
});

test('when a key reaches its expiry, then it reads Expired', async () => {
  const expiresAt = new Date(w.clock.now().getTime() + 60_000).toISOString();
  const { key } = await w.core.createKey(w.admin, accountId, { expiresAt });
  w.clock.advance(60_000);
  expect((await w.core.getKey(w.admin, key.id)).status).toBe('Expired');
});

test('when keys are listed, then they come oldest first in pages, without revoked ones when asked', async () => {
  const made = [];
  for (let i = 0; i < 3; i++) made.push((await w.core.createKey(w.admin, accountId, {})).key.id);
  await w.core.revokeKey(w.admin, made[1]);
  const first = await w.core.listKeys(w.admin, { accountId, limit: 2 });
  expect(first).toMatchObject({ hasMore: true });
  expect(first.items.map((k) => k.id)).toEqual(made.slice(0, 2));
  const live = await w.core.listKeys(w.admin, { accountId, excludeRevoked: true });
  expect(live.items.map((k) => k.id)).toEqual([made[0], made[2]]);
  await expect(w.core.listKeys(w.admin, { accountId: '0198f0a0-0000-7000-8000-000000000009' })).rejects.toMatchObject({
    code: 'NOT_FOUND',
  });
});
