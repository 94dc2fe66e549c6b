// One account seen through v3 and through v1 and v2 (docs/concepts.md#the-same-account-through-three-dialects): v3's `enabled` is v2's
// `isActive` and v1's `status`, keys made in v3 work everywhere, v3 emails hold for accounts made
// elsewhere, and what v3 does not show survives v3's writes.
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let v3: V3Client;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  admin = bearer(t.admin.secret);
  v3 = v3Client(t, admin);
});
afterAll(async () => {
  await t.close();
});

const v1Account = (id: string, auth = admin) => t.http.get(`/v1/service-accounts/${id}`).set(auth);
const v2Account = (id: string, auth = admin) => t.http.get(`/api/v2/service-accounts/${id}`).set(auth);
const setEnabled = (id: string, enabled: boolean) =>
  v3.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { enabled } } });

test('when v3 sets enabled false, then v2 shows isActive false and v1 status disabled; enabled true brings both back', async () => {
  const made = await v3.post('/service-accounts', accountDocument({ name: 'Toggled in v3' }));
  const id = made.body.data.id;
  const off = await setEnabled(id, false);
  expect(off.status).toBe(200);

  const v2Off = await v2Account(id);
  expect(v2Off.status).toBe(200);
  expect(v2Off.body.data).toMatchObject({ id, isActive: false, lastModifiedAt: off.body.data.meta.updated_at });
  const v1Off = await v1Account(id);
  expect(v1Off.status).toBe(200);
  expect(v1Off.body.data).toMatchObject({
    id,
    status: 'disabled',
    disabledAt: expect.any(String),
    updatedAt: off.body.data.meta.updated_at,
  });

  expect((await setEnabled(id, true)).status).toBe(200);
  expect((await v2Account(id)).body.data.isActive).toBe(true);
  expect((await v1Account(id)).body.data).toMatchObject({ status: 'active', disabledAt: null });
});

test('when v2 or v1 disables an account, then v3 shows enabled false', async () => {
  const made = await v3.post('/service-accounts', accountDocument({ name: 'Toggled elsewhere' }));
  const id = made.body.data.id;
  expect((await t.http.post(`/api/v2/service-accounts/${id}/disable`).set(admin)).status).toBe(200);
  expect((await v3.get(`/service-accounts/${id}`)).body.data.attributes.enabled).toBe(false);
  expect((await t.http.post(`/v1/service-accounts/${id}/enable`).set(admin)).status).toBe(200);
  expect((await v3.get(`/service-accounts/${id}`)).body.data.attributes.enabled).toBe(true);
});

