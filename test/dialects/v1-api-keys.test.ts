// v1 api keys: created for an account named in the body (secret shown once), listed without secrets,
// deleted (revoked) with effect on the next request; each error the routes can give.
import { bearer, useTestServer, basic } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;
let accountId: string;
beforeAll(async () => {
  const res = await t.http
    .post('/v1/service-accounts')
    .set(auth)
    .send({ name: 'Key holder', permissions: ['service_account:read', 'service_account:write', 'org:read', 'billing:write'] });
  expect(res.status).toBe(200);
  accountId = res.body.data.id;
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '0198f0a0-0000-7000-8000-000000000000';
// expiresAt since issue 32: an organization's credential policy may give a v1 key an expiry.
const KEY_FIELDS = ['id', 'name', 'description', 'scope', 'enabled', 'serviceAccountId', 'createdAt', 'expiresAt'];

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> & { errors?: { field: string }[] } };

function expectV1Error(res: Res, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ code: status, data: null, message: expect.any(String), requestId: res.headers['x-request-id'] });
  if (field === undefined) expect(res.body.errors).toBeUndefined();
  else expect(res.body.errors!.map((e) => e.field)).toContain(field);
}

const createKey = (body: object) => t.http.post('/v1/api-keys').set(auth).send(body);
const listKeys = (query = '') => t.http.get(`/v1/api-keys${query}`).set(auth);
const storedKeys = async () => t.query<{ id: string }>('SELECT id FROM keys ORDER BY id');
const storedScopes = async (id: string) =>
  JSON.parse((await t.query<{ scopes: string }>(`SELECT scopes FROM keys WHERE id = '${id}'`))[0].scopes) as string[];

