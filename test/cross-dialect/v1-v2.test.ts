// One account seen through v1 and v2 at once (docs/concepts.md#the-same-account-through-three-dialects): what one dialect writes the other
// reads, fields a dialect does not show survive its writes, and keys work and die across dialects.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const v1Account = (id: string) => t.http.get(`/v1/service-accounts/${id}`).set(auth);
const v2Account = (id: string) => t.http.get(`/api/v2/service-accounts/${id}`).set(auth);

test('when an account is made in v1, then v2 reads the same account with v2 defaults for what v1 lacks', async () => {
  const made = await t.http
    .post('/v1/service-accounts')
    .set(auth)
    .send({ name: 'From v1', description: 'legacy', permissions: ['org:read'] });
  expect(made.status).toBe(200);
  const a = made.body.data;
  const res = await v2Account(a.id);
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({
    id: a.id,
    accountId: a.organizationId,
    name: 'From v1',
    description: 'legacy',
    isActive: true,
    organizationalRole: 'Member',
    workspaceAssignments: [],
    credentials: [],
    clientSecretPrefix: null,
    createdAt: a.createdAt,
    lastModifiedAt: a.updatedAt,
  });
  expect(res.headers.etag).toBe(made.headers.etag);
});

test('when an account is made in v2, then v1 reads its scopes as permissions and its credential as an api key', async () => {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'From v2', scopes: ['service-accounts:read', 'org:write'] });
  expect(made.status).toBe(201);
  const a = made.body.data;
  const res = await v1Account(a.id);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({
    id: a.id,
    name: 'From v2',
    description: null,
    permissions: ['service-accounts:read', 'org:write'],
    status: 'active',
    disabledAt: null,
    organizationId: t.admin.organizationId,
    createdAt: a.createdAt,
    createdBy: t.admin.serviceAccountId,
    updatedAt: a.lastModifiedAt,
  });
  const keys = await t.http.get(`/v1/api-keys?serviceAccountId=${a.id}`).set(auth);
  expect(keys.body.data.items).toEqual([
    {
      id: a.credentials[0].id,
      name: null,
      description: null,
      scope: 'read-write',
      enabled: true,
      serviceAccountId: a.id,
      createdAt: a.credentials[0].createdAt,
      expiresAt: a.credentials[0].expirationDate,
    },
  ]);
});

test('when v1 api keys are made, then v2 shows them as credentials whose scopes are the v1 permissions ("read" keeps the :read ones)', async () => {
  const id = (
    await t.http
      .post('/v1/service-accounts')
      .set(auth)
      .send({ name: 'Scoped', permissions: ['service_account:read', 'service_account:write', 'reports:read'] })
  ).body.data.id;
  const rw = (await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id, scope: 'read-write' })).body.data;
  const ro = (await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id, scope: 'read' })).body.data;
  const creds = (await v2Account(id)).body.data.credentials;
  expect(creds.map((c: { id: string; scopes: string[]; status: string }) => [c.id, c.scopes, c.status])).toEqual([
    [rw.id, ['service_account:read', 'service_account:write', 'reports:read'], 'Active'],
    [ro.id, ['service_account:read', 'reports:read'], 'Active'],
  ]);
  expect(creds[0].clientSecretPrefix).toBe(rw.key.slice(0, 12));
});

test('when disabled and enabled in v2, then v1 shows status and disabledAt following; and the other way round', async () => {
  const id = (await t.http.post('/v1/service-accounts').set(auth).send({ name: 'Toggled', permissions: [] })).body.data.id;
  const off = await t.http.post(`/api/v2/service-accounts/${id}/disable`).set(auth);
  expect(off.body.data.isActive).toBe(false);
  const disabled = (await v1Account(id)).body.data;
  expect(disabled).toMatchObject({ status: 'disabled', disabledAt: expect.stringMatching(ISO_MS) });
  expect(disabled.updatedAt).toBe(off.body.data.lastModifiedAt);

  await t.http.post(`/api/v2/service-accounts/${id}/enable`).set(auth);
  expect((await v1Account(id)).body.data).toMatchObject({ status: 'active', disabledAt: null });

  await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth);
  expect((await v2Account(id)).body.data.isActive).toBe(false);
});

