// Issue 12: a UUID's hex digits are case-insensitive (RFC 9562), so an upper-case id in a path, a
// query or a body names the same account, key, organization or workspace as its lower-case form,
// in every dialect. Stored ids stay lower-case.
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';

const t = useTestServer();
const auth = t.adminBearer;
let api: V3Client;
beforeAll(async () => {
  api = v3Client(t, auth);
});

const up = (id: string) => id.toUpperCase();

/** A v2 account (with its first credential) and a second credential. */
async function accountWithKeys(name: string) {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name, scopes: ['service-accounts:read'] });
  expect(made.status).toBe(201);
  const second = await t.http.post(`/api/v2/service-accounts/${made.body.data.id}/credentials`).set(auth).send({});
  return {
    id: made.body.data.id as string,
    firstKey: made.body.data.credentials[0].id as string,
    secondKey: second.body.data.id as string,
  };
}

test('v1: an upper-case account id reads, patches, disables, enables and deletes that account', async () => {
  const made = await t.http.post('/v1/service-accounts').set(auth).send({ name: 'V1 upper', permissions: [] });
  const id = made.body.data.id as string;
  const path = `/v1/service-accounts/${up(id)}`;
  expect((await t.http.get(path).set(auth)).body.data.id).toBe(id);
  expect((await t.http.patch(path).set(auth).send({ description: 'changed' })).body.data.description).toBe('changed');
  expect((await t.http.post(`${path}/disable`).set(auth)).body.data.status).toBe('disabled');
  expect((await t.http.post(`${path}/enable`).set(auth)).body.data.status).toBe('active');
  expect((await t.http.delete(path).set(auth)).status).toBe(200);
  expect((await t.http.get(`/v1/service-accounts/${id}`).set(auth)).status).toBe(404);
  const audit = await t.query<{ target_id: string }>(`SELECT target_id FROM audit_events WHERE action = 'service-account.delete'`);
  expect(audit.map((e) => e.target_id)).toEqual([id]);
});

test('v1: api keys by an upper-case account id (body and query) and revoked by an upper-case key id', async () => {
  const made = await t.http.post('/v1/service-accounts').set(auth).send({ name: 'V1 keys upper', permissions: [] });
  const id = made.body.data.id as string;
  const key = await t.http
    .post('/v1/api-keys')
    .set(auth)
    .send({ serviceAccountId: up(id) });
  expect(key.status).toBe(200);
  expect(key.body.data.serviceAccountId).toBe(id);
  const listed = await t.http.get(`/v1/api-keys?serviceAccountId=${up(id)}`).set(auth);
  expect(listed.body.data.items.map((k: { id: string }) => k.id)).toEqual([key.body.data.id]);
  expect((await t.http.delete(`/v1/api-keys/${up(key.body.data.id)}`).set(auth)).status).toBe(200);
  expect((await t.http.get(`/v1/api-keys?serviceAccountId=${id}`).set(auth)).body.data.items).toEqual([]);
});

test('v2: an upper-case account id reads, updates, disables, enables, lists credentials and audit events, and deletes', async () => {
  const { id, firstKey } = await accountWithKeys('V2 upper');
  const path = `/api/v2/service-accounts/${up(id)}`;
  expect((await t.http.get(path).set(auth)).body.data.id).toBe(id);
  expect((await t.http.put(path).set(auth).send({ description: 'changed' })).body.data.description).toBe('changed');
  expect((await t.http.post(`${path}/disable`).set(auth)).body.data.isActive).toBe(false);
  expect((await t.http.post(`${path}/enable`).set(auth)).body.data.isActive).toBe(true);
  expect((await t.http.get(`${path}/credentials`).set(auth)).body.data.map((c: { id: string }) => c.id)).toContain(firstKey);
  const events = await t.http.get(`${path}/audit-events?limit=1`).set(auth);
  expect(events.status).toBe(200);
  // The continuation token of an upper-case URL serves the lower-case one too.
  const next = await t.http
    .get(`/api/v2/service-accounts/${id}/audit-events?limit=1&continuationToken=${events.body.pagination.continuationToken}`)
    .set(auth);
  expect(next.status).toBe(200);
  expect((await t.http.delete(path).set(auth)).status).toBe(204);
  expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(auth)).status).toBe(404);
});

