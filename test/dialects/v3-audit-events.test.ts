// GET /v3/audit-events (issue 14): the caller's organization's audit trail as Ctrl-Hub shows it —
// operation, resource, each field before and after, who, from which address and user agent —
// newest first, paged and filtered; never a secret. v2's …/audit-events shows the new fields too.
import { expectErrors, jsonApi, JSONAPI, parametersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
let api: V3Client;
beforeAll(() => {
  api = v3Client(t, t.adminBearer);
});

interface AuditEvent {
  type: string;
  id: string;
  attributes: {
    time: string;
    operation: string;
    resource: { type: string; id: string; name: string | null };
    values: { field: string; before: unknown; after: unknown; data_type: string }[];
    principal: { type: string; id: string } | null;
    request_id: string | null;
    context: { client_ip: string | null; user_agent: string | null };
  };
  meta: { created_at: string };
  relationships: { organisation: { data: { type: string; id: string } } };
}

const events = (query = '', auth = t.adminBearer) => jsonApi(t.http.get(`/v3/audit-events${query}`).set(auth));

test('when an account is created, changed, keyed and deleted, then each change is an event, newest first, with before and after', async () => {
  const made = await api.post('/service-accounts', accountDocument({ name: 'Audited v3', description: 'first' }), {
    'User-Agent': 'audit-agent/2',
    'X-Request-Id': 'audit-v3-create',
  });
  const id = made.body.data.id;
  const keyId = made.body.included[0].id;
  await api.patch(`/service-accounts/${id}`, {
    data: { type: 'service-accounts', id, attributes: { description: 'second', enabled: false } },
  });
  await api.patch(`/service-accounts/${id}/keys/${keyId}`, {
    data: { type: 'service-account-keys', id: keyId, attributes: { enabled: false } },
  });
  await api.delete(`/service-accounts/${id}`);

  const res = await events(`?filter[resource.id]=${id}`);
  expect(res.status).toBe(200);
  const list = res.body.data as AuditEvent[];
  expect(list.map((e) => [e.attributes.operation, e.attributes.resource.type])).toEqual([
    ['delete', 'service-accounts'],
    ['update', 'service-accounts'],
    ['create', 'service-accounts'],
  ]);
  const [deleted, updated, created] = list;
  expect(created).toEqual({
    type: 'audit-events',
    id: expect.any(String),
    attributes: {
      time: created.meta.created_at,
      operation: 'create',
      resource: { type: 'service-accounts', id, name: 'Audited v3' },
      values: expect.arrayContaining([
        { field: 'name', before: null, after: 'Audited v3', data_type: 'string' },
        { field: 'description', before: null, after: 'first', data_type: 'string' },
        { field: 'status', before: null, after: 'active', data_type: 'string' },
        { field: 'permissions', before: null, after: [], data_type: 'array' },
      ]),
      principal: { type: 'service-accounts', id: t.admin.serviceAccountId },
      request_id: 'audit-v3-create',
      context: { client_ip: expect.any(String), user_agent: 'audit-agent/2' },
    },
    meta: { created_at: expect.any(String) },
    relationships: { organisation: { data: { type: 'organisations', id: t.admin.organizationId } } },
  });
  expect(updated.attributes.values).toEqual([
    { field: 'description', before: 'first', after: 'second', data_type: 'string' },
    { field: 'status', before: 'active', after: 'disabled', data_type: 'string' },
  ]);
  expect(deleted.attributes.values).toEqual(
    expect.arrayContaining([{ field: 'name', before: 'Audited v3', after: null, data_type: 'string' }]),
  );

  const keyEvents = (await events(`?filter[resource.id]=${keyId}`)).body.data as AuditEvent[];
  expect(keyEvents.map((e) => [e.attributes.operation, e.attributes.resource.type, e.attributes.values])).toEqual([
    ['disable', 'service-account-keys', [{ field: 'enabled', before: true, after: false, data_type: 'boolean' }]],
    ['create', 'service-account-keys', expect.arrayContaining([{ field: 'enabled', before: null, after: true, data_type: 'boolean' }])],
  ]);
  const text = JSON.stringify(keyEvents) + JSON.stringify(list);
  expect(text).not.toContain(made.body.included[0].attributes.client_secret.slice(12));
  expect(text).not.toContain('secretPrefix');
});

test('when filtered by resource type or operation, then only those events come; the list pages newest first', async () => {
  for (const name of ['Filter one', 'Filter two', 'Filter three']) await api.post('/service-accounts', accountDocument({ name }));
  const creates = (await events('?filter[operation]=create&filter[resource.type]=service-accounts&limit=3')).body;
  expect(creates.data.map((e: AuditEvent) => e.attributes.resource.name)).toEqual(['Filter three', 'Filter two', 'Filter one']);
  expect(creates.meta.pagination).toEqual({ current_page: 1, requested: { limit: 3, offset: 0 }, offsets: { next: 3, previous: null } });
  expect(creates.meta.features).toEqual({ include: { options: [] } });
  const next = (await t.http.get(new URL(creates.links.next).pathname + new URL(creates.links.next).search).set(t.adminBearer)).body;
  expect(next.data[0].attributes.operation).toBe('create');
  const keys = (await events('?filter[resource.type]=service-account-keys&limit=5')).body.data as AuditEvent[];
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys.map((e) => e.attributes.resource.type))).toEqual(new Set(['service-account-keys']));
});

