// The audit log through v2: every change, with actor, dialect, action, target and request id; no secrets.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

test('when an account lives its life, then each change is in its audit events, in order, without secrets', async () => {
  const ws = await t.http.post('/api/v2/workspaces').set(admin).send({ name: 'Audited ws' });
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .set('X-Request-Id', 'audit-create')
    .send({ name: 'Audited', scopes: ['service-accounts:read'] });
  const id = made.body.data.id;
  await t.http
    .put(`/api/v2/service-accounts/${id}`)
    .set(admin)
    .send({ description: 'now described', workspaceAssignments: [{ workspaceId: ws.body.data.id, role: 'Reader' }] });
  await t.http.post(`/api/v2/service-accounts/${id}/disable`).set(admin);
  await t.http.post(`/api/v2/service-accounts/${id}/enable`).set(admin);
  const cred = await t.http.post(`/api/v2/service-accounts/${id}/credentials`).set(admin).send({});
  await t.http.post(`/api/v2/service-accounts/${id}/credentials/${cred.body.data.id}/revoke`).set(admin);
  await t.http.put(`/api/v2/service-accounts/${id}`).set(admin).send({ name: 'Audited' }); // no change, no event

  const res = await t.http.get(`/api/v2/service-accounts/${id}/audit-events`).set(admin);
  expect(res.status).toBe(200);
  expect(res.body.data.map((e: { action: string }) => e.action)).toEqual([
    'service-account.create',
    'key.create',
    'service-account.update',
    'service-account.disable',
    'service-account.enable',
    'key.create',
    'key.revoke',
  ]);
  const [created, , updated] = res.body.data;
  expect(created).toMatchObject({
    actorId: t.admin.serviceAccountId,
    dialect: 'v2',
    targetType: 'service-account',
    targetId: id,
    requestId: 'audit-create',
    changes: { name: 'Audited', permissions: ['service-accounts:read'], status: 'active' },
  });
  expect(Object.keys(updated.changes).sort()).toEqual(['description', 'workspaceAssignments']);
  const text = JSON.stringify(res.body);
  expect(text).not.toContain(made.body.data.clientSecret);
  expect(text).not.toContain(cred.body.data.clientSecret);
  const rows = JSON.stringify(await t.query('SELECT * FROM audit_events'));
  expect(rows).not.toContain(made.body.data.clientSecret.slice(12));
});

test('when events are paged, then continuation tokens walk them all', async () => {
  const made = await t.http.post('/api/v2/service-accounts').set(admin).send({ name: 'Paged audit' });
  const id = made.body.data.id;
  for (let i = 0; i < 4; i++)
    await t.http
      .put(`/api/v2/service-accounts/${id}`)
      .set(admin)
      .send({ description: `d${i}` });
  const actions: string[] = [];
  let token: string | null = null;
  do {
    const url: string = `/api/v2/service-accounts/${id}/audit-events?limit=2${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const res = await t.http.get(url).set(admin);
    actions.push(...res.body.data.map((e: { action: string }) => e.action));
    token = res.body.pagination.continuationToken;
  } while (token);
  expect(actions).toHaveLength(6);
});

test('when a change is refused, then nothing is logged; another org sees 404', async () => {
  const made = await t.http.post('/api/v2/service-accounts').set(admin).send({ name: 'Quiet' });
  const id = made.body.data.id;
  await t.http.put(`/api/v2/service-accounts/${id}`).set(admin).send({ name: '' });
  await t.http.put(`/api/v2/service-accounts/${id}`).set(admin).set('If-Match', '"99"').send({ name: 'Loud' });
  const res = await t.http.get(`/api/v2/service-accounts/${id}/audit-events`).set(admin);
  expect(res.body.data.map((e: { action: string }) => e.action)).toEqual(['service-account.create', 'key.create']);
  const other = await t.newOrg('Curious');
  expect((await t.http.get(`/api/v2/service-accounts/${id}/audit-events`).set(bearer(other.secret))).status).toBe(404);
});
