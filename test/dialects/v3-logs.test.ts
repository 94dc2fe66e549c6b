// v3 /service-accounts/{id}/logs: an account's audit log as JSON:API `logs` resources — every change,
// whichever dialect made it, oldest first, paged like every v3 list, never holding a secret.
import { expectErrors, parametersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let api: V3Client;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  admin = bearer(t.admin.secret);
  api = v3Client(t, admin);
});
afterAll(async () => { await t.close(); });

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Log {
  type: string;
  id: string;
  attributes: Record<string, unknown> & { action: string; dialect: string };
  meta: { created_at: string };
  relationships: Record<string, unknown>;
}

/** A fresh account made through v3, with the secret of its first key. */
async function newAccount(name: string, headers: Record<string, string> = {}) {
  const res = await api.post('/service-accounts', accountDocument({ name }), headers);
  expect(res.status).toBe(201);
  return { id: res.body.data.id as string, secret: res.body.included[0].attributes.client_secret as string };
}

/** Every entry of an account's log, walked through the `next` links. */
async function wholeLog(id: string, limit = 100): Promise<{ entries: Log[]; bodies: string[] }> {
  const entries: Log[] = [];
  const bodies: string[] = [];
  let next: string | null = `${api.base}/service-accounts/${id}/logs?limit=${limit}`;
  while (next) {
    const res = await api.get(next.slice(next.indexOf('/service-accounts')));
    expect(res.status).toBe(200);
    entries.push(...res.body.data);
    bodies.push(res.text);
    next = res.body.links.next;
  }
  return { entries, bodies };
}

describe('GET /service-accounts/{id}/logs', () => {
  test('when an account is changed through v3, v2 and v1, then each change is logged in order, with the dialect, actor and request id it came with', async () => {
    const { id, secret } = await newAccount('Logged', { 'X-Request-Id': 'logs-create' });
    const v2Put = await t.http.put(`/api/v2/service-accounts/${id}`).set(admin).set('X-Request-Id', 'logs-v2').send({ description: 'from v2' });
    expect(v2Put.status).toBe(200);
    expect((await t.http.post(`/v1/service-accounts/${id}/disable`).set(admin)).status).toBe(200);
    expect((await api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { enabled: true } } })).status).toBe(200);
    const v3Key = await api.post(`/service-accounts/${id}/keys`, { data: { type: 'service-account-keys' } });
    const v3KeyId = v3Key.body.data.id;
    await api.patch(`/service-accounts/${id}/keys/${v3KeyId}`, { data: { type: 'service-account-keys', id: v3KeyId, attributes: { enabled: false } } });
    expect((await api.delete(`/service-accounts/${id}/keys/${v3KeyId}`)).status).toBe(204);
    const v2Credential = await t.http.post(`/api/v2/service-accounts/${id}/credentials`).set(admin).send({});
    const v1Key = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: id });
    expect((await t.http.delete(`/v1/api-keys/${v1Key.body.data.id}`).set(admin)).status).toBe(200);

    const { entries, bodies } = await wholeLog(id);
    expect(entries.map((e) => [e.attributes.action, e.attributes.dialect])).toEqual([
      ['service-account.create', 'v3'], ['key.create', 'v3'],
      ['service-account.update', 'v2'],
      ['service-account.disable', 'v1'],
      ['service-account.enable', 'v3'],
      ['key.create', 'v3'], ['key.disable', 'v3'], ['key.revoke', 'v3'],
      ['key.create', 'v2'],
      ['key.create', 'v1'], ['key.revoke', 'v1'],
    ]);
    const [created, , updated] = entries;
    expect(created).toEqual({
      type: 'logs',
      id: expect.any(String),
      attributes: {
        action: 'service-account.create', actor_id: t.admin.serviceAccountId, actor_key_id: expect.any(String), dialect: 'v3',
        target_type: 'service-account', target_id: id, request_id: 'logs-create', changes: expect.objectContaining({ name: 'Logged', status: 'active' }),
      },
      meta: { created_at: expect.stringMatching(ISO_MS) },
      relationships: { 'service-account': { data: { type: 'service-accounts', id }, links: { related: expect.stringMatching(new RegExp(`${api.base}/service-accounts/${id}$`)) } } },
    });
    expect(updated.attributes).toMatchObject({ request_id: 'logs-v2', changes: { description: 'from v2' } });
    expect(entries.filter((e) => e.attributes.target_type === 'key').map((e) => e.attributes.target_id))
      .toEqual(expect.arrayContaining([v3KeyId, v2Credential.body.data.id, v1Key.body.data.id]));
    const ids = entries.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);

    const text = bodies.join('\n');
    for (const issued of [secret, v3Key.body.data.attributes.client_secret, v2Credential.body.data.clientSecret, v1Key.body.data.key]) {
      expect(typeof issued).toBe('string');
      expect(text).not.toContain(issued.slice(12));
    }
  });

  test('when a change is refused, then nothing is logged', async () => {
    const { id } = await newAccount('Quiet log');
    await api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { name: '' } } });
    await api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { name: 'Loud' } } }, { 'If-Match': '"99"' });
    await api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { name: 'Quiet log' } } }); // no change
    expect((await wholeLog(id)).entries.map((e) => e.attributes.action)).toEqual(['service-account.create', 'key.create']);
  });

  test('when the log is paged with limit/offset or page[…], then each entry comes once and meta.pagination and links say where the page is', async () => {
    const { id } = await newAccount('Paged log');
    for (let i = 0; i < 5; i++) await api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { description: `d${i}` } } });
    const all = (await wholeLog(id)).entries;
    expect(all).toHaveLength(7);

    const paged = (await wholeLog(id, 3)).entries;
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const middle = await api.get(`/service-accounts/${id}/logs?limit=3&offset=3`);
    expect(middle.body.data.map((e: Log) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    expect(middle.body.meta.pagination).toEqual({ current_page: 2, requested: { limit: 3, offset: 3 }, offsets: { next: 6, previous: 0 } });
    const search = (link: string | null) => (link === null ? null : decodeURIComponent(new URL(link).search));
    expect(search(middle.body.links.first)).toBe('?page[limit]=3&page[offset]=0');
    expect(search(middle.body.links.prev)).toBe('?page[limit]=3&page[offset]=0');
    expect(search(middle.body.links.next)).toBe('?page[limit]=3&page[offset]=6');

    const last = await api.get(`/service-accounts/${id}/logs?page[limit]=3&page[offset]=6`);
    expect(last.body.data.map((e: Log) => e.id)).toEqual([all[6].id]);
    expect(last.body.links.next).toBeNull();
    expect(last.body.meta.pagination.offsets).toEqual({ next: null, previous: 3 });

    const past = await api.get(`/service-accounts/${id}/logs?offset=50`);
    expect(past.body.data).toEqual([]);
    expect(past.body.links.next).toBeNull();

    const first = await api.get(`/service-accounts/${id}/logs`);
    expect(first.body.data).toHaveLength(7);
    expect(first.body.meta.pagination.requested).toEqual({ limit: 10, offset: 0 });
  });

  test('when fields[logs] names some fields, then each entry keeps only those', async () => {
    const { id } = await newAccount('Sparse log');
    const res = await api.get(`/service-accounts/${id}/logs?fields[logs]=action,dialect`);
    expect(res.body.data).toHaveLength(2);
    for (const e of res.body.data) {
      expect(Object.keys(e.attributes)).toEqual(['action', 'dialect']);
      expect(e.relationships).toEqual({});
      expect(e.meta.created_at).toMatch(ISO_MS);
    }
  });

  test('when a read-only account reads a log, then it may', async () => {
    const made = await t.http.post('/api/v2/service-accounts').set(admin).send({ name: 'Log reader', scopes: ['service-accounts:read'] });
    const reader = v3Client(t, bearer(made.body.data.clientSecret));
    expect((await reader.get(`/service-accounts/${made.body.data.id}/logs`)).status).toBe(200);
  });
});

