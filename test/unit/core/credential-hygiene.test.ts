// The use cases issues 30 and 32 added, on the in-memory store: rolling a key, revoking leaked
// secrets, the organization's credential policy and the janitor that applies it, and webhook
// subscriptions whose outbox rows land with the change they tell of.
import { DAY_MS } from '../../../src/core/credential-policy';
import { coreWorld, refusedWithoutChange, type CoreWorld } from '../support/core-world';

let w: CoreWorld;
let accountId: string;
beforeEach(async () => {
  w = await coreWorld();
  accountId = (await w.core.createAccount(w.admin, { name: 'Owner', permissions: ['billing:read'], firstKey: null })).view.account.id;
});

const inDays = (days: number) => new Date(w.clock.now().getTime() + days * DAY_MS);
const keyOf = async (id: string) => (await w.core.getAccount(w.admin, accountId)).keys.find((k) => k.id === id);
const events = async () => (await w.core.listAuditEvents(w.admin, accountId, { limit: 100 })).items;

describe('rolling a key', () => {
  test('when a key is rolled, then a new key with its scopes is made and the old one expires after the overlap, both audited', async () => {
    const old = await w.core.createKey(w.admin, accountId, { name: 'ci', readOnly: true });
    const rolled = await w.core.rollKey(w.admin, old.key.id, 3600, { accountId });
    expect(rolled.key).toMatchObject({ name: 'ci', readOnly: true, scopes: old.key.scopes, status: 'Active' });
    expect(rolled.key.id).not.toBe(old.key.id);
    expect(rolled.previous).toMatchObject({ id: old.key.id, expiresAt: new Date(w.clock.now().getTime() + 3_600_000).toISOString() });
    const told = (await events()).filter((e) => e.targetId === old.key.id || e.targetId === rolled.key.id);
    expect(told.map((e) => `${e.action} ${e.targetId}`).sort()).toEqual(
      [`key.create ${old.key.id}`, `key.roll ${old.key.id}`, `key.create ${rolled.key.id}`].sort(),
    );
  });

  test('when a revoked key is rolled, or a key under another account, then it is refused and nothing is stored', async () => {
    const old = await w.core.createKey(w.admin, accountId, {});
    await w.core.revokeKey(w.admin, old.key.id);
    expect(await refusedWithoutChange(w.store, () => w.core.rollKey(w.admin, old.key.id, undefined))).toMatchObject({ code: 'CONFLICT' });
    const live = await w.core.createKey(w.admin, accountId, {});
    const other = (await w.core.createAccount(w.admin, { name: 'Other', firstKey: null })).view.account.id;
    expect(await refusedWithoutChange(w.store, () => w.core.rollKey(w.admin, live.key.id, undefined, { accountId: other }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('leaked secrets', () => {
  test('when a leaked key is reported, then it is revoked as leaked, audited as the report; reported again, nothing more happens', async () => {
    const key = await w.core.createKey(w.admin, accountId, {});
    const reporter = { principalType: 'secret-scanning' as const, requestId: 'req-scan' };
    const leak = { keyId: key.key.id, url: 'https://github.com/acme/app/blob/main/.env', source: 'content' };
    expect([...(await w.core.revokeLeakedKeys(reporter, [leak, leak]))]).toEqual([key.key.id]);
    expect(await keyOf(key.key.id)).toMatchObject({ status: 'Revoked', revokedReason: 'leaked' });
    const revoke = (await events()).filter((e) => e.action === 'key.revoke');
    expect(revoke).toEqual([expect.objectContaining({ principalType: 'secret-scanning', actorId: null, targetId: key.key.id })]);
    expect([...(await w.core.revokeLeakedKeys(reporter, [leak]))]).toEqual([]);
  });
});

describe('the credential policy', () => {
  test('when a Member reads or sets the policy, then it is 403 and nothing is stored', async () => {
    const member = await w.caller({ permissions: ['service-accounts:read', 'service-accounts:write'] });
    await expect(w.core.getCredentialPolicy(member.p)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusedWithoutChange(w.store, () => w.core.setCredentialPolicy(member.p, { maxKeyLifetimeDays: 30 }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  test('when an Admin caps key lifetimes, then a new key without expiry gets the cap and one asking for more is a 400 on expiresAt', async () => {
    expect(await w.core.getCredentialPolicy(w.admin)).toMatchObject({ maxKeyLifetimeDays: null, updatedAt: null });
    const set = await w.core.setCredentialPolicy(w.admin, { maxKeyLifetimeDays: 30 });
    expect(set).toMatchObject({ maxKeyLifetimeDays: 30, disableUnusedKeysAfterDays: null, updatedAt: w.clock.now().toISOString() });
    const capped = await w.core.createKey(w.admin, accountId, {});
    expect(capped.key.expiresAt).toBe(inDays(30).toISOString());
    const err = await refusedWithoutChange(w.store, () => w.core.createKey(w.admin, accountId, { expiresAt: inDays(31).toISOString() }));
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', fields: [{ field: 'expiresAt' }] });
  });

  test('when a rule is out of bounds, then it is a 400 naming it and nothing is stored', async () => {
    const err = await refusedWithoutChange(w.store, () => w.core.setCredentialPolicy(w.admin, { warnBeforeExpiryDays: 366 }));
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', fields: [{ field: 'warnBeforeExpiryDays' }] });
  });

  test('when the janitor looks ahead, then it plans to disable the idle key; done, it is disabled once, audited as the policy', async () => {
    const idle = await w.core.createKey(w.admin, accountId, { name: 'idle' });
    await w.core.setCredentialPolicy(w.admin, { disableUnusedKeysAfterDays: 30 });
    expect(await w.core.planJanitor(inDays(29))).toEqual([]);
    const plan = await w.core.planJanitor(inDays(31));
    expect(plan).toEqual([expect.objectContaining({ action: 'disable', keyId: idle.key.id, serviceAccountId: accountId })]);
    expect(await keyOf(idle.key.id)).toMatchObject({ enabled: true });
    expect(await w.core.applyJanitorAction(plan[0], inDays(31))).toBe(true);
    expect(await keyOf(idle.key.id)).toMatchObject({ enabled: false, status: 'Disabled' });
    const disable = (await events()).filter((e) => e.action === 'key.disable');
    expect(disable).toEqual([expect.objectContaining({ principalType: 'policy', actorId: null, targetId: idle.key.id })]);
    expect(await w.core.planJanitor(inDays(31))).toEqual([]);
  });
});

describe('webhooks', () => {
  test('when a subscription is made, then its secret is shown once and stored sealed; a change it takes is queued for it with that change', async () => {
    const made = await w.core.createWebhook(w.admin, { url: 'https://hooks.example.com/iamgate', events: ['key.created'] });
    expect(made.secret).toMatch(/^whsec_/);
    const stored = await w.store.run((r) => r.webhooks.get(w.orgId, made.subscription.id));
    expect(stored?.secretSealed).toBe(`sealed:${made.secret}`);
    expect(made.subscription).not.toHaveProperty('secretSealed');
    const key = await w.core.createKey(w.admin, accountId, {});
    await w.core.revokeKey(w.admin, key.key.id);
    const queued = await w.core.listWebhookDeliveries(w.admin, made.subscription.id, { limit: 10, offset: 0 });
    expect(queued.items).toEqual([expect.objectContaining({ eventType: 'key.created', state: 'pending', attempts: 0 })]);
    const created = (await events()).find((e) => e.action === 'key.create' && e.targetId === key.key.id);
    expect(queued.items[0].auditEventId).toBe(created?.id);
  });

  test('when a subscription is disabled or deleted, then nothing more is queued for it, and a Member cannot see it', async () => {
    const made = await w.core.createWebhook(w.admin, { url: 'https://hooks.example.com/x', events: ['key.created'], enabled: false });
    await w.core.createKey(w.admin, accountId, {});
    expect((await w.core.listWebhookDeliveries(w.admin, made.subscription.id, { limit: 10, offset: 0 })).items).toEqual([]);
    const member = await w.caller({ permissions: ['service-accounts:read'] });
    await expect(w.core.listWebhooks(member.p)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await w.core.deleteWebhook(w.admin, made.subscription.id);
    await expect(w.core.getWebhook(w.admin, made.subscription.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('when a URL resolves nowhere public or is not https, then it is a 400 on url and nothing is stored', async () => {
    const err = await refusedWithoutChange(w.store, () =>
      w.core.createWebhook(w.admin, { url: 'http://127.0.0.1/hook', events: ['key.created'] }),
    );
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', fields: [expect.objectContaining({ field: 'url' })] });
  });
});