describe('POST /v1/api-keys', () => {
  test('when made with every field, then 200 returns the key with its secret once, and the secret authenticates', async () => {
    const res = await createKey({ name: 'ci', description: 'for CI', scope: 'read-write', serviceAccountId: accountId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 200, message: 'success', requestId: res.headers['x-request-id'] });
    const d = res.body.data;
    // clientId too (issue 17): with it, Basic clientId:key works from v1 alone.
    expect(Object.keys(d)).toEqual([
      'id',
      'key',
      'clientId',
      'name',
      'description',
      'scope',
      'enabled',
      'serviceAccountId',
      'createdAt',
      'expiresAt',
    ]);
    expect(d.expiresAt).toBeNull();
    expect(d).toMatchObject({ name: 'ci', description: 'for CI', scope: 'read-write', serviceAccountId: accountId });
    expect(d.key).toMatch(/^iamg_[A-Za-z0-9_-]+$/);
    expect(d.createdAt).toMatch(ISO_MS);
    expect(await storedScopes(d.id)).toEqual(['service_account:read', 'service_account:write', 'org:read', 'billing:write']);
    expect((await t.http.get(`/v1/service-accounts/${accountId}`).set(bearer(d.key))).status).toBe(200);
    expect((await t.http.get(`/v1/service-accounts/${accountId}`).set(basic(d.clientId, d.key))).status).toBe(200);

    const listed = await listKeys(`?serviceAccountId=${accountId}`);
    const item = listed.body.data.items.find((k: { id: string }) => k.id === d.id);
    const { key: _secret, clientId: _client, ...withoutKey } = d;
    expect(item).toEqual(withoutKey);
    expect(JSON.stringify(listed.body)).not.toContain(d.key);
  });

  test('when only serviceAccountId is given, then the key is read-write with no name or description', async () => {
    const res = await createKey({ serviceAccountId: accountId });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: null, description: null, scope: 'read-write', serviceAccountId: accountId });
  });

  test('when scope is "read", then the key keeps only the :read permissions and is refused every write', async () => {
    const res = await createKey({ name: 'reader', scope: 'read', serviceAccountId: accountId });
    expect(res.status).toBe(200);
    expect(res.body.data.scope).toBe('read');
    expect(await storedScopes(res.body.data.id)).toEqual(['service_account:read', 'org:read']);
    const reader = bearer(res.body.data.key);

    const target = (await t.http.post('/v1/service-accounts').set(auth).send({ name: 'Read target', permissions: [] })).body.data;
    expect((await t.http.get('/v1/service-accounts').set(reader)).status).toBe(200);
    expect((await t.http.get(`/v1/service-accounts/${target.id}`).set(reader)).status).toBe(200);
    expect((await t.http.get(`/v1/api-keys?serviceAccountId=${accountId}`).set(reader)).status).toBe(200);
    const writes = [
      t.http.post('/v1/service-accounts').set(reader).send({ name: 'Nope', permissions: [] }),
      t.http.patch(`/v1/service-accounts/${target.id}`).set(reader).send({ name: 'Nope' }),
      t.http.post(`/v1/service-accounts/${target.id}/disable`).set(reader),
      t.http.delete(`/v1/service-accounts/${target.id}`).set(reader),
      t.http.post('/v1/api-keys').set(reader).send({ serviceAccountId: target.id }),
      t.http.delete(`/v1/api-keys/${res.body.data.id}`).set(reader),
    ];
    for (const w of await Promise.all(writes)) expectV1Error(w, 403);
    expect((await t.http.get(`/v1/service-accounts/${target.id}`).set(auth)).body.data).toEqual(target);
    expect(
      (await t.http.get('/v1/service-accounts?limit=100').set(auth)).body.data.items.map((a: { name: string }) => a.name),
    ).not.toContain('Nope');
    expect((await t.http.get(`/v1/service-accounts/${target.id}`).set(reader)).status).toBe(200);
  });

  test.each([
    ['serviceAccountId', {}],
    ['serviceAccountId', { serviceAccountId: 'not-a-uuid' }],
    ['serviceAccountId', { serviceAccountId: 42 }],
    ['scope', { serviceAccountId: UNKNOWN_ID, scope: 'write' }],
    ['scope', { serviceAccountId: UNKNOWN_ID, scope: ['read'] }],
    ['name', { serviceAccountId: UNKNOWN_ID, name: '' }],
    ['name', { serviceAccountId: UNKNOWN_ID, name: 5 }],
    ['description', { serviceAccountId: UNKNOWN_ID, description: 'x'.repeat(1001) }],
    ['key', { serviceAccountId: UNKNOWN_ID, key: 'iamg_mine' }],
    ['id', { serviceAccountId: UNKNOWN_ID, id: UNKNOWN_ID }],
    ['createdAt', { serviceAccountId: UNKNOWN_ID, createdAt: '2020-01-01T00:00:00.000Z' }],
    ['scopes', { serviceAccountId: UNKNOWN_ID, scopes: ['org:read'] }],
    ['expiresAt', { serviceAccountId: UNKNOWN_ID, expiresAt: '2040-01-01T00:00:00.000Z' }],
  ])('when %s is wrong (case %#), then 400 names it and no key is made', async (field, body) => {
    const before = await storedKeys();
    expectV1Error(await createKey(body), 400, field);
    expect(await storedKeys()).toEqual(before);
  });

  test('when the account is unknown or in another org, then 404 and no key is made', async () => {
    const other = await t.newOrg('Other org');
    const before = await storedKeys();
    expectV1Error(await createKey({ serviceAccountId: UNKNOWN_ID }), 404);
    expectV1Error(await createKey({ serviceAccountId: other.serviceAccountId }), 404);
    expect(await storedKeys()).toEqual(before);
  });
});

