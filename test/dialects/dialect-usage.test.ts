// Issue 18: after calls through every dialect (and tokens and forward auth), the usage endpoints
// name exactly the accounts and keys that used each dialect, how often and when last.
import { jsonApi } from '../support/jsonapi';
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();
let legacy: { id: string; secret: string; clientId: string; keyId: string };
let modern: { id: string; secret: string; clientId: string };

async function account(name: string) {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name, organizationalRole: 'Member', scopes: ['service-accounts:read'] });
  expect(res.status).toBe(201);
  return {
    id: res.body.data.id as string,
    secret: res.body.data.clientSecret as string,
    clientId: res.body.data.clientId as string,
    keyId: res.body.data.credentials[0].id as string,
  };
}

beforeAll(async () => {
  legacy = await account('legacy integration');
  modern = await account('modern integration');
  const v1 = bearer(legacy.secret);
  for (let i = 0; i < 3; i++) expect((await t.http.get('/v1/service-accounts').set(v1)).status).toBe(200);
  expect((await t.http.get(`/v1/service-accounts/${legacy.id}`).set(v1)).status).toBe(200);
  expect((await t.http.get('/api/v2/service-accounts').set(bearer(modern.secret))).status).toBe(200);
  expect((await jsonApi(t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`).set(bearer(modern.secret)))).status).toBe(
    200,
  );
  const token = await t.http
    .post('/oauth2/token')
    .set(basic(modern.clientId, modern.secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
  expect(token.status).toBe(200);
  expect((await t.http.get('/auth/verify').set(bearer(token.body.access_token))).status).toBe(200);
});

test('GET …/service-accounts/{id}/usage counts each dialect, each key and each day', async () => {
  const res = await t.http.get(`/api/v2/service-accounts/${legacy.id}/usage`).set(t.adminBearer);
  expect(res.status).toBe(200);
  const { dialects, keys, days } = res.body.data;
  expect(Object.keys(dialects)).toEqual(['v1']);
  expect(dialects.v1.requests).toBe(4);
  expect(Date.parse(dialects.v1.lastUsedAt)).toBeLessThanOrEqual(Date.now());
  expect(keys).toEqual([{ id: legacy.keyId, clientSecretPrefix: expect.stringMatching(/^iamg_/), dialects: { v1: dialects.v1 } }]);
  expect(days).toHaveLength(90);
  expect(days.at(-1)).toMatchObject({ date: new Date().toISOString().slice(0, 10), v1: 4, v2: 0, v3: 0, oauth2: 0, 'forward-auth': 0 });

  const modernUse = (await t.http.get(`/api/v2/service-accounts/${modern.id}/usage?days=7`).set(t.adminBearer)).body.data;
  expect(Object.fromEntries(Object.entries(modernUse.dialects).map(([d, u]) => [d, (u as { requests: number }).requests]))).toEqual({
    v2: 1,
    v3: 1,
    oauth2: 1,
    'forward-auth': 1,
  });
  expect(modernUse.days).toHaveLength(7);
});

test('GET /api/v2/usage?dialect=v1 names exactly the accounts and keys that used v1, with their routes', async () => {
  const res = await t.http.get('/api/v2/usage?dialect=v1&sinceDays=30').set(t.adminBearer);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    {
      serviceAccountId: legacy.id,
      name: 'legacy integration',
      requests: 4,
      lastUsedAt: expect.any(String),
      keys: [{ id: legacy.keyId, requests: 4, lastUsedAt: expect.any(String) }],
      routes: [
        { method: 'GET', route: '/v1/service-accounts', requests: 3 },
        { method: 'GET', route: '/v1/service-accounts/:id', requests: 1 },
      ],
    },
  ]);
  expect(res.body.pagination).toEqual({ continuationToken: null, hasMore: false });
  const none = await t.http.get('/api/v2/usage?dialect=v9').set(t.adminBearer);
  expect(none.body.data).toEqual([]);
});

test('the list pages with continuation tokens, most recently used first', async () => {
  const first = await t.http.get('/api/v2/usage?dialect=v2&limit=1').set(t.adminBearer);
  expect(first.body.data).toHaveLength(1);
  const all = (await t.http.get('/api/v2/usage?dialect=v2').set(t.adminBearer)).body.data as { lastUsedAt: string }[];
  expect(all.map((u) => u.lastUsedAt)).toEqual([...all.map((u) => u.lastUsedAt)].sort().reverse());
  if (all.length > 1) {
    const second = await t.http
      .get(`/api/v2/usage?dialect=v2&limit=1&continuationToken=${first.body.pagination.continuationToken}`)
      .set(t.adminBearer);
    expect(second.body.data[0]).toEqual(all[1]);
  }
  expect((await t.http.get('/api/v2/usage?dialect=v2&continuationToken=forged').set(t.adminBearer)).status).toBe(400);
  expect((await t.http.get('/api/v2/usage').set(t.adminBearer)).status).toBe(400);
});

test('v3 GET …/iam/usage?filter[dialect]=v1 gives the same as dialect-usage resources', async () => {
  const res = await jsonApi(t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/usage?filter[dialect]=v1`).set(t.adminBearer));
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    {
      type: 'dialect-usage',
      id: `v1:${legacy.id}`,
      attributes: expect.objectContaining({ dialect: 'v1', name: 'legacy integration', requests: 4 }),
      relationships: {
        service_account: { data: { type: 'service-accounts', id: legacy.id }, links: { related: expect.stringContaining(legacy.id) } },
      },
    },
  ]);
  expect(res.body.meta.pagination.counts).toEqual({ resources: 1, pages: 1 });
});

test('another organization sees none of it', async () => {
  const other = await t.newOrg(`Usage other ${Date.now()}`);
  expect((await t.http.get('/api/v2/usage?dialect=v1').set(bearer(other.secret))).body.data).toEqual([]);
  expect((await t.http.get(`/api/v2/service-accounts/${legacy.id}/usage`).set(bearer(other.secret))).status).toBe(404);
});