test('when a key is made in v3, then it authenticates v2 and v1 calls (Bearer and Basic); disabled or deleted in v3, it stops', async () => {
  const keys = `/service-accounts/${t.admin.serviceAccountId}/keys`;
  const made = await v3.post(keys, { data: { type: 'service-account-keys' } });
  expect(made.status).toBe(201);
  const { id: keyId, attributes } = made.body.data;
  const asKey = bearer(attributes.client_secret);
  const asClient = basic(attributes.client_id, attributes.client_secret);

  expect((await t.http.get('/api/v2/service-accounts').set(asKey)).status).toBe(200);
  expect((await t.http.get('/api/v2/service-accounts').set(asClient)).status).toBe(200);
  expect((await v1Account(t.admin.serviceAccountId, asKey)).status).toBe(200);
  expect((await v1Account(t.admin.serviceAccountId, asClient)).status).toBe(200);
  const v2Credential = (await t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`).set(admin)).body.data.find(
    (c: { id: string }) => c.id === keyId,
  );
  expect(v2Credential).toMatchObject({ status: 'Active', clientSecretPrefix: attributes.client_secret.slice(0, 12) });

  await v3.patch(`${keys}/${keyId}`, { data: { type: 'service-account-keys', id: keyId, attributes: { enabled: false } } });
  expect((await t.http.get('/api/v2/service-accounts').set(asKey)).status).toBe(401);
  expect((await v1Account(t.admin.serviceAccountId, asKey)).status).toBe(401);
  await v3.patch(`${keys}/${keyId}`, { data: { type: 'service-account-keys', id: keyId, attributes: { enabled: true } } });
  expect((await t.http.get('/api/v2/service-accounts').set(asKey)).status).toBe(200);

  expect((await v3.delete(`${keys}/${keyId}`)).status).toBe(200);
  expect((await t.http.get('/api/v2/service-accounts').set(asKey)).status).toBe(401);
  expect((await v1Account(t.admin.serviceAccountId, asClient)).status).toBe(401);
});

test("when a new account's first key (made in v3) calls v2, then it is authenticated but holds no privilege (403, not 401)", async () => {
  const made = await v3.post('/service-accounts', accountDocument({ name: 'No privileges' }));
  const secret = made.body.included[0].attributes.client_secret;
  expect((await t.http.get('/api/v2/service-accounts').set(bearer(secret))).status).toBe(403);
});

test('when accounts are made in v2 and v1, then v3 shows the email of docs/concepts.md', async () => {
  const fromV2 = await t.http.post('/api/v2/service-accounts').set(admin).send({ name: 'ACME Corp' });
  expect(fromV2.status).toBe(201);
  const fromV1 = await t.http.post('/v1/service-accounts').set(admin).send({ name: 'acme corp.', permissions: [] });
  expect(fromV1.status).toBe(200);
  const orgId = t.admin.organizationId;
  expect((await v3.get(`/service-accounts/${fromV2.body.data.id}`)).body.data.attributes.email).toBe(`acmecorp@${orgId}.iam.ctrl-hub.com`);
  expect((await v3.get(`/service-accounts/${fromV1.body.data.id}`)).body.data.attributes.email).toBe(
    `acmecorp-2@${orgId}.iam.ctrl-hub.com`,
  );
  const symbols = await t.http.post('/api/v2/service-accounts').set(admin).send({ name: '!!!' });
  expect((await v3.get(`/service-accounts/${symbols.body.data.id}`)).body.data.attributes.email).toBe(`sa@${orgId}.iam.ctrl-hub.com`);
});

test('when v3 renames an account made in v2, then its role, scopes and workspaces survive and v2 shows the new name', async () => {
  const ws = await t.http.post('/api/v2/workspaces').set(admin).send({ name: 'Kept workspace' });
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({
      name: 'Rich v2 account',
      organizationalRole: 'UserAdmin',
      scopes: ['service-accounts:read'],
      workspaceAssignments: [{ workspaceId: ws.body.data.id, role: 'Reader' }],
    });
  const id = made.body.data.id;
  const renamed = await v3.patch(`/service-accounts/${id}`, {
    data: { type: 'service-accounts', id, attributes: { name: 'Renamed in v3', description: 'v3 was here' } },
  });
  expect(renamed.status).toBe(200);
  const v2 = (await v2Account(id)).body.data;
  expect(v2).toMatchObject({
    name: 'Renamed in v3',
    description: 'v3 was here',
    organizationalRole: 'UserAdmin',
    workspaceAssignments: [{ workspaceId: ws.body.data.id, workspaceName: 'Kept workspace', role: 'Reader' }],
    lastModifiedAt: renamed.body.data.meta.updated_at,
  });
  expect(v2.credentials[0].scopes).toEqual(['service-accounts:read']);
  expect((await v1Account(id)).body.data.permissions).toEqual(['service-accounts:read']);
  // v2's credential is v3's key, under the one client id.
  const keys = await v3.get(`/service-accounts/${id}/keys`);
  expect(keys.body.data.map((k: { id: string }) => k.id)).toEqual([made.body.data.credentials[0].id]);
  expect(keys.body.data[0].attributes.client_id).toBe(made.body.data.clientId);
});

test('when v2 deletes an account, then v3 answers 404 for it and its keys', async () => {
  const made = await v3.post('/service-accounts', accountDocument({ name: 'Deleted in v2' }));
  const id = made.body.data.id;
  expect((await t.http.delete(`/api/v2/service-accounts/${id}`).set(admin)).status).toBe(204);
  expect((await v3.get(`/service-accounts/${id}`)).status).toBe(404);
  expect((await v3.get(`/service-accounts/${id}/keys`)).status).toBe(404);
});
