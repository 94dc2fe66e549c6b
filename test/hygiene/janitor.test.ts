// Issue 32: the janitor applies an organization's credential policy. Its dry run at a future instant
// lists exactly the keys due (idle ones to disable, expiring ones to warn about, over-lifetime ones to
// report) and changes nothing; a real run does those, each its own audit event of principal type
// `policy`; a second run does nothing; a disabled key reads `Disabled` in v2 and can be enabled again
// in v3, after which its idle time starts over. The organization's last usable Admin key is spared.
import type { JanitorAction } from '../../src/core/janitor';
import { janitorPlan, runJanitorOnce } from '../../src/janitor';
import { whileHolding } from '../../src/store/exclusive-lease';
import { jsonApi } from '../support/jsonapi';
import { v3Client } from '../support/jsonapi-client';
import { bearer, useTestServer, type Credentials } from '../support/server';

const t = useTestServer({ janitorIntervalS: 0 });
const DAY = 86_400_000;
let org: Credentials;
let admin: Record<string, string>;
const keys: Record<'adminKey' | 'idle' | 'busy' | 'expiring' | 'unusedCapped', string> = {} as never;
const secrets: Record<string, string> = {};
let start: number;

const summary = (actions: JanitorAction[]) => actions.map((a) => `${a.action} ${a.keyId}`).sort();

beforeAll(async () => {
  start = Date.now();
  org = await t.newOrg('Janitor org');
  admin = bearer(org.secret);
  const made = async (name: string, expirationDate: string | null = null) => {
    const res = await t.http
      .post('/api/v2/service-accounts')
      .set(admin)
      .send({ name, scopes: ['service-accounts:read'], expirationDate });
    expect(res.status).toBe(201);
    return res.body.data;
  };
  const credential = async (accountId: string, expirationDate: string | null) => {
    const res = await t.http.post(`/api/v2/service-accounts/${accountId}/credentials`).set(admin).send({ expirationDate });
    expect(res.status).toBe(201);
    return res.body.data;
  };
  const idle = await made('idle');
  const busy = await made('busy');
  const expiring = await credential(busy.id, new Date(start + 38 * DAY).toISOString());
  const unusedCapped = await credential(busy.id, new Date(start + 50 * DAY).toISOString());
  keys.adminKey = (await t.query<{ id: string }>(`SELECT id FROM keys WHERE service_account_id = '${org.serviceAccountId}'`))[0].id;
  keys.idle = idle.credentials[0].id;
  keys.busy = busy.credentials[0].id;
  keys.expiring = expiring.id;
  keys.unusedCapped = unusedCapped.id;
  secrets.busy = busy.clientSecret;
  secrets.expiring = expiring.clientSecret;
  const policy = await t.http
    .put('/api/v2/credential-policy')
    .set(admin)
    .send({ maxKeyLifetimeDays: 60, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: 7 });
  expect(policy.status).toBe(200);
  // Ten days on, two keys are used; the Admin's key is not (it is the organization's only Admin key).
  t.clock.advance(10 * DAY);
  for (const secret of [secrets.busy, secrets.expiring])
    expect((await t.http.get('/api/v2/workspaces').set(bearer(secret))).status).toBe(200);
});

/** What must be left alone by a dry run. */
const state = () =>
  Promise.all([
    t.query('SELECT id, enabled FROM keys ORDER BY id'),
    t.query('SELECT id FROM audit_events ORDER BY id'),
    t.query('SELECT * FROM key_policy_marks ORDER BY key_id'),
  ]);

const expected = () =>
  [
    `disable ${keys.idle}`,
    `over-lifetime ${keys.idle}`,
    `over-lifetime ${keys.busy}`,
    `warn-expiry ${keys.expiring}`,
    `disable ${keys.unusedCapped}`,
    `over-lifetime ${keys.adminKey}`,
  ].sort();

test('when the dry run looks 35 days ahead, then it lists exactly the keys due, of this organization only, and changes nothing', async () => {
  const before = await state();
  const plan = await janitorPlan(t.running.runtime, new Date(start + 35 * DAY));
  const mine = plan.filter((a) => a.organizationId === org.organizationId);
  expect(plan).toEqual(mine); // the other organization has no policy
  expect(summary(mine)).toEqual(expected());
  expect(mine.find((a) => a.keyId === keys.idle && a.action === 'disable')).toMatchObject({
    serviceAccountId: expect.any(String),
    idleSince: expect.any(String),
    disableUnusedKeysAfterDays: 30,
  });
  expect(mine.find((a) => a.action === 'warn-expiry')).toMatchObject({
    expiresAt: new Date(start + 38 * DAY).toISOString(),
    warnBeforeExpiryDays: 7,
  });
  // Today only the reports are due: the keys made without an expiry already outlive the 60 days allowed.
  expect(summary(await janitorPlan(t.running.runtime, new Date(start)))).toEqual(
    [`over-lifetime ${keys.idle}`, `over-lifetime ${keys.busy}`, `over-lifetime ${keys.adminKey}`].sort(),
  );
  expect(await state()).toEqual(before);
});

