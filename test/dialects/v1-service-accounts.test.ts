// v1 service-account routes: each happy path read back, and each error the route can give, in the v1 envelope.
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '0198f0a0-0000-7000-8000-000000000000';
const ACCOUNT_FIELDS = [
  'id',
  'name',
  'description',
  'permissions',
  'status',
  'disabledAt',
  'organizationId',
  'createdAt',
  'createdBy',
  'updatedAt',
];

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> & { errors?: { field: string }[] } };

/** The v1 error envelope: code = status, data null, a message, the request id, `errors` only for validation. */
function expectV1Error(res: Res, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ code: status, data: null, message: expect.any(String), requestId: res.headers['x-request-id'] });
  expect(res.body.message).not.toBe('');
  if (field === undefined) expect(res.body.errors).toBeUndefined();
  else expect(res.body.errors!.map((e) => e.field)).toContain(field);
}

const create = (body: object) => t.http.post('/v1/service-accounts').set(auth).send(body);
const read = (id: string) => t.http.get(`/v1/service-accounts/${id}`).set(auth);
const made = async (name: string, permissions: string[] = []) => {
  const res = await create({ name, permissions });
  expect(res.status).toBe(200);
  return res;
};
const countAccounts = async () => Number((await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM service_accounts'))[0].n);

describe('POST /v1/service-accounts', () => {
  test('when the seed request is sent, then 200 returns the seed shape field for field and no key is made', async () => {
    const keysBefore = await t.query('SELECT id FROM keys');
    const res = await create({ name: 'Seed account', permissions: ['org:read'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'data', 'message', 'requestId']);
    expect(res.body).toMatchObject({ code: 200, message: 'success', requestId: res.headers['x-request-id'] });
    const d = res.body.data;
    // The seed lists its fields alphabetically; docs/reference/v1.md's order is used on the wire.
    expect(Object.keys(d).sort()).toEqual([
      'createdAt',
      'createdBy',
      'description',
      'disabledAt',
      'id',
      'name',
      'organizationId',
      'permissions',
      'status',
      'updatedAt',
    ]);
    expect(Object.keys(d)).toEqual(ACCOUNT_FIELDS);
    expect(d).toMatchObject({
      name: 'Seed account',
      description: null,
      permissions: ['org:read'],
      status: 'active',
      disabledAt: null,
      organizationId: t.admin.organizationId,
      createdBy: t.admin.serviceAccountId,
    });
    expect(d.id).toMatch(UUID);
    expect(d.createdAt).toMatch(ISO_MS);
    expect(d.updatedAt).toBe(d.createdAt);
    expect(res.headers.etag).toMatch(/^"\d+"$/);
    expect(await t.query('SELECT id FROM keys')).toEqual(keysBefore);

    const back = await read(d.id);
    expect(back.status).toBe(200);
    expect(back.body.data).toEqual(d);
    expect(back.headers.etag).toBe(res.headers.etag);
  });

  test('when a description is given and permissions repeat, then it is kept and duplicates are dropped in order', async () => {
    const res = await create({ name: 'Described', description: 'does things', permissions: ['b:read', 'a:read', 'b:read'] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ description: 'does things', permissions: ['b:read', 'a:read'] });
    expect((await read(res.body.data.id)).body.data.permissions).toEqual(['b:read', 'a:read']);
  });

  test('when the name is taken in another case, then 409 in the v1 shape and nothing new is written', async () => {
    await made('Twin');
    const before = await countAccounts();
    const res = await create({ name: '  tWIN ', permissions: [] });
    expectV1Error(res, 409);
    expect(await countAccounts()).toBe(before);
  });

  const badBodies: [string, object][] = [
    ['name', { permissions: [] }],
    ['permissions', { name: 'No permissions' }],
    ['name', { name: '', permissions: [] }],
    ['name', { name: '   ', permissions: [] }],
    ['name', { name: 'x'.repeat(201), permissions: [] }],
    ['name', { name: 7, permissions: [] }],
    ['description', { name: 'ok', permissions: [], description: 'x'.repeat(1001) }],
    ['description', { name: 'ok', permissions: [], description: 5 }],
    ['permissions', { name: 'ok', permissions: 'org:read' }],
    ['permissions', { name: 'ok', permissions: null }],
    ['permissions[0]', { name: 'ok', permissions: ['Not A Permission'] }],
    ['permissions', { name: 'ok', permissions: Array.from({ length: 101 }, (_, i) => `p${i}:read`) }],
    ['id', { name: 'ok', permissions: [], id: UNKNOWN_ID }],
    ['createdAt', { name: 'ok', permissions: [], createdAt: '2020-01-01T00:00:00.000Z' }],
    ['organizationId', { name: 'ok', permissions: [], organizationId: UNKNOWN_ID }],
    ['status', { name: 'ok', permissions: [], status: 'disabled' }],
    ['disabledAt', { name: 'ok', permissions: [], disabledAt: null }],
    ['role', { name: 'ok', permissions: [], role: 'Admin' }],
    ['workspaceAssignments', { name: 'ok', permissions: [], workspaceAssignments: [] }],
    ['colour', { name: 'ok', permissions: [], colour: 'blue' }],
  ];
  test.each(badBodies)('when %s is wrong (case %#), then 400 names it in `errors` and nothing is written', async (field, body) => {
    const before = await countAccounts();
    const res = await create(body);
    expectV1Error(res, 400, field);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    expect(await countAccounts()).toBe(before);
  });

  test('when a read-only field is sent, then its message says it is read-only', async () => {
    const res = await create({ name: 'ok', permissions: [], id: UNKNOWN_ID });
    expect(res.body.errors).toEqual([{ field: 'id', message: 'is read-only and cannot be set' }]);
  });
});

describe('GET /v1/service-accounts', () => {
  // A fresh organization of its own, so the list holds exactly what this block made.
  let pagingOrg: string;
  let otherAuth: Record<string, string>;
  const listed = (query = '') => t.http.get(`/v1/service-accounts${query}`).set(otherAuth);
  const ALL = ['Paging admin', ...Array.from({ length: 6 }, (_, i) => `Page ${i}`)];
  beforeAll(async () => {
    const org = await t.newOrg('Paging');
    pagingOrg = org.organizationId;
    otherAuth = bearer(org.secret);
    for (let i = 0; i < 6; i++) {
      const res = await t.http
        .post('/v1/service-accounts')
        .set(otherAuth)
        .send({ name: `Page ${i}`, permissions: [] });
      expect(res.status).toBe(200);
    }
  });

  test('when no paging is asked, then 200 lists up to 20 in creation order with limit, offset and hasMore', async () => {
    const res = await listed();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 200, message: 'success', requestId: res.headers['x-request-id'] });
    expect(Object.keys(res.body.data)).toEqual(['items', 'limit', 'offset', 'hasMore']);
    expect(res.body.data).toMatchObject({ limit: 20, offset: 0, hasMore: false });
    expect(res.body.data.items.map((a: { name: string }) => a.name)).toEqual(ALL);
    for (const item of res.body.data.items) expect(Object.keys(item)).toEqual(ACCOUNT_FIELDS);
  });

  test('when paging by limit and offset, then every account comes exactly once and hasMore ends false', async () => {
    const seen: string[] = [];
    const flags: boolean[] = [];
    for (let offset = 0; offset < 7; offset += 3) {
      const res = await listed(`?limit=3&offset=${offset}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ limit: 3, offset });
      seen.push(...res.body.data.items.map((a: { name: string }) => a.name));
      flags.push(res.body.data.hasMore);
    }
    expect(flags).toEqual([true, true, false]);
    expect(seen).toEqual(ALL);
    const past = await listed('?offset=50');
    expect(past.body.data).toEqual({ items: [], limit: 20, offset: 50, hasMore: false });
  });

  test('when another org lists, then it sees only its own accounts and none of these', async () => {
    const res = await t.http.get('/v1/service-accounts?limit=100').set(auth);
    expect(res.body.data.items.length).toBeGreaterThan(0);
    for (const item of res.body.data.items) expect(item.organizationId).toBe(t.admin.organizationId);
    expect(res.body.data.items.map((a: { name: string }) => a.name)).not.toContain('Page 0');
    for (const item of (await listed('?limit=100')).body.data.items) expect(item.organizationId).toBe(pagingOrg);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1000', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
    ['offset=1e20', 'offset'],
    ['page=2', 'page'],
  ])('when the query is %s, then 400 names %s', async (query, field) => {
    expectV1Error(await listed(`?${query}`), 400, field);
  });
});

describe('GET /v1/service-accounts/{id}', () => {
  test.each([UNKNOWN_ID, 'not-a-uuid', "1' OR '1'='1"])('when the id is %s, then 404 in the v1 shape', async (id) => {
    expectV1Error(await read(encodeURIComponent(id)), 404);
  });

  test('when an unknown query parameter is sent, then 400 names it', async () => {
    const id = (await made('Query target')).body.data.id;
    expectV1Error(await t.http.get(`/v1/service-accounts/${id}?expand=keys`).set(auth), 400, 'expand');
  });
});

describe('PATCH /v1/service-accounts/{id}', () => {
  test('when each field is changed, then only it changes, updatedAt moves, and the state reads back', async () => {
    const before = (await create({ name: 'Patch me', description: 'old', permissions: ['org:read'] })).body.data;
    const renamed = await t.http.patch(`/v1/service-accounts/${before.id}`).set(auth).send({ name: 'Patched' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ code: 200, message: 'success' });
    expect(renamed.body.data).toEqual({ ...before, name: 'Patched', updatedAt: renamed.body.data.updatedAt });
    expect(Date.parse(renamed.body.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));

    const cleared = await t.http
      .patch(`/v1/service-accounts/${before.id}`)
      .set(auth)
      .send({ description: null, permissions: ['org:read', 'org:write'] });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ name: 'Patched', description: null, permissions: ['org:read', 'org:write'] });

    const back = await read(before.id);
    expect(back.body.data).toEqual(cleared.body.data);
    expect(back.headers.etag).toBe(cleared.headers.etag);
  });

  test('when the body is empty, then 200 and nothing changes', async () => {
    const before = await made('Untouched');
    const res = await t.http.patch(`/v1/service-accounts/${before.body.data.id}`).set(auth).send({});
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(before.body.data);
    expect(res.headers.etag).toBe(before.headers.etag);
  });

  test('when If-Match is stale, then 412 and nothing changes; the current ETag succeeds', async () => {
    const first = await made('Etag target');
    const id = first.body.data.id;
    const ok = await t.http.patch(`/v1/service-accounts/${id}`).set(auth).set('If-Match', first.headers.etag).send({ name: 'Etag 2' });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).not.toBe(first.headers.etag);
    expectV1Error(
      await t.http.patch(`/v1/service-accounts/${id}`).set(auth).set('If-Match', first.headers.etag).send({ name: 'Etag 3' }),
      412,
    );
    expectV1Error(await t.http.patch(`/v1/service-accounts/${id}`).set(auth).set('If-Match', 'garbage').send({ name: 'Etag 4' }), 412);
    expect((await read(id)).body.data.name).toBe('Etag 2');
  });

  test('when renamed onto another account name, then 409 and the name stays', async () => {
    await made('Occupied');
    const id = (await made('Renamer')).body.data.id;
    expectV1Error(await t.http.patch(`/v1/service-accounts/${id}`).set(auth).send({ name: 'OCCUPIED' }), 409);
    expect((await read(id)).body.data.name).toBe('Renamer');
  });

  test.each([
    ['name', { name: '' }],
    ['name', { name: null }],
    ['permissions', { permissions: null }],
    ['permissions[0]', { permissions: ['BAD'] }],
    ['status', { status: 'disabled' }],
    ['id', { id: UNKNOWN_ID }],
    ['organizationId', { organizationId: UNKNOWN_ID }],
    ['updatedAt', { updatedAt: '2020-01-01T00:00:00.000Z' }],
    ['role', { role: 'Admin' }],
    ['body', []],
  ])('when PATCH gets a bad %s (case %#), then 400 names it and nothing changes', async (field, body) => {
    const before = (await made(`Bad patch ${field} ${JSON.stringify(body)}`, ['org:read'])).body.data;
    expectV1Error(await t.http.patch(`/v1/service-accounts/${before.id}`).set(auth).send(body), 400, field);
    expect((await read(before.id)).body.data).toEqual(before);
  });

  test('when the id is unknown, then 404', async () => {
    expectV1Error(await t.http.patch(`/v1/service-accounts/${UNKNOWN_ID}`).set(auth).send({ name: 'Ghost' }), 404);
  });
});

describe('DELETE /v1/service-accounts/{id}', () => {
  test('when deleted, then 200 with data null, it and its keys are gone, and a second delete is 404', async () => {
    const id = (await made('Doomed', ['org:read'])).body.data.id;
    const key = await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id, name: 'doomed key' });
    expect(key.status).toBe(200);
    const res = await t.http.delete(`/v1/service-accounts/${id}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 200, data: null, message: 'success', requestId: res.headers['x-request-id'] });
    expectV1Error(await read(id), 404);
    expect(await t.query(`SELECT id FROM keys WHERE service_account_id = '${id}'`)).toEqual([]);
    expectV1Error(await t.http.get('/v1/service-accounts').set(bearer(key.body.data.key)), 401);
    expectV1Error(await t.http.delete(`/v1/service-accounts/${id}`).set(auth), 404);
  });

  test('when If-Match is stale, then 412 and the account stays', async () => {
    const first = await made('Guarded');
    await t.http.patch(`/v1/service-accounts/${first.body.data.id}`).set(auth).send({ name: 'Guarded 2' });
    expectV1Error(await t.http.delete(`/v1/service-accounts/${first.body.data.id}`).set(auth).set('If-Match', first.headers.etag), 412);
    expect((await read(first.body.data.id)).status).toBe(200);
  });
});

describe('POST /v1/service-accounts/{id}/disable and /enable', () => {
  test('when disabled then enabled, then status and disabledAt follow, and its keys stop and start working', async () => {
    const id = (await made('Toggle', ['service_account:read'])).body.data.id;
    const own = bearer((await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: id })).body.data.key);
    expect((await t.http.get(`/v1/service-accounts/${id}`).set(own)).status).toBe(200);

    const off = await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth);
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ id, status: 'disabled', disabledAt: expect.stringMatching(ISO_MS) });
    expect(off.headers.etag).toMatch(/^"\d+"$/);
    expect((await read(id)).body.data).toEqual(off.body.data);
    const refused = await t.http.get(`/v1/service-accounts/${id}`).set(own);
    expectV1Error(refused, 401);
    expect(refused.headers['www-authenticate']).toContain('Bearer');

    const again = await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth);
    expect(again.body.data.disabledAt).toBe(off.body.data.disabledAt);

    const on = await t.http.post(`/v1/service-accounts/${id}/enable`).set(auth);
    expect(on.status).toBe(200);
    expect(on.body.data).toMatchObject({ status: 'active', disabledAt: null });
    expect((await t.http.get(`/v1/service-accounts/${id}`).set(own)).status).toBe(200);
  });

  test('when the action has a body with fields, a stale If-Match, or an unknown id, then 400 / 412 / 404 and nothing changes', async () => {
    const first = await made('Toggle guard');
    const id = first.body.data.id;
    expectV1Error(await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth).send({ force: true }), 400, 'force');
    expectV1Error(await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth).set('If-Match', '"999"'), 412);
    expect((await read(id)).body.data.status).toBe('active');
    const ok = await t.http.post(`/v1/service-accounts/${id}/disable`).set(auth).set('If-Match', first.headers.etag);
    expect(ok.body.data.status).toBe('disabled');
    expectV1Error(await t.http.post(`/v1/service-accounts/${UNKNOWN_ID}/enable`).set(auth), 404);
  });
});
