// A legacy integration holds nothing but one v1 api key, sent as `Authorization: Bearer <key>`.
// With the v1 permissions on its account it can do everything docs/reference/v1.md lists, and no more.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

/** An account made by the Admin through v1, and one v1 api key for it: all a legacy client gets. */
async function legacyClient(name: string, permissions: string[], scope: 'read' | 'read-write' = 'read-write') {
  const account = await t.http.post('/v1/service-accounts').set(admin).send({ name, permissions });
  expect(account.status).toBe(200);
  const key = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: account.body.data.id, scope });
  expect(key.status).toBe(200);
  return { id: account.body.data.id as string, auth: bearer(key.body.data.key) };
}

const count = async () => Number((await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM service_accounts'))[0].n);

test('when the key carries service_account:read/write and apikey:create, then every v1 route works with it alone', async () => {
  const me = await legacyClient('Legacy integration', ['service_account:read', 'service_account:write', 'apikey:create']);
  const as = me.auth;

  const created = await t.http
    .post('/v1/service-accounts')
    .set(as)
    .send({ name: 'Made by legacy', description: 'child', permissions: ['service_account:read'] });
  expect(created.status).toBe(200);
  expect(created.body.data).toMatchObject({ createdBy: me.id, permissions: ['service_account:read'], status: 'active' });
  const id = created.body.data.id;

  const list = await t.http.get('/v1/service-accounts?limit=100').set(as);
  expect(list.status).toBe(200);
  expect(list.body.data.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([me.id, id]));

  expect((await t.http.get(`/v1/service-accounts/${id}`).set(as)).body.data).toEqual(created.body.data);

  const patched = await t.http.patch(`/v1/service-accounts/${id}`).set(as).send({ name: 'Renamed by legacy', description: null });
  expect(patched.status).toBe(200);
  expect(patched.body.data).toMatchObject({ name: 'Renamed by legacy', description: null });

  expect((await t.http.post(`/v1/service-accounts/${id}/disable`).set(as)).body.data.status).toBe('disabled');
  expect((await t.http.post(`/v1/service-accounts/${id}/enable`).set(as)).body.data.status).toBe('active');

  const rw = await t.http.post('/v1/api-keys').set(as).send({ name: 'child rw', serviceAccountId: id });
  const ro = await t.http.post('/v1/api-keys').set(as).send({ name: 'child ro', scope: 'read', serviceAccountId: id });
  expect([rw.status, ro.status]).toEqual([200, 200]);
  expect([rw.body.data.scope, ro.body.data.scope]).toEqual(['read-write', 'read']);
  expect((await t.http.get('/v1/service-accounts').set(bearer(ro.body.data.key))).status).toBe(200);

  const keys = await t.http.get(`/v1/api-keys?serviceAccountId=${id}`).set(as);
  expect(keys.body.data.items.map((k: { name: string }) => k.name)).toEqual(['child rw', 'child ro']);
  const orgKeys = await t.http.get('/v1/api-keys?limit=100').set(as);
  expect(orgKeys.body.data.items.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([rw.body.data.id, ro.body.data.id]));

  expect((await t.http.delete(`/v1/api-keys/${rw.body.data.id}`).set(as)).status).toBe(200);
  expect((await t.http.get('/v1/service-accounts').set(bearer(rw.body.data.key))).status).toBe(401);

  const deleted = await t.http.delete(`/v1/service-accounts/${id}`).set(as);
  expect(deleted.status).toBe(200);
  expect((await t.http.get(`/v1/service-accounts/${id}`).set(as)).status).toBe(404);
  expect((await t.http.get('/v1/service-accounts').set(bearer(ro.body.data.key))).status).toBe(401);
});

test('when the legacy key tries to grant a permission it does not hold, then 403 and nothing is written or changed', async () => {
  const me = await legacyClient('Limited writer', ['service_account:read', 'service_account:write']);
  const before = await count();
  const res = await t.http
    .post('/v1/service-accounts')
    .set(me.auth)
    .send({ name: 'Escalated', permissions: ['billing:write'] });
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ code: 403, data: null, message: expect.stringContaining('billing:write') });
  expect(await count()).toBe(before);

  const peer = (await t.http.post('/v1/service-accounts').set(me.auth).send({ name: 'Peer', permissions: [] })).body.data;
  const patched = await t.http
    .patch(`/v1/service-accounts/${peer.id}`)
    .set(me.auth)
    .send({ permissions: ['billing:write'] });
  expect(patched.status).toBe(403);
  expect((await t.http.get(`/v1/service-accounts/${peer.id}`).set(me.auth)).body.data.permissions).toEqual([]);

  // Managing an account is granting what it has: the Admin's own account is out of reach.
  const adminAccount = await t.http.patch(`/v1/service-accounts/${t.admin.serviceAccountId}`).set(me.auth).send({ name: 'Hijacked' });
  expect(adminAccount.status).toBe(403);
  expect((await t.http.post('/v1/api-keys').set(me.auth).send({ serviceAccountId: t.admin.serviceAccountId })).status).toBe(403);
});