describe('logs that are not there (404)', () => {
  test("when another organization's account is asked for, through either org's path, then 404", async () => {
    const other = await t.newOrg('Log neighbours');
    const theirs = `/service-accounts/${other.serviceAccountId}/logs`;
    expectErrors(await api.get(theirs), 404, 'NOT_FOUND');
    expectErrors(await v3Client(t, admin, other.organizationId).get(theirs), 404, 'NOT_FOUND');
    const mine = `/service-accounts/${t.admin.serviceAccountId}/logs`;
    expectErrors(await v3Client(t, bearer(other.secret), other.organizationId).get(mine), 404, 'NOT_FOUND');
    expect((await v3Client(t, bearer(other.secret), other.organizationId).get(theirs)).status).toBe(200);
  });

  test.each(['0198f0a0-0000-7000-8000-000000000000', 'not-a-uuid'])('when the account %s does not exist, then 404', async (id) => {
    expectErrors(await api.get(`/service-accounts/${id}/logs`), 404, 'NOT_FOUND');
  });

  test('when the account has been deleted, then its log is gone with it (404)', async () => {
    const { id } = await newAccount('Deleted log');
    expect((await api.delete(`/service-accounts/${id}`)).status).toBe(204);
    expectErrors(await api.get(`/service-accounts/${id}/logs`), 404, 'NOT_FOUND');
  });
});

describe('a bad query (400)', () => {
  test.each([
    ['limit=0', 'limit'], ['limit=101', 'limit'], ['offset=-1', 'offset'], ['offset=x', 'offset'],
    ['offset=10001', 'offset'], ['page[offset]=10001', 'page[offset]'], ['limit=5&page[limit]=5', 'limit'],
    ['sort=-created_at', 'sort'], ['include=service-account', 'include'], ['filter[action]=key.create', 'filter[action]'],
    ['fields[logs]=action,secret', 'fields[logs]'], ['fields[service-accounts]=name', 'fields[service-accounts]'], ['foo=1', 'foo'],
  ])('when %s, then 400 names %s', async (query, parameter) => {
    const res = await api.get(`/service-accounts/${t.admin.serviceAccountId}/logs?${query}`);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toEqual([parameter]);
  });
});
