// Nobody locks an organization out: a change that would leave it without an active Admin holding a
// usable key is refused, and changes nothing.
import { coreWorld, refusedWithoutChange, type CoreWorld } from '../support/core-world';

let w: CoreWorld;
beforeEach(async () => {
  w = await coreWorld();
});

test.each([
  ['deleting it', (x: CoreWorld) => x.core.deleteAccount(x.admin, x.admin.accountId)],
  ['disabling it', (x: CoreWorld) => x.core.setAccountEnabled(x.admin, x.admin.accountId, false)],
  ['demoting it', (x: CoreWorld) => x.core.updateAccount(x.admin, x.admin.accountId, { role: 'UserAdmin' })],
  ['revoking its only key', (x: CoreWorld) => x.core.revokeKey(x.admin, x.admin.keyId)],
  ['disabling its only key', (x: CoreWorld) => x.core.setKeyEnabled(x.admin, x.admin.keyId, false)],
])('when the only Admin asks for %s, then it is a 409 and nothing changes', async (_what, change) => {
  const err = await refusedWithoutChange(w.store, () => change(w));
  expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('without an active Admin') });
});

test('when the other Admin holds only a read-only key, then the last usable Admin still cannot go', async () => {
  await w.caller({ role: 'Admin' }, { readOnly: true });
  const err = await refusedWithoutChange(w.store, () => w.core.setAccountEnabled(w.admin, w.admin.accountId, false));
  expect(err).toMatchObject({ code: 'CONFLICT' });
});

test('when another Admin holds a usable key, then the first may go', async () => {
  const other = await w.caller({ role: 'Admin' });
  await w.core.deleteAccount(other.p, w.admin.accountId);
  await expect(w.core.getAccount(other.p, w.admin.accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when an Admin key is revoked while the Admin has another, then it is allowed', async () => {
  const spare = await w.core.createKey(w.admin, w.admin.accountId, {});
  const revoked = await w.core.revokeKey(w.admin, w.admin.keyId);
  expect(revoked.key.status).toBe('Revoked');
  expect(spare.key.status).toBe('Active');
});