test('when v1 patches an account, then the v2-only organizationalRole and workspaceAssignments stay as they were', async () => {
  const ws = await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Kept workspace' });
  expect(ws.status).toBe(201);
  const assignments = [{ workspaceId: ws.body.data.id, role: 'Contributor' }];
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'Roled', organizationalRole: 'WorkspaceAdmin', workspaceAssignments: assignments, scopes: ['org:read'] });
  const id = made.body.data.id;

  const patched = await t.http
    .patch(`/v1/service-accounts/${id}`)
    .set(auth)
    .send({ name: 'Roled via v1', description: 'v1 was here', permissions: ['org:read', 'org:write'] });
  expect(patched.status).toBe(200);
  await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth);
  await t.http.post(`/v1/service-accounts/${id}/enable`).set(auth);

  const after = (await v2Account(id)).body.data;
  expect(after).toMatchObject({
    name: 'Roled via v1',
    description: 'v1 was here',
    isActive: true,
    organizationalRole: 'WorkspaceAdmin',
    workspaceAssignments: [{ workspaceId: ws.body.data.id, workspaceName: 'Kept workspace', role: 'Contributor' }],
  });
  expect(await t.query(`SELECT role FROM service_accounts WHERE id = '${id}'`)).toEqual([{ role: 'WorkspaceAdmin' }]);
});

test('when v2 writes with the ETag v1 handed out (and back), then If-Match agrees across dialects', async () => {
  const made = await t.http.post('/v1/service-accounts').set(auth).send({ name: 'Shared etag', permissions: [] });
  const put = await t.http
    .put(`/api/v2/service-accounts/${made.body.data.id}`)
    .set(auth)
    .set('If-Match', made.headers.etag)
    .send({ name: 'Shared etag 2' });
  expect(put.status).toBe(200);
  const stale = await t.http
    .patch(`/v1/service-accounts/${made.body.data.id}`)
    .set(auth)
    .set('If-Match', made.headers.etag)
    .send({ name: 'Lost update' });
  expect(stale.status).toBe(412);
  expect(stale.body).toMatchObject({ code: 412, data: null });
  const fresh = await t.http
    .patch(`/v1/service-accounts/${made.body.data.id}`)
    .set(auth)
    .set('If-Match', put.headers.etag)
    .send({ name: 'Shared etag 3' });
  expect(fresh.status).toBe(200);
  expect((await v2Account(made.body.data.id)).body.data.name).toBe('Shared etag 3');
});

test('when a v1 api key is used on v2, then it authenticates; revoked in v2, it fails in v1 on the next request', async () => {
  const id = (
    await t.http
      .post('/v1/service-accounts')
      .set(auth)
      .send({ name: 'Key bridge', permissions: ['service_account:read', 'service_account:write'] })
  ).body.data.id;
  const key = (await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id, name: 'bridge' })).body.data;
  const own = bearer(key.key);

  expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(own)).status).toBe(200);
  const v2Created = await t.http.post('/api/v2/service-accounts').set(own).send({ name: 'Made with a v1 key' });
  expect(v2Created.status).toBe(201);
  expect((await v1Account(v2Created.body.data.id)).body.data.createdBy).toBe(id);
  expect((await t.http.get('/v1/service-accounts').set(own)).status).toBe(200);

  const revoked = await t.http.post(`/api/v2/service-accounts/${id}/credentials/${key.id}/revoke`).set(auth);
  expect(revoked.status).toBe(200);
  expect(revoked.body.data.status).toBe('Revoked');
  const refused = await t.http.get('/v1/service-accounts').set(own);
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ code: 401, data: null });
  expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(own)).status).toBe(401);
});

test('when a key is deleted in v1, then v2 shows the credential Revoked; an account deleted in v1 is gone from v2', async () => {
  const id = (await t.http.post('/v1/service-accounts').set(auth).send({ name: 'Deleted in v1', permissions: [] })).body.data.id;
  const key = (await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id })).body.data;
  expect((await t.http.delete(`/v1/api-keys/${key.id}`).set(auth)).status).toBe(200);
  const cred = (await v2Account(id)).body.data.credentials[0];
  expect(cred).toMatchObject({ id: key.id, status: 'Revoked' });

  expect((await t.http.delete(`/v1/service-accounts/${id}`).set(auth)).status).toBe(200);
  expect((await v2Account(id)).status).toBe(404);
});