test('when a change comes through v2, then its events (v2 and v3) carry the address and user agent it came from', async () => {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .set('User-Agent', 'contraforce-sample/1')
    .send({ name: 'Audited v2' });
  const id = made.body.data.id;
  await t.http
    .put(`/api/v2/service-accounts/${id}`)
    .set(t.adminBearer)
    .set('User-Agent', 'contraforce-sample/1')
    .send({ description: 'now' });
  const v2 = await t.http.get(`/api/v2/service-accounts/${id}/audit-events`).set(t.adminBearer);
  expect(v2.status).toBe(200);
  const update = v2.body.data.find((e: { action: string }) => e.action === 'service-account.update');
  expect(update).toMatchObject({
    values: [{ field: 'description', before: null, after: 'now' }],
    clientIp: expect.any(String),
    userAgent: 'contraforce-sample/1',
  });
  const v3 = (await events(`?filter[resource.id]=${id}&filter[operation]=update`)).body.data as AuditEvent[];
  expect(v3[0].attributes.context.user_agent).toBe('contraforce-sample/1');
});

test('when the organization was bootstrapped, then its first events have no principal (the system)', async () => {
  const res = await events('?filter[resource.type]=organisations');
  expect(res.body.data).toHaveLength(1);
  expect(res.body.data[0].attributes).toMatchObject({
    operation: 'create',
    principal: null,
    context: { client_ip: null, user_agent: null },
  });
});

test('when another organization reads its audit events, then it sees only its own', async () => {
  const other = await t.newOrg('Audit strangers');
  const theirs = (await events('?limit=100', bearer(other.secret))).body.data as AuditEvent[];
  expect(theirs.length).toBeGreaterThan(0);
  expect(new Set(theirs.map((e) => e.relationships.organisation.data.id))).toEqual(new Set([other.organizationId]));
});

test('when a read-only caller reads them, then it may; a caller without scopes may not', async () => {
  const reader = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: 'Audit reader', scopes: ['service-accounts:read'] });
  expect((await events('', bearer(reader.body.data.clientSecret))).status).toBe(200);
  const nobody = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'Audit nobody' });
  expectErrors(await events('', bearer(nobody.body.data.clientSecret)), 403, 'FORBIDDEN');
});

test('when fields[audit-events] names some fields, then each event keeps only those', async () => {
  const res = await events('?fields[audit-events]=operation,organisation&limit=2');
  for (const e of res.body.data) {
    expect(Object.keys(e.attributes)).toEqual(['operation']);
    expect(Object.keys(e.relationships)).toEqual(['organisation']);
  }
});

test.each([
  ['filter[resource.id]=nope', 'filter[resource.id]'],
  ['filter[resource.type]=users', 'filter[resource.type]'],
  ['filter[operation]=explode', 'filter[operation]'],
  ['filter[action]=create', 'filter[action]'],
  ['limit=101', 'limit'],
  ['offset=10001', 'offset'],
  ['include=organisation', 'include'],
  ['sort=time', 'sort'],
])('when %s, then 400 names %s', async (query, parameter) => {
  const res = await events(`?${query}`);
  expectErrors(res, 400, 'VALIDATION_ERROR');
  expect(parametersOf(res)).toEqual([parameter]);
});

test('when asked with a JSON:API client media type, then the answer is JSON:API', async () => {
  const res = await t.http.get('/v3/audit-events?limit=1').set(t.adminBearer).set('Accept', JSONAPI);
  expect(res.headers['content-type']).toBe(JSONAPI);
});
