// v2 service-account routes: each happy path read back, and each error the route can give.
import { bearer, startTestServer, type TestServer, useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

const create = (body: object) => t.http.post('/api/v2/service-accounts').set(auth).send(body);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /api/v2/service-accounts', () => {
  test('when created with the seed body, then 201 returns the seed shape with the secret once', async () => {
    const ws = await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Seed workspace' });
    expect(ws.status).toBe(201);
    const res = await create({
      name: 'Seed account',
      description: 'from the seed',
      organizationalRole: 'Member',
      workspaceAssignments: [{ workspaceId: ws.body.data.id, role: 'Owner' }],
      expirationDate: '2030-11-07T05:31:56Z',
      scopes: ['service-accounts:read'],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['data', 'meta']);
    const d = res.body.data;
    expect(Object.keys(d)).toEqual([
      'clientId',
      'clientSecret',
      'id',
      'accountId',
      'name',
      'description',
      'isActive',
      'organizationalRole',
      'clientSecretPrefix',
      'credentialExpirationDate',
      'workspaceAssignments',
      'credentials',
      'lastUsedAt',
      'createdAt',
      'lastModifiedAt',
    ]);
    expect(d.id).toMatch(UUID);
    expect(d.accountId).toBe(t.admin.organizationId);
    expect(d.clientSecret).toMatch(/^iamg_[A-Za-z0-9_-]{75}[0-9A-Za-z]{6}$/); // and its checksum (issue 30)
    expect(d.clientSecretPrefix).toBe(d.clientSecret.slice(0, 12));
    expect(d.credentialExpirationDate).toBe('2030-11-07T05:31:56.000Z');
    expect(d.workspaceAssignments).toEqual([{ workspaceId: ws.body.data.id, workspaceName: 'Seed workspace', role: 'Owner' }]);
    expect(d.credentials).toHaveLength(1);
    expect(Object.keys(d.credentials[0])).toEqual([
      'id',
      'clientSecretPrefix',
      'status',
      'expirationDate',
      'lastUsedAt',
      'createdAt',
      'scopes',
      'revokedReason',
    ]);
    expect(d.credentials[0]).toMatchObject({ status: 'Active', scopes: ['service-accounts:read'], lastUsedAt: null, revokedReason: null });
    expect(d.isActive).toBe(true);
    expect(d.createdAt).toMatch(ISO_MS);
    expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.meta.timestamp).toMatch(ISO_MS);
    expect(res.headers.etag).toBeDefined();

    const read = await t.http.get(`/api/v2/service-accounts/${d.id}`).set(auth);
    expect(read.status).toBe(200);
    const { clientId: _c, clientSecret: _s, ...rest } = d;
    expect(read.body.data).toEqual(rest);
    expect(JSON.stringify(read.body)).not.toContain(d.clientSecret);
  });

  test('when only a name is given, then the role is Member and the credential has no scopes', async () => {
    const res = await create({ name: 'Minimal' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      organizationalRole: 'Member',
      description: null,
      workspaceAssignments: [],
      credentialExpirationDate: null,
    });
    expect(res.body.data.credentials[0].scopes).toEqual([]);
  });

  test('when the name is taken in another case, then 409 CONFLICT and nothing new is written', async () => {
    expect((await create({ name: 'Twin' })).status).toBe(201);
    const before = await t.query('SELECT COUNT(*) AS n FROM service_accounts');
    const res = await create({ name: '  tWIN ' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'CONFLICT', title: 'Conflict', instance: '/api/v2/service-accounts' });
    expect(await t.query('SELECT COUNT(*) AS n FROM service_accounts')).toEqual(before);
  });

  const badBodies: [object, string][] = [
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'ok', description: 'x'.repeat(1001) }, 'description'],
    [{ name: 'ok', organizationalRole: 'Root' }, 'organizationalRole'],
    [{ name: 'ok', scopes: ['Not A Scope'] }, 'scopes[0]'],
    [{ name: 'ok', scopes: 'service-accounts:read' }, 'scopes'],
    [{ name: 'ok', expirationDate: 'tomorrow' }, 'expirationDate'],
    [{ name: 'ok', expirationDate: '2001-01-01T00:00:00Z' }, 'expirationDate'],
    [
      { name: 'ok', workspaceAssignments: [{ workspaceId: '0198f0a0-0000-7000-8000-000000000000', role: 'Owner' }] },
      'workspaceAssignments',
    ],
    [{ name: 'ok', workspaceAssignments: [{ workspaceId: 'nope', role: 'Owner' }] }, 'workspaceAssignments[0].workspaceId'],
    [
      { name: 'ok', workspaceAssignments: [{ workspaceId: '0198f0a0-0000-7000-8000-000000000000', role: 'King' }] },
      'workspaceAssignments[0].role',
    ],
    [{ name: 'ok', id: '0198f0a0-0000-7000-8000-000000000000' }, 'id'],
    [{ name: 'ok', accountId: 'x' }, 'accountId'],
    [{ name: 'ok', clientSecret: 'x' }, 'clientSecret'],
    [{ name: 'ok', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
    [{ name: 'ok', colour: 'blue' }, 'colour'],
  ];
  test.each(badBodies.map(([body, field]) => [field, body] as const))(
    'when %s is invalid (case %#), then 400 VALIDATION_ERROR names it and nothing is written',
    async (field, body) => {
      const before = await t.query('SELECT COUNT(*) AS n FROM service_accounts');
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(res.body.errors)).toContain(field);
      expect(res.body.errors[field][0]).toEqual(expect.any(String));
      expect(await t.query('SELECT COUNT(*) AS n FROM service_accounts')).toEqual(before);
    },
  );
});