test('when the key carries only apikey:create, then it makes and deletes keys (read ones too) but reads and account writes are 403', async () => {
  const me = await legacyClient('Key issuer', ['apikey:create']);
  const target = (await t.http.post('/v1/service-accounts').set(admin).send({ name: 'Issued for', permissions: [] })).body.data;

  const ro = await t.http.post('/v1/api-keys').set(me.auth).send({ serviceAccountId: target.id, scope: 'read' });
  expect(ro.status).toBe(200);
  expect(ro.body.data).toMatchObject({ scope: 'read', serviceAccountId: target.id });
  expect((await t.http.delete(`/v1/api-keys/${ro.body.data.id}`).set(me.auth)).status).toBe(200);

  // Key changes bump the account's updatedAt (the core's rule), so compare against the state after them.
  const before = (await t.http.get(`/v1/service-accounts/${target.id}`).set(admin)).body.data;
  for (const res of await Promise.all([
    t.http.get('/v1/service-accounts').set(me.auth),
    t.http.get(`/v1/service-accounts/${target.id}`).set(me.auth),
    t.http.get('/v1/api-keys').set(me.auth),
    t.http.post('/v1/service-accounts').set(me.auth).send({ name: 'Nope', permissions: [] }),
    t.http.patch(`/v1/service-accounts/${target.id}`).set(me.auth).send({ name: 'Nope' }),
    t.http.post(`/v1/service-accounts/${target.id}/disable`).set(me.auth),
  ]))
    expect(res.body).toMatchObject({ code: 403, data: null });
  expect((await t.http.get(`/v1/service-accounts/${target.id}`).set(admin)).body.data).toEqual(before);
  expect(before).toMatchObject({ name: target.name, status: 'active', permissions: [] });
});

test('when the account holds no v1 permission at all, then even reads are 403', async () => {
  const me = await legacyClient('Powerless', ['org:read']);
  const res = await t.http.get('/v1/service-accounts').set(me.auth);
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ code: 403, data: null });
});

test("when a legacy key of one org names another org's account anywhere, then 404 and nothing changes", async () => {
  const me = await legacyClient('Cross-org prober', ['service_account:read', 'service_account:write', 'apikey:create']);
  const other = await t.newOrg('Victim org');
  const theirs = other.serviceAccountId;
  const theirKey = (await t.http.get('/v1/api-keys').set(bearer(other.secret))).body.data.items[0].id;
  const calls = [
    t.http.get(`/v1/service-accounts/${theirs}`).set(me.auth),
    t.http.patch(`/v1/service-accounts/${theirs}`).set(me.auth).send({ name: 'Stolen' }),
    t.http.delete(`/v1/service-accounts/${theirs}`).set(me.auth),
    t.http.post(`/v1/service-accounts/${theirs}/disable`).set(me.auth),
    t.http.post(`/v1/service-accounts/${theirs}/enable`).set(me.auth),
    t.http.post('/v1/api-keys').set(me.auth).send({ serviceAccountId: theirs }),
    t.http.get(`/v1/api-keys?serviceAccountId=${theirs}`).set(me.auth),
    t.http.delete(`/v1/api-keys/${theirKey}`).set(me.auth),
  ];
  for (const res of await Promise.all(calls)) expect(res.body).toMatchObject({ code: 404, data: null });
  const still = await t.http.get(`/v1/service-accounts/${theirs}`).set(bearer(other.secret));
  expect(still.body.data).toMatchObject({ name: 'Victim org admin', status: 'active' });
  expect((await t.http.get('/v1/api-keys').set(bearer(other.secret))).body.data.items).toHaveLength(1);
});