describe('GET /v1/api-keys', () => {
  let mine: string;
  let theirs: string;
  beforeAll(async () => {
    mine = (await t.http.post('/v1/service-accounts').set(auth).send({ name: 'Lister', permissions: [] })).body.data.id;
    for (const name of ['k1', 'k2', 'k3']) expect((await createKey({ name, serviceAccountId: mine })).status).toBe(200);
    const other = await t.newOrg('Listing neighbour');
    theirs = other.serviceAccountId;
  });

  test('when filtered by account, then only its keys come, oldest first, without secrets', async () => {
    const res = await listKeys(`?serviceAccountId=${mine}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['items', 'limit', 'offset', 'hasMore']);
    expect(res.body.data).toMatchObject({ limit: 20, offset: 0, hasMore: false });
    expect(res.body.data.items.map((k: { name: string }) => k.name)).toEqual(['k1', 'k2', 'k3']);
    for (const k of res.body.data.items) {
      expect(Object.keys(k)).toEqual(KEY_FIELDS);
      expect(k.serviceAccountId).toBe(mine);
    }
    expect(JSON.stringify(res.body)).not.toMatch(/iamg_/);
  });

  test('when no account is named, then every key of the org comes and none of another org', async () => {
    const res = await listKeys('?limit=100');
    expect(res.status).toBe(200);
    const owners = new Set(res.body.data.items.map((k: { serviceAccountId: string }) => k.serviceAccountId));
    expect(owners).toEqual(new Set([t.admin.serviceAccountId, accountId, mine]));
    expect(owners.has(theirs)).toBe(false);
  });

  test('when paged, then limit and offset cut the list and hasMore says whether more follow', async () => {
    const first = await listKeys(`?serviceAccountId=${mine}&limit=2`);
    expect(first.body.data).toMatchObject({ limit: 2, offset: 0, hasMore: true });
    expect(first.body.data.items.map((k: { name: string }) => k.name)).toEqual(['k1', 'k2']);
    const second = await listKeys(`?serviceAccountId=${mine}&limit=2&offset=2`);
    expect(second.body.data).toMatchObject({ limit: 2, offset: 2, hasMore: false });
    expect(second.body.data.items.map((k: { name: string }) => k.name)).toEqual(['k3']);
  });

  test.each([
    ['serviceAccountId=nope', 'serviceAccountId'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['offset=-3', 'offset'],
    ['status=active', 'status'],
  ])('when the query is %s, then 400 names %s', async (query, field) => {
    expectV1Error(await listKeys(`?${query}`), 400, field);
  });

  test("when the account is unknown or another org's, then 404", async () => {
    expectV1Error(await listKeys(`?serviceAccountId=${UNKNOWN_ID}`), 404);
    expectV1Error(await listKeys(`?serviceAccountId=${theirs}`), 404);
  });
});

describe('DELETE /v1/api-keys/{id}', () => {
  test('when deleted, then 200 data null, the key fails on the very next request and leaves the v1 list', async () => {
    const made = (await createKey({ name: 'short-lived', serviceAccountId: accountId })).body.data;
    const own = bearer(made.key);
    expect((await t.http.get('/v1/service-accounts').set(own)).status).toBe(200);

    const res = await t.http.delete(`/v1/api-keys/${made.id}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 200, data: null, message: 'success', requestId: res.headers['x-request-id'] });

    const refused = await t.http.get('/v1/service-accounts').set(own);
    expectV1Error(refused, 401);
    expect(refused.headers['www-authenticate']).toBeDefined();
    const listed = await listKeys(`?serviceAccountId=${accountId}&limit=100`);
    expect(listed.body.data.items.map((k: { id: string }) => k.id)).not.toContain(made.id);
    expect((await t.query<{ revoked_at: string | null }>(`SELECT revoked_at FROM keys WHERE id = '${made.id}'`))[0].revoked_at).toMatch(
      ISO_MS,
    );
    // Deleting what is already gone is not an error: the outcome the client asked for holds.
    expect((await t.http.delete(`/v1/api-keys/${made.id}`).set(auth)).status).toBe(200);
  });

  test("when the key is unknown, malformed or another org's, then 404 and that key keeps working", async () => {
    const other = await t.newOrg('Key neighbour');
    const theirKeyId = (await t.http.get('/v1/api-keys').set(bearer(other.secret))).body.data.items[0].id;
    expectV1Error(await t.http.delete(`/v1/api-keys/${UNKNOWN_ID}`).set(auth), 404);
    expectV1Error(await t.http.delete('/v1/api-keys/not-a-uuid').set(auth), 404);
    expectV1Error(await t.http.delete(`/v1/api-keys/${theirKeyId}`).set(auth), 404);
    expect((await t.http.get('/v1/service-accounts').set(bearer(other.secret))).status).toBe(200);
  });
});
