// v3 /service-accounts/{id}/keys and /relationships/keys: issue, read, disable, revoke, and every
// error each route can give. Keys are made for the bootstrapped Admin so they can call the API.
import { expectErrors, pointersOf } from '../support/jsonapi';
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
let api: V3Client;
let adminKeys: string;
beforeAll(async () => {
  api = v3Client(t, bearer(t.admin.secret));
  adminKeys = `/service-accounts/${t.admin.serviceAccountId}/keys`;
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MISSING_ID = '0198f0a0-0000-7000-8000-000000000000';
const keyDocument = (attributes?: object) => ({ data: { type: 'service-account-keys', ...(attributes ? { attributes } : {}) } });
const keyCount = async () => (await api.get(adminKeys)).body.data.length as number;

const issue = async (attributes?: object) => {
  const res = await api.post(adminKeys, keyDocument(attributes));
  expect(res.status).toBe(201);
  return { id: res.body.data.id as string, secret: res.body.data.attributes.client_secret as string, body: res.body };
};
const setEnabled = (keyId: string, enabled: unknown, headers: Record<string, string> = {}) =>
  api.patch(`${adminKeys}/${keyId}`, { data: { type: 'service-account-keys', id: keyId, attributes: { enabled } } }, headers);

describe('POST /service-accounts/{id}/keys', () => {
  test('when a key is made, then 201 + Location returns client_id and client_secret once, and the secret works at once', async () => {
    const res = await api.post(adminKeys, keyDocument({ expires_at: '2031-01-01T00:00:00Z' }));
    expect(res.status).toBe(201);
    const k = res.body.data;
    expect(Object.keys(k)).toEqual(['type', 'id', 'attributes', 'meta', 'relationships', 'links']);
    expect(k.type).toBe('service-account-keys');
    // created_at is in attributes too, where Ctrl-Hub's SDK reads it (issue 26).
    expect(k.attributes).toEqual({
      client_id: t.admin.clientId,
      enabled: true,
      created_at: k.meta.created_at,
      client_secret: expect.stringMatching(/^iamg_[A-Za-z0-9_-]+$/),
    });
    expect(k.meta).toEqual({ created_at: expect.stringMatching(ISO_MS), expires_at: '2031-01-01T00:00:00.000Z', last_used_at: null });
    expect(k.relationships['service-account'].data).toEqual({ type: 'service-accounts', id: t.admin.serviceAccountId });
    expect(res.headers.location).toBe(k.links.self);
    expect(res.headers.location).toMatch(new RegExp(`${adminKeys}/${k.id}$`));
    expect(res.headers.etag).toMatch(/^"\d+"$/);

    const read = await api.get(`${adminKeys}/${k.id}`);
    expect(read.status).toBe(200);
    const { client_secret: secret, ...shown } = k.attributes;
    expect(read.body.data.attributes).toEqual(shown);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    expect((await v3Client(t, bearer(secret)).get('/service-accounts')).status).toBe(200);
  });

  test('when no attributes are sent, then the key never expires', async () => {
    const { body } = await issue();
    expect(body.data.meta.expires_at).toBeNull();
  });

  test('when the type is wrong, then 409 points at /data/type and no key is made', async () => {
    const before = await keyCount();
    const res = await api.post(adminKeys, { data: { type: 'keys' } });
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/type']);
    expect(await keyCount()).toBe(before);
  });

  test.each([
    ['no document', undefined, ['']],
    ['no data', {}, ['/data']],
    ['an expiry that is not a date', keyDocument({ expires_at: 'tomorrow' }), ['/data/attributes/expires_at']],
    ['an expiry in the past', keyDocument({ expires_at: '2001-01-01T00:00:00Z' }), ['/data/attributes/expires_at']],
    ['a client secret of its own', keyDocument({ client_secret: 'mine' }), ['/data/attributes/client_secret']],
    ['enabled (not settable on create)', keyDocument({ enabled: false }), ['/data/attributes/enabled']],
    ['scopes (not a v3 attribute)', keyDocument({ scopes: [] }), ['/data/attributes/scopes']],
  ])('when the request has %s, then 400 points at it and no key is made', async (_case, body, pointers) => {
    const before = await keyCount();
    const res = body === undefined ? await api.post(adminKeys, '') : await api.post(adminKeys, body);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(pointersOf(res)).toEqual(pointers);
    expect(await keyCount()).toBe(before);
  });

  test('when the account does not exist or the id is malformed, then 404', async () => {
    expectErrors(await api.post(`/service-accounts/${MISSING_ID}/keys`, keyDocument()), 404, 'NOT_FOUND');
    expectErrors(await api.post('/service-accounts/nope/keys', keyDocument()), 404, 'NOT_FOUND');
  });
});

describe('GET /service-accounts/{id}/keys and /keys/{keyId}', () => {
  test('when listed, then every live key of the account comes, without secrets, all with the account client_id', async () => {
    const { id, secret } = await issue();
    const res = await api.get(adminKeys);
    expect(res.status).toBe(200);
    expect(res.body.data.map((k: { id: string }) => k.id)).toContain(id);
    for (const k of res.body.data) {
      expect(k.type).toBe('service-account-keys');
      expect(k.attributes).toEqual({ client_id: t.admin.clientId, enabled: expect.any(Boolean), created_at: k.meta.created_at });
    }
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(res.body.links.self).toMatch(new RegExp(`${adminKeys}$`));
  });

  test('when a sparse fieldset is asked, then only those key fields come back', async () => {
    const res = await api.get(`${adminKeys}?fields[service-account-keys]=enabled`);
    for (const k of res.body.data) {
      expect(k.attributes).toEqual({ enabled: expect.any(Boolean) });
      expect(k.relationships).toEqual({});
    }
  });

  test.each([
    ['include', 'include=service-account'],
    ['fields[service-account-keys]', 'fields[service-account-keys]=secret'],
    ['sort', 'sort=created_at'],
  ])('when the key list gets an unsupported %s, then 400 names the parameter', async (parameter, query) => {
    const res = await api.get(`${adminKeys}?${query}`);
    expect(expectErrors(res, 400, 'VALIDATION_ERROR')[0].source).toEqual({ parameter });
  });

  test("when a key is asked through another account's path, or does not exist, then 404", async () => {
    const { id } = await issue();
    const other = await api.post('/service-accounts', { data: { type: 'service-accounts', attributes: { name: 'Other holder' } } });
    expectErrors(await api.get(`/service-accounts/${other.body.data.id}/keys/${id}`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`${adminKeys}/${MISSING_ID}`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`${adminKeys}/not-a-key`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`/service-accounts/${MISSING_ID}/keys`), 404, 'NOT_FOUND');
  });
});

describe('PATCH /service-accounts/{id}/keys/{keyId}', () => {
  test('when a key is disabled, then it stops authenticating at once; when enabled again, then it works again', async () => {
    const { id, secret } = await issue();
    const own = v3Client(t, bearer(secret));
    const off = await setEnabled(id, false);
    expect(off.status).toBe(200);
    expect(off.body.data.attributes).toEqual({ client_id: t.admin.clientId, enabled: false, created_at: off.body.data.meta.created_at });
    expect((await api.get(`${adminKeys}/${id}`)).body.data.attributes.enabled).toBe(false);
    expectErrors(await own.get('/service-accounts'), 401, 'UNAUTHORIZED');
    expect((await setEnabled(id, true)).body.data.attributes.enabled).toBe(true);
    expect((await own.get('/service-accounts')).status).toBe(200);
  });

  test('when If-Match is stale, then 412 and the key is unchanged; with the current ETag, then 200', async () => {
    const { id } = await issue();
    const etag = (await api.get(`${adminKeys}/${id}`)).headers.etag;
    await issue(); // any change to the account's keys moves the ETag
    expectErrors(await setEnabled(id, false, { 'If-Match': etag }), 412, 'PRECONDITION_FAILED');
    expect((await api.get(`${adminKeys}/${id}`)).body.data.attributes.enabled).toBe(true);
    const current = (await api.get(`${adminKeys}/${id}`)).headers.etag;
    const ok = await setEnabled(id, false, { 'If-Match': current });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).not.toBe(current);
    await setEnabled(id, true);
  });

  test('when the body id or type does not match, then 409 and the key is unchanged', async () => {
    const { id } = await issue();
    const wrongId = await api.patch(`${adminKeys}/${id}`, {
      data: { type: 'service-account-keys', id: MISSING_ID, attributes: { enabled: false } },
    });
    expectErrors(wrongId, 409, 'CONFLICT');
    expect(pointersOf(wrongId)).toEqual(['/data/id']);
    const wrongType = await api.patch(`${adminKeys}/${id}`, { data: { type: 'service-accounts', id, attributes: { enabled: false } } });
    expect(pointersOf(wrongType)).toEqual(['/data/type']);
    expect((await api.get(`${adminKeys}/${id}`)).body.data.attributes.enabled).toBe(true);
  });

  test.each([
    ['enabled as a string', { enabled: 'no' }, '/data/attributes/enabled'],
    ['an expiry (keys keep theirs)', { expires_at: '2031-01-01T00:00:00Z' }, '/data/attributes/expires_at'],
  ])('when the document has %s, then 400 points at it and the key is unchanged', async (_case, attributes, pointer) => {
    const { id } = await issue();
    const res = await api.patch(`${adminKeys}/${id}`, { data: { type: 'service-account-keys', id, attributes } });
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(pointersOf(res)).toEqual([pointer]);
    expect((await api.get(`${adminKeys}/${id}`)).body.data.attributes.enabled).toBe(true);
  });

  // Issue 14: read-only members may be repeated as they are (a fetched key sent back whole), not changed.
  test('when the document has a new client_id, then 403 points at it and the key is unchanged', async () => {
    const { id } = await issue();
    const res = await api.patch(`${adminKeys}/${id}`, {
      data: { type: 'service-account-keys', id, attributes: { client_id: 'x', enabled: false } },
    });
    expectErrors(res, 403, 'FORBIDDEN');
    expect(pointersOf(res)).toEqual(['/data/attributes/client_id']);
    expect((await api.get(`${adminKeys}/${id}`)).body.data.attributes.enabled).toBe(true);
  });

  test('when the key does not exist, then 404', async () => {
    expectErrors(await setEnabled(MISSING_ID, false), 404, 'NOT_FOUND');
  });
});

describe('DELETE /service-accounts/{id}/keys/{keyId}', () => {
  // Issue 26: 200 and `meta.deleted` (was 204 with no body).
  test('when a key is deleted, then 200 naming it, it is revoked (fails to authenticate) and gone from every v3 listing', async () => {
    const { id, secret } = await issue();
    const res = await api.delete(`${adminKeys}/${id}`);
    expect([res.status, res.body.meta.deleted]).toEqual([200, { type: 'service-account-keys', id }]);
    expect(res.body.data).toBeUndefined();
    expectErrors(await v3Client(t, bearer(secret)).get('/service-accounts'), 401, 'UNAUTHORIZED');
    expectErrors(await api.get(`${adminKeys}/${id}`), 404, 'NOT_FOUND');
    expect((await api.get(adminKeys)).body.data.map((k: { id: string }) => k.id)).not.toContain(id);
    const rel = await api.get(`/service-accounts/${t.admin.serviceAccountId}/relationships/keys`);
    expect(rel.body.data.map((k: { id: string }) => k.id)).not.toContain(id);
    expectErrors(await setEnabled(id, true), 404, 'NOT_FOUND');
    expectErrors(await api.delete(`${adminKeys}/${id}`), 404, 'NOT_FOUND');
    // v2 still shows it, as a revoked credential.
    const v2 = await t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`).set(bearer(t.admin.secret));
    expect(v2.body.data.find((c: { id: string }) => c.id === id).status).toBe('Revoked');
  });

  test('when If-Match is stale, then 412 and the key still works', async () => {
    const { id, secret } = await issue();
    const etag = (await api.get(`${adminKeys}/${id}`)).headers.etag;
    await issue();
    expectErrors(await api.delete(`${adminKeys}/${id}`, { 'If-Match': etag }), 412, 'PRECONDITION_FAILED');
    expect((await v3Client(t, bearer(secret)).get('/service-accounts')).status).toBe(200);
  });

  test("when the key does not exist or is not this account's, then 404", async () => {
    expectErrors(await api.delete(`${adminKeys}/${MISSING_ID}`), 404, 'NOT_FOUND');
    const other = await api.post('/service-accounts', { data: { type: 'service-accounts', attributes: { name: 'Key owner' } } });
    const otherKey = other.body.included[0].id;
    expectErrors(await api.delete(`${adminKeys}/${otherKey}`), 404, 'NOT_FOUND');
    expect((await api.get(`/service-accounts/${other.body.data.id}/keys/${otherKey}`)).status).toBe(200);
  });
});

describe('GET /service-accounts/{id}/relationships/keys', () => {
  test('when asked, then 200 lists resource identifiers of the live keys, with self and related links', async () => {
    const { id } = await issue();
    const res = await api.get(`/service-accounts/${t.admin.serviceAccountId}/relationships/keys`);
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual({ type: 'service-account-keys', id });
    for (const identifier of res.body.data) expect(Object.keys(identifier)).toEqual(['type', 'id']);
    expect(res.body.links.self).toMatch(/\/relationships\/keys$/);
    expect(res.body.links.related).toMatch(new RegExp(`${adminKeys}$`));
    const keys = await api.get(adminKeys);
    expect(res.body.data.map((k: { id: string }) => k.id)).toEqual(keys.body.data.map((k: { id: string }) => k.id));
  });

  test('when the account does not exist, then 404; with a query parameter, then 400', async () => {
    expectErrors(await api.get(`/service-accounts/${MISSING_ID}/relationships/keys`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`/service-accounts/${t.admin.serviceAccountId}/relationships/keys?include=keys`), 400, 'VALIDATION_ERROR');
  });
});