test('when the janitor runs for real then, it does each of them once, audited as the policy; a second run does nothing', async () => {
  t.clock.advance(25 * DAY); // now start + 35 days
  const done = await runJanitorOnce(t.running.runtime);
  expect(summary(done!)).toEqual(expected());
  expect(await runJanitorOnce(t.running.runtime)).toEqual([]);
  expect(await janitorPlan(t.running.runtime)).toEqual([]);

  const rows = await t.query<{ id: string; enabled: boolean | number }>(
    `SELECT id, enabled FROM keys WHERE organization_id = '${org.organizationId}'`,
  );
  const disabled = rows.filter((r) => !r.enabled).map((r) => r.id);
  expect(disabled.sort()).toEqual([keys.idle, keys.unusedCapped].sort());
  const events = await t.query<{ action: string; target_id: string; principal_type: string; actor_id: string | null }>(
    `SELECT action, target_id, principal_type, actor_id FROM audit_events WHERE principal_type <> 'service-accounts' ORDER BY id`,
  );
  expect(events.map((e) => `${e.action} ${e.target_id}`).sort()).toEqual(
    [
      `key.disable ${keys.idle}`,
      `key.over-lifetime ${keys.idle}`,
      `key.over-lifetime ${keys.busy}`,
      `key.expiring ${keys.expiring}`,
      `key.disable ${keys.unusedCapped}`,
      `key.over-lifetime ${keys.adminKey}`,
    ].sort(),
  );
  expect(new Set(events.map((e) => e.principal_type))).toEqual(new Set(['policy']));
  expect(events.every((e) => e.actor_id === null)).toBe(true);
});

test('when a key was disabled by the policy, then v2 shows it Disabled, v2 audit events say actorType policy, and the Admin can still work', async () => {
  const idleAccount = await t.http.get('/api/v2/service-accounts?search=idle').set(admin);
  expect(idleAccount.status).toBe(200);
  expect(idleAccount.body.data[0].credentials[0]).toMatchObject({ id: keys.idle, status: 'Disabled' });
  const audit = await t.http.get(`/api/v2/service-accounts/${idleAccount.body.data[0].id}/audit-events`).set(admin);
  const disable = audit.body.data.find((e: { action: string }) => e.action === 'key.disable');
  expect(disable).toMatchObject({ actorType: 'policy', actorId: null, dialect: 'system', targetId: keys.idle });
  // v3's audit trail: the warning, on the key, filtered by its operation.
  const v3 = await jsonApi(t.http.get('/v3/audit-events?filter[operation]=expiring').set(admin));
  expect(v3.status).toBe(200);
  expect(v3.body.data.map((e: { attributes: { resource: object } }) => e.attributes.resource)).toEqual([
    { type: 'service-account-keys', id: keys.expiring, name: null },
  ]);
});

test('when v3 enables a disabled key again, then it works and its idle time starts over: the next run leaves it alone', async () => {
  const owner = (await t.query<{ service_account_id: string }>(`SELECT service_account_id FROM keys WHERE id = '${keys.idle}'`))[0]
    .service_account_id;
  const api = v3Client(t, admin, org.organizationId);
  const enabled = await api.patch(`/service-accounts/${owner}/keys/${keys.idle}`, {
    data: { type: 'service-account-keys', id: keys.idle, attributes: { enabled: true } },
  });
  expect(enabled.status).toBe(200);
  expect(enabled.body.data.attributes.enabled).toBe(true);
  expect(await runJanitorOnce(t.running.runtime)).toEqual([]);
  const disablingAt = async (days: number) =>
    (await janitorPlan(t.running.runtime, new Date(t.clock.now().getTime() + days * DAY)))
      .filter((a) => a.action === 'disable')
      .map((a) => a.keyId);
  expect(await disablingAt(29)).not.toContain(keys.idle);
  // 30 days after being enabled, still unused: due again.
  expect(await disablingAt(31)).toContain(keys.idle);
});

test('when another process holds the janitor (advisory lock on PostgreSQL, lease row on SQLite), then a run skips; once released, it runs', async () => {
  const { store } = t.running.runtime;
  const inside = await whileHolding(store, 'janitor', 60_000, () => runJanitorOnce(t.running.runtime));
  expect(inside).toBeNull();
  expect(await runJanitorOnce(t.running.runtime)).toEqual([]);
});
