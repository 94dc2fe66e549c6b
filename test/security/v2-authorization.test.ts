// Who may do what through v2: scopes and roles, no escalation, and other orgs answered 404.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

const make = async (body: object) => {
  const res = await t.http.post('/api/v2/service-accounts').set(admin).send(body);
  expect(res.status).toBe(201);
  return res.body.data as { id: string; clientSecret: string };
};

test("when another org's admin asks for this org's account, then 404 for every route and nothing changes", async () => {
  const mine = await make({ name: 'Private' });
  const other = await t.newOrg('Other org');
  const them = bearer(other.secret);
  const base = `/api/v2/service-accounts/${mine.id}`;
  const calls = [
    t.http.get(base).set(them),
    t.http.put(base).set(them).send({ name: 'Stolen' }),
    t.http.delete(base).set(them),
    t.http.post(`${base}/disable`).set(them),
    t.http.get(`${base}/credentials`).set(them),
    t.http.post(`${base}/credentials`).set(them).send({}),
  ];
  for (const res of await Promise.all(calls)) {
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  }
  const keyId = (await t.http.get(`${base}/credentials`).set(admin)).body.data[0].id;
  expect((await t.http.post(`${base}/credentials/${keyId}/revoke`).set(them)).status).toBe(404);
  const list = await t.http.get('/api/v2/service-accounts').set(them);
  expect(list.body.data.map((a: { id: string }) => a.id)).not.toContain(mine.id);
  const read = await t.http.get(base).set(admin);
  expect(read.body.data).toMatchObject({ name: 'Private', isActive: true });
  expect(read.body.data.credentials.map((c: { status: string }) => c.status)).toEqual(['Active']);
});

test('when a Member has only the read scope, then it reads but every write is 403 and changes nothing', async () => {
  const reader = await make({ name: 'Reader', scopes: ['service-accounts:read'] });
  const target = await make({ name: 'Target' });
  const r = bearer(reader.clientSecret);
  expect((await t.http.get(`/api/v2/service-accounts/${target.id}`).set(r)).status).toBe(200);
  const writes = [
    t.http.post('/api/v2/service-accounts').set(r).send({ name: 'Nope' }),
    t.http.put(`/api/v2/service-accounts/${target.id}`).set(r).send({ name: 'Nope' }),
    t.http.delete(`/api/v2/service-accounts/${target.id}`).set(r),
    t.http.post(`/api/v2/service-accounts/${target.id}/disable`).set(r),
    t.http.post(`/api/v2/service-accounts/${target.id}/credentials`).set(r).send({}),
    t.http.post('/api/v2/workspaces').set(r).send({ name: 'Nope' }),
  ];
  for (const res of await Promise.all(writes)) {
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  }
  const read = await t.http.get(`/api/v2/service-accounts/${target.id}`).set(admin);
  expect(read.body.data).toMatchObject({ name: 'Target', isActive: true });
  expect(read.body.data.credentials).toHaveLength(1);
  expect((await t.http.get('/api/v2/service-accounts?search=nope').set(admin)).body.data).toEqual([]);
});

test('when a Member without scopes calls, then even reads are 403', async () => {
  const nobody = await make({ name: 'Nobody' });
  expect((await t.http.get('/api/v2/service-accounts').set(bearer(nobody.clientSecret))).status).toBe(403);
});

test('when a writer tries to grant a higher role or scopes it lacks, then 403 and nothing is made', async () => {
  const writer = await make({ name: 'Writer', organizationalRole: 'WorkspaceAdmin', scopes: ['org:service-accounts:manage'] });
  const w = bearer(writer.clientSecret);
  const admins = await t.http.post('/api/v2/service-accounts').set(w).send({ name: 'Escalated', organizationalRole: 'Admin' });
  expect(admins.status).toBe(403);
  const scoped = await t.http
    .post('/api/v2/service-accounts')
    .set(w)
    .send({ name: 'Escalated 2', scopes: ['billing:write'] });
  expect(scoped.status).toBe(403);
  const ok = await t.http
    .post('/api/v2/service-accounts')
    .set(w)
    .send({ name: 'Peer', organizationalRole: 'Member', scopes: ['service-accounts:read'] });
  expect(ok.status).toBe(201);
  const adminAccount = t.admin.serviceAccountId;
  expect((await t.http.post(`/api/v2/service-accounts/${adminAccount}/credentials`).set(w).send({})).status).toBe(403);
  expect((await t.http.put(`/api/v2/service-accounts/${ok.body.data.id}`).set(w).send({ organizationalRole: 'UserAdmin' })).status).toBe(
    403,
  );
  expect((await t.http.get('/api/v2/service-accounts?search=escalated').set(admin)).body.data).toEqual([]);
});

test('when a UserAdmin with no scopes calls, then its role lets it manage accounts', async () => {
  const ua = await make({ name: 'User admin', organizationalRole: 'UserAdmin' });
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(bearer(ua.clientSecret))
    .send({ name: 'Made by UA', scopes: ['service-accounts:read'] });
  expect(res.status).toBe(201);
});