describe('GET /api/v2/service-accounts', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer();
    const a = bearer(other.admin.secret);
    for (let i = 0; i < 7; i++) {
      const res = await other.http
        .post('/api/v2/service-accounts')
        .set(a)
        .send({ name: `Page ${i}` });
      expect(res.status).toBe(201);
    }
    const last = await other.http.get('/api/v2/service-accounts?search=page%206').set(a);
    await other.http.post(`/api/v2/service-accounts/${last.body.data[0].id}/disable`).set(a);
  });
  afterAll(async () => {
    await other.close();
  });

  test('when paging with a limit, then every account comes once, in creation order, via continuation tokens', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v2/service-accounts?limit=3${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const res = await other.http.get(url).set(bearer(other.admin.secret));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['data', 'pagination', 'meta']);
      expect(res.body.pagination.hasMore).toBe(res.body.pagination.continuationToken !== null);
      seen.push(...res.body.data.map((a: { name: string }) => a.name));
      token = res.body.pagination.continuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Default admin', ...Array.from({ length: 7 }, (_, i) => `Page ${i}`)]);
  });

  test('when filtering by isActive and search, then only matching accounts come back', async () => {
    const a = bearer(other.admin.secret);
    const inactive = await other.http.get('/api/v2/service-accounts?isActive=false').set(a);
    expect(inactive.body.data.map((x: { name: string }) => x.name)).toEqual(['Page 6']);
    const search = await other.http.get('/api/v2/service-accounts?search=PAGE%201').set(a);
    expect(search.body.data.map((x: { name: string }) => x.name)).toEqual(['Page 1']);
    const none = await other.http.get('/api/v2/service-accounts?search=%25').set(a);
    expect(none.body.data).toEqual([]);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1000', 'limit'],
    ['limit=abc', 'limit'],
    ['isActive=maybe', 'isActive'],
    ['continuationToken=garbage', 'continuationToken'],
    ['sort=name', 'sort'],
  ])('when the query is %s, then 400 names %s', async (query, field) => {
    const res = await other.http.get(`/api/v2/service-accounts?${query}`).set(bearer(other.admin.secret));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(res.body.errors)).toContain(field);
  });

  test('when a token is reused with other filters, then 400', async () => {
    const a = bearer(other.admin.secret);
    const first = await other.http.get('/api/v2/service-accounts?limit=2').set(a);
    const token = encodeURIComponent(first.body.pagination.continuationToken);
    const res = await other.http.get(`/api/v2/service-accounts?limit=2&isActive=true&continuationToken=${token}`).set(a);
    expect(res.status).toBe(400);
  });
});

