// Organizations, their bootstrap and recovery, workspaces, and the organization's audit log.
import { MemoryStore } from '../../support/memory-store';
import { coreOn, coreWorld, principalOf, refusedWithoutChange } from '../support/core-world';

const emptyCore = () => {
  const store = new MemoryStore();
  return { store, core: coreOn(store) };
};

test('when the store is empty, then the first start makes the Default organization with an Admin and its key, once', async () => {
  const { core } = emptyCore();
  const boot = await core.bootstrapIfEmpty();
  expect(boot?.organization.name).toBe('Default');
  expect(boot?.admin.view.account).toMatchObject({ role: 'Admin', name: 'Default admin', createdBy: null });
  expect(boot?.admin.issued?.key.status).toBe('Active');
  expect(await core.bootstrapIfEmpty()).toBeNull();
  expect(await core.listOrganizations()).toEqual([{ ...boot!.organization, accounts: 1 }]);
});

test('when an organization is made with a name that folds to a taken one, then it is a 409 and nothing is stored', async () => {
  const { store, core } = emptyCore();
  await core.createOrganization('Acme');
  const err = await refusedWithoutChange(store, () => core.createOrganization(' ＡＣＭＥ '));
  expect(err).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'name' }] });
});

test('when every admin key is lost, then recovery makes a new Admin in the organization found by name; an unknown one is 404', async () => {
  const { store, core } = emptyCore();
  const boot = await core.createOrganization('Acme');
  const recovered = await core.createAdmin('acme');
  expect(recovered.organization.id).toBe(boot.organization.id);
  expect(recovered.admin.view.account).toMatchObject({ role: 'Admin', organizationId: boot.organization.id });
  const p = await principalOf(store, recovered.admin.issued!.key.id);
  expect((await core.getSelf(p)).account.id).toBe(recovered.admin.view.account.id);
  await expect(core.createAdmin('Nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when a credential asks for an organization, then only its own is found', async () => {
  const w = await coreWorld();
  const other = await w.core.createOrganization('Other');
  expect((await w.core.getOwnOrganization(w.admin)).id).toBe(w.orgId);
  await expect(w.core.getOwnOrganization(w.admin, other.organization.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when a workspace is made, then it is listed and logged; a second with a name folding to the same is a 409', async () => {
  const w = await coreWorld();
  const ws = await w.core.createWorkspace(w.admin, 'Production');
  expect(await w.core.listWorkspaces(w.admin)).toEqual([ws]);
  const err = await refusedWithoutChange(w.store, () => w.core.createWorkspace(w.admin, 'PRODUCTION'));
  expect(err).toMatchObject({ code: 'CONFLICT' });
  const assigned = await w.core.createAccount(w.admin, {
    name: 'Deployer',
    workspaceAssignments: [{ workspaceId: ws.id.toUpperCase(), role: 'Owner' }],
    firstKey: null,
  });
  expect(assigned.view.account.workspaceAssignments).toEqual([{ workspaceId: ws.id, role: 'Owner' }]);
  expect(assigned.view.workspaces.get(ws.id)?.name).toBe('Production');
});

test("when the organization's log is read, then events come newest first, filtered by target or verb, paged with hasMore", async () => {
  const w = await coreWorld();
  const { view } = await w.core.createAccount(w.admin, { name: 'Logged', firstKey: {} });
  await w.core.updateAccount(w.admin, view.account.id, { name: 'Logged again' });
  const all = await w.core.listOrganizationAuditEvents(w.admin, { limit: 10, offset: 0 });
  expect(all.items.map((e) => e.action)).toEqual([
    'service-account.update',
    'key.create',
    'service-account.create',
    'key.create',
    'service-account.create',
    'organization.create',
  ]);
  const created = await w.core.listOrganizationAuditEvents(w.admin, { limit: 1, offset: 0, filter: { verb: 'create' } });
  expect(created).toMatchObject({ hasMore: true, items: [{ action: 'key.create', serviceAccountId: view.account.id }] });
  const ofTarget = await w.core.listOrganizationAuditEvents(w.admin, { limit: 10, offset: 0, filter: { targetId: view.account.id } });
  expect(ofTarget.items.map((e) => e.action)).toEqual(['service-account.update', 'service-account.create']);
  // The system acted at the bootstrap.
  expect(all.items.at(-1)).toMatchObject({ actorId: null, dialect: 'system' });
});