test('v2: credentials are made and revoked through upper-case ids', async () => {
  const { id, secondKey } = await accountWithKeys('V2 keys upper');
  const made = await t.http
    .post(`/api/v2/service-accounts/${up(id)}/credentials`)
    .set(auth)
    .send({});
  expect(made.status).toBe(201);
  const revoked = await t.http.post(`/api/v2/service-accounts/${up(id)}/credentials/${up(secondKey)}/revoke`).set(auth);
  expect(revoked.status).toBe(200);
  expect(revoked.body.data).toMatchObject({ id: secondKey, status: 'Revoked' });
});

test('v2: an upper-case workspace id is the workspace, stored lower-case; the same id in two cases is assigned twice', async () => {
  const ws = (await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Upper team' })).body.data.id as string;
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'Assigned upper', workspaceAssignments: [{ workspaceId: up(ws), role: 'Reader' }] });
  expect(made.status).toBe(201);
  expect(made.body.data.workspaceAssignments).toEqual([{ workspaceId: ws, workspaceName: 'Upper team', role: 'Reader' }]);
  const twice = await changesNothing(t, () =>
    t.http
      .post('/api/v2/service-accounts')
      .set(auth)
      .send({
        name: 'Assigned twice',
        workspaceAssignments: [
          { workspaceId: ws, role: 'Reader' },
          { workspaceId: up(ws), role: 'Owner' },
        ],
      }),
  );
  expect(twice.status).toBe(400);
  expect(twice.body.errors).toHaveProperty(['workspaceAssignments[1].workspaceId']);
});

test('v3: an upper-case organization and account id read, patch (body id in either case) and delete the account', async () => {
  const upper = v3Client(t, auth, up(t.admin.organizationId));
  const made = await api.post('/service-accounts', accountDocument({ name: 'V3 upper' }));
  const id = made.body.data.id as string;
  expect((await upper.get(`/service-accounts/${up(id)}`)).body.data.id).toBe(id);
  for (const [pathId, bodyId] of [
    [up(id), id],
    [id, up(id)],
  ]) {
    const res = await upper.patch(`/service-accounts/${pathId}`, {
      data: { type: 'service-accounts', id: bodyId, attributes: { description: bodyId } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(id);
  }
  expect((await upper.get(`/service-accounts/${up(id)}/logs`)).status).toBe(200);
  // The deleted id is named as stored (lower case), whatever case the path used.
  expect((await upper.delete(`/service-accounts/${up(id)}`)).body.meta.deleted).toEqual({ type: 'service-accounts', id });
  expect((await api.get(`/service-accounts/${id}`)).status).toBe(404);
});

test('v3: keys are listed, made, read, disabled and deleted through upper-case ids', async () => {
  const { id, secondKey } = await accountWithKeys('V3 keys upper');
  const keys = `/service-accounts/${up(id)}/keys`;
  expect((await api.get(keys)).body.data.map((k: { id: string }) => k.id)).toContain(secondKey);
  const made = await api.post(keys, { data: { type: 'service-account-keys' } });
  expect(made.status).toBe(201);
  expect(made.headers.location).toBe(made.body.data.links.self);
  expect(made.headers.location).toContain(`/service-accounts/${id}/keys/`);
  expect((await api.get(`${keys}/${up(secondKey)}`)).body.data.id).toBe(secondKey);
  const off = await api.patch(`${keys}/${up(secondKey)}`, {
    data: { type: 'service-account-keys', id: secondKey, attributes: { enabled: false } },
  });
  expect(off.status).toBe(200);
  expect(off.body.data.attributes.enabled).toBe(false);
  expect((await api.delete(`${keys}/${up(secondKey)}`)).body.meta.deleted).toEqual({ type: 'service-account-keys', id: secondKey });
  expect((await api.get(`/service-accounts/${id}/keys/${secondKey}`)).status).toBe(404);
});

test("v1: an upper-case X-Org-ID is the caller's own organization", async () => {
  const res = await t.http.get('/v1/service-accounts').set(auth).set('X-Org-ID', up(t.admin.organizationId));
  expect(res.status).toBe(200);
});

test('ids are still stored lower-case, and so are the ids the audit log names', async () => {
  const rows = await t.query<{ id: string }>(`SELECT id FROM service_accounts UNION ALL SELECT id FROM keys
    UNION ALL SELECT service_account_id FROM keys UNION ALL SELECT target_id FROM audit_events
    UNION ALL SELECT service_account_id FROM audit_events WHERE service_account_id IS NOT NULL`);
  expect(rows.filter((r) => r.id !== r.id.toLowerCase())).toEqual([]);
});
