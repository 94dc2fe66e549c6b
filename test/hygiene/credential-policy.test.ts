// Issue 32: an organization's credential policy, read and set through v2 and v3 by Admins and
// UserAdmins only (audited), and enforced on every new key in every dialect: a key without an
// expiry gets the maximum, one asking for more is refused naming the field, v1 shows `expiresAt`.
import { jsonApi } from '../support/jsonapi';
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
let v3: V3Client;
const DAY = 86_400_000;
const POLICY = '/api/v2/credential-policy';

beforeAll(() => {
  v3 = v3Client(t, bearer(t.admin.secret));
});

/** A v2 account of this role with its first credential's secret. */
async function accountWith(role: string, scopes = ['service-accounts:read', 'service-accounts:write']) {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: `${role} ${Math.random()}`, organizationalRole: role, scopes });
  expect(res.status).toBe(201);
  return { id: res.body.data.id as string, auth: bearer(res.body.data.clientSecret) };
}

const near = (iso: string | null, ms: number) => expect(Math.abs(Date.parse(iso!) - ms)).toBeLessThan(60_000);

describe('reading and setting the policy', () => {
  test('when nothing was set, then every rule is null in v2 and v3', async () => {
    const v2 = await t.http.get(POLICY).set(t.adminBearer);
    expect(v2.status).toBe(200);
    expect(v2.body.data).toEqual({
      maxKeyLifetimeDays: null,
      disableUnusedKeysAfterDays: null,
      warnBeforeExpiryDays: null,
      updatedAt: null,
    });
    const doc = await v3.get('/credential-policy');
    expect(doc.status).toBe(200);
    expect(doc.body.data).toMatchObject({
      type: 'credential-policies',
      id: t.admin.organizationId,
      attributes: { max_key_lifetime_days: null, disable_unused_keys_after_days: null, warn_before_expiry_days: null },
    });
  });

  test("when v2's PUT sets a policy, then v3 reads it, v3's PATCH changes only what it names, and each change is audited", async () => {
    const put = await t.http.put(POLICY).set(t.adminBearer).send({ maxKeyLifetimeDays: 90, warnBeforeExpiryDays: 7 });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: 7 });
    const patched = await v3.patch('/credential-policy', {
      data: { type: 'credential-policies', id: t.admin.organizationId, attributes: { disable_unused_keys_after_days: 30 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data.attributes).toEqual({
      max_key_lifetime_days: 90,
      disable_unused_keys_after_days: 30,
      warn_before_expiry_days: 7,
    });
    // v2's PUT replaces the whole: what it leaves out is off.
    const replaced = await t.http.put(POLICY).set(t.adminBearer).send({ maxKeyLifetimeDays: 90 });
    expect(replaced.body.data).toMatchObject({ maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null });
    const events = await t.query<{ action: string; audit_values: string }>(
      `SELECT action, audit_values FROM audit_events WHERE target_type = 'credential-policy' ORDER BY id`,
    );
    expect(events.map((e) => e.action)).toEqual(['credential-policy.update', 'credential-policy.update', 'credential-policy.update']);
    const v3events = await jsonApi(t.http.get('/v3/audit-events?filter[resource.type]=credential-policies').set(t.adminBearer));
    expect(v3events.body.data.map((e: { attributes: { operation: string; resource: { id: string } } }) => e.attributes)).toEqual(
      Array(3).fill(
        expect.objectContaining({ operation: 'update', resource: { type: 'credential-policies', id: t.admin.organizationId, name: null } }),
      ),
    );
    expect(JSON.parse(events[2].audit_values)).toEqual([
      { field: 'disableUnusedKeysAfterDays', before: 30, after: null },
      { field: 'warnBeforeExpiryDays', before: 7, after: null },
    ]);
  });

  test('when a rule is out of bounds, then 400 names it in each dialect and nothing changes', async () => {
    const before = (await t.http.get(POLICY).set(t.adminBearer)).body.data;
    const v2 = await t.http.put(POLICY).set(t.adminBearer).send({ maxKeyLifetimeDays: 0 });
    expect(v2.status).toBe(400);
    expect(v2.body.target).toBe('maxKeyLifetimeDays');
    const doc = await v3.patch('/credential-policy', {
      data: { type: 'credential-policies', id: t.admin.organizationId, attributes: { warn_before_expiry_days: 366 } },
    });
    expect(doc.status).toBe(400);
    expect(doc.body.errors[0].source).toEqual({ pointer: '/data/attributes/warn_before_expiry_days' });
    expect((await t.http.get(POLICY).set(t.adminBearer)).body.data).toEqual(before);
  });

  test('when a Member (even with write access) or a WorkspaceAdmin asks, then 403; a UserAdmin may', async () => {
    const member = await accountWith('Member');
    const wsAdmin = await accountWith('WorkspaceAdmin');
    const userAdmin = await accountWith('UserAdmin');
    for (const who of [member, wsAdmin]) {
      expect((await t.http.get(POLICY).set(who.auth)).status).toBe(403);
      expect((await t.http.put(POLICY).set(who.auth).send({ maxKeyLifetimeDays: 1 })).status).toBe(403);
      expect((await v3Client(t, who.auth).get('/credential-policy')).status).toBe(403);
    }
    expect((await t.http.get(POLICY).set(userAdmin.auth)).status).toBe(200);
    expect((await t.http.put(POLICY).set(userAdmin.auth).send({ maxKeyLifetimeDays: 90 })).status).toBe(200);
  });
});

describe('enforcement on new keys', () => {
  let target: string;
  beforeAll(async () => {
    await t.http.put(POLICY).set(t.adminBearer).send({ maxKeyLifetimeDays: 30 });
    target = (await accountWith('Member', ['service-accounts:read'])).id;
  });

  test('when v2 makes an account or a credential without an expiry, then it expires at the maximum; asking for more is 400 on expirationDate', async () => {
    const made = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'capped v2' });
    expect(made.status).toBe(201);
    near(made.body.data.credentials[0].expirationDate, Date.now() + 30 * DAY);
    const cred = await t.http.post(`/api/v2/service-accounts/${target}/credentials`).set(t.adminBearer).send({});
    near(cred.body.data.expirationDate, Date.now() + 30 * DAY);
    const within = new Date(Date.now() + 10 * DAY).toISOString();
    const ok = await t.http.post(`/api/v2/service-accounts/${target}/credentials`).set(t.adminBearer).send({ expirationDate: within });
    expect(ok.body.data.expirationDate).toBe(within);
    const keysBefore = await t.query(`SELECT id FROM keys`);
    const tooLong = new Date(Date.now() + 31 * DAY).toISOString();
    const refused = await t.http
      .post(`/api/v2/service-accounts/${target}/credentials`)
      .set(t.adminBearer)
      .send({ expirationDate: tooLong });
    expect(refused.status).toBe(400);
    expect(refused.body.target).toBe('expirationDate');
    expect(refused.body.errors.expirationDate[0]).toMatch(/at most 30 days/);
    const account = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'too long v2', expirationDate: tooLong });
    expect(account.status).toBe(400);
    expect(account.body.target).toBe('expirationDate');
    expect(await t.query(`SELECT id FROM keys`)).toEqual(keysBefore);
  });

  test('when v3 makes a key without expires_at, then it gets the maximum; more is 400 pointing at expires_at', async () => {
    const made = await v3.post(`/service-accounts/${target}/keys`, { data: { type: 'service-account-keys' } });
    expect(made.status).toBe(201);
    near(made.body.data.meta.expires_at, Date.now() + 30 * DAY);
    const refused = await v3.post(`/service-accounts/${target}/keys`, {
      data: { type: 'service-account-keys', attributes: { expires_at: new Date(Date.now() + 40 * DAY).toISOString() } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].source).toEqual({ pointer: '/data/attributes/expires_at' });
    const account = await v3.post('/service-accounts', { data: { type: 'service-accounts', attributes: { name: 'capped v3' } } });
    near(account.body.included[0].meta.expires_at, Date.now() + 30 * DAY);
  });

  test('when v1 makes an api key, then it expires at the maximum and v1 shows expiresAt on it from then on', async () => {
    const made = await t.http.post('/v1/api-keys').set(t.adminBearer).send({ serviceAccountId: target, scope: 'read' });
    expect(made.status).toBe(200);
    near(made.body.data.expiresAt, Date.now() + 30 * DAY);
    const listed = await t.http.get(`/v1/api-keys?serviceAccountId=${target}`).set(t.adminBearer);
    const shown = listed.body.data.items.find((k: { id: string }) => k.id === made.body.data.id);
    expect(shown.expiresAt).toBe(made.body.data.expiresAt);
  });

  test('when the policy is off again, then keys are made without an expiry as before', async () => {
    await t.http.put(POLICY).set(t.adminBearer).send({});
    const cred = await t.http.post(`/api/v2/service-accounts/${target}/credentials`).set(t.adminBearer).send({});
    expect(cred.body.data.expirationDate).toBeNull();
  });
});
