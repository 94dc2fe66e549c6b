// Every change and its audit event land together or not at all: when any write of a use case fails
// (here, the store refuses it), the whole change is rolled back.
import type { RepoCall } from '../../support/memory-store';
import { MemoryStore } from '../../support/memory-store';
import { coreOn, coreWorld, principalOf, refusedWithoutChange, type CoreWorld } from '../support/core-world';

class StoreRefused extends Error {}

type Change = (w: CoreWorld, target: { accountId: string; keyId: string; groupId: string }) => Promise<unknown>;

const CHANGES: [string, RepoCall, Change][] = [
  ['an account creation', 'audit.insert', (w) => w.core.createAccount(w.admin, { name: 'New', firstKey: {} })],
  ['an account creation', 'keys.insert', (w) => w.core.createAccount(w.admin, { name: 'New', firstKey: {} })],
  ['an account update', 'audit.insert', (w, t) => w.core.updateAccount(w.admin, t.accountId, { name: 'Renamed', permissions: ['x:read'] })],
  ['an account update', 'keys.followAccounts', (w, t) => w.core.updateAccount(w.admin, t.accountId, { permissions: ['x:read'] })],
  ['an account deletion', 'audit.insert', (w, t) => w.core.deleteAccount(w.admin, t.accountId)],
  ['a key creation', 'audit.insert', (w, t) => w.core.createKey(w.admin, t.accountId, {})],
  ['a key creation', 'keys.insert', (w, t) => w.core.createKey(w.admin, t.accountId, {})],
  ['a key revocation', 'audit.insert', (w, t) => w.core.revokeKey(w.admin, t.keyId)],
  ['a role creation', 'audit.insert', (w) => w.core.createRole(w.admin, { name: 'r' })],
  ['a group creation', 'audit.insert', (w) => w.core.createGroup(w.admin, { name: 'g2' })],
  ['a membership change', 'audit.insertMany', (w, t) => w.core.changeGroupMembers(w.admin, t.groupId, 'add', [t.accountId])],
  ['a membership change', 'accounts.setInherited', (w, t) => w.core.changeGroupMembers(w.admin, t.groupId, 'add', [t.accountId])],
  ['an organization creation', 'audit.insert', (w) => w.core.createOrganization('Another')],
  ['a workspace creation', 'audit.insert', (w) => w.core.createWorkspace(w.admin, 'ws')],
];

test.each(CHANGES)('when the store refuses %s at %s, then nothing of the change is stored', async (_change, call, change) => {
  const w = await coreWorld();
  const role = await w.core.createRole(w.admin, { name: 'reader', permissions: ['x:read'] });
  const { view, issued } = await w.core.createAccount(w.admin, { name: 'Target', firstKey: {} });
  const group = await w.core.createGroup(w.admin, { name: 'g', bindings: [{ roleId: role.id }] });
  const refusal = new StoreRefused(`${call} refused`);
  w.store.before(call, () => {
    throw refusal;
  });
  const err = await refusedWithoutChange(w.store, () =>
    change(w, { accountId: view.account.id, keyId: issued!.key.id, groupId: group.group.id }),
  );
  expect(err).toBe(refusal);
});

test("when a request's database budget runs out half-way through a change, then it is refused UNAVAILABLE and nothing of it is stored", async () => {
  const store = new MemoryStore({ queries: 6, ms: 60_000 });
  const core = coreOn(store);
  const boot = await core.createOrganization('Acme');
  const admin = await principalOf(store, boot.admin.issued!.key.id);
  const err = await refusedWithoutChange(store, () => core.forRequest().createAccount(admin, { name: 'New', firstKey: {} }));
  expect(err).toMatchObject({ code: 'UNAVAILABLE' });
  // The same change outside a request's budget lands: the budget alone refused it.
  await expect(core.createAccount(admin, { name: 'New', firstKey: {} })).resolves.toMatchObject({ view: { account: { name: 'New' } } });
});