describe('GET, PUT, DELETE /api/v2/service-accounts/{id}', () => {
  test('when the id is unknown or malformed, then 404 NOT_FOUND in the problem shape', async () => {
    for (const id of ['0198f0a0-0000-7000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      const res = await t.http.get(`/api/v2/service-accounts/${encodeURIComponent(id)}`).set(auth);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });

  test('when updated, then changed fields change, absent and null ones stay, and the state reads back', async () => {
    const ws = (await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Update ws' })).body.data;
    const made = (await create({ name: 'To update', description: 'before', organizationalRole: 'AgentAdmin' })).body.data;
    const res = await t.http
      .put(`/api/v2/service-accounts/${made.id}`)
      .set(auth)
      .send({ name: 'Updated', description: null, workspaceAssignments: [{ workspaceId: ws.id, role: 'Reader' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Updated',
      description: 'before',
      organizationalRole: 'AgentAdmin',
      workspaceAssignments: [{ workspaceId: ws.id, workspaceName: 'Update ws', role: 'Reader' }],
    });
    expect(res.body.data.clientSecret).toBeUndefined();
    expect(Date.parse(res.body.data.lastModifiedAt)).toBeGreaterThanOrEqual(Date.parse(made.lastModifiedAt));
    const read = await t.http.get(`/api/v2/service-accounts/${made.id}`).set(auth);
    expect(read.body.data).toEqual(res.body.data);
  });

  test('when PUT has a stale If-Match, then 412 and nothing changes; a fresh one succeeds', async () => {
    const made = await create({ name: 'Etag target' });
    const etag = made.headers.etag;
    const first = await t.http
      .put(`/api/v2/service-accounts/${made.body.data.id}`)
      .set(auth)
      .set('If-Match', etag)
      .send({ name: 'Etag 2' });
    expect(first.status).toBe(200);
    const stale = await t.http
      .put(`/api/v2/service-accounts/${made.body.data.id}`)
      .set(auth)
      .set('If-Match', etag)
      .send({ name: 'Etag 3' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const read = await t.http.get(`/api/v2/service-accounts/${made.body.data.id}`).set(auth);
    expect(read.body.data.name).toBe('Etag 2');
    expect(read.headers.etag).toBe(first.headers.etag);
  });

  test('when PUT renames onto another account name, then 409', async () => {
    await create({ name: 'Taken name' });
    const made = (await create({ name: 'Renamer' })).body.data;
    const res = await t.http.put(`/api/v2/service-accounts/${made.id}`).set(auth).send({ name: 'TAKEN NAME' });
    expect(res.status).toBe(409);
    expect((await t.http.get(`/api/v2/service-accounts/${made.id}`).set(auth)).body.data.name).toBe('Renamer');
  });

  test.each([
    [{ isActive: false }, 'isActive'],
    [{ scopes: [] }, 'scopes'],
    [{ organizationalRole: 'Boss' }, 'organizationalRole'],
    [{ name: '' }, 'name'],
    [{ accountId: 'x' }, 'accountId'],
  ])('when PUT sends %j, then 400 names %s and nothing changes', async (body, field) => {
    const made = (await create({ name: `Bad put ${field}` })).body.data;
    const res = await t.http.put(`/api/v2/service-accounts/${made.id}`).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toContain(field);
    const read = await t.http.get(`/api/v2/service-accounts/${made.id}`).set(auth);
    const { clientId: _c, clientSecret: _s, ...rest } = made;
    expect(read.body.data).toEqual(rest);
  });

  test('when deleted, then 204, it is gone with its keys, and a second delete is 404', async () => {
    const made = (await create({ name: 'Doomed' })).body.data;
    const del = await t.http.delete(`/api/v2/service-accounts/${made.id}`).set(auth);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await t.http.get(`/api/v2/service-accounts/${made.id}`).set(auth)).status).toBe(404);
    expect(await t.query(`SELECT id FROM keys WHERE service_account_id = '${made.id}'`)).toEqual([]);
    expect((await t.http.delete(`/api/v2/service-accounts/${made.id}`).set(auth)).status).toBe(404);
  });

  test("when the deleted account's own key is used, then 401", async () => {
    const made = (await create({ name: 'Self user', organizationalRole: 'Admin' })).body.data;
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(made.clientSecret))).status).toBe(200);
    await t.http.delete(`/api/v2/service-accounts/${made.id}`).set(auth);
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(made.clientSecret))).status).toBe(401);
  });
});

describe('POST /api/v2/service-accounts/{id}/disable and /enable', () => {
  test('when disabled then enabled, then isActive follows and its key stops and starts working', async () => {
    const made = (await create({ name: 'Toggle', organizationalRole: 'Admin' })).body.data;
    const own = bearer(made.clientSecret);
    expect((await t.http.get(`/api/v2/service-accounts/${made.id}`).set(own)).status).toBe(200);

    const off = await t.http.post(`/api/v2/service-accounts/${made.id}/disable`).set(auth);
    expect(off.status).toBe(200);
    expect(off.body.data.isActive).toBe(false);
    const refused = await t.http.get(`/api/v2/service-accounts/${made.id}`).set(own);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('Bearer');
    expect(refused.body.code).toBe('UNAUTHORIZED');

    const on = await t.http.post(`/api/v2/service-accounts/${made.id}/enable`).set(auth);
    expect(on.status).toBe(200);
    expect(on.body.data.isActive).toBe(true);
    expect((await t.http.get(`/api/v2/service-accounts/${made.id}`).set(own)).status).toBe(200);
  });

  test('when the action has a body with fields, or a stale If-Match, then 400 / 412 and nothing changes', async () => {
    const made = await create({ name: 'Toggle guard' });
    const id = made.body.data.id;
    expect((await t.http.post(`/api/v2/service-accounts/${id}/disable`).set(auth).send({ force: true })).status).toBe(400);
    expect((await t.http.post(`/api/v2/service-accounts/${id}/disable`).set(auth).set('If-Match', '"999"')).status).toBe(412);
    expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(auth)).body.data.isActive).toBe(true);
    expect((await t.http.post(`/api/v2/service-accounts/0198f0a0-0000-7000-8000-000000000000/enable`).set(auth)).status).toBe(404);
  });
});
