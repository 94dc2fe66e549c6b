// v3 /service-accounts: every route's happy path read back, and every error each route can give.
import { expectErrors, JSONAPI, jsonApi, pointersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
let api: V3Client;
beforeAll(async () => {
  api = v3Client(t, bearer(t.admin.secret));
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MISSING_ID = '0198f0a0-0000-7000-8000-000000000000';

const create = async (attributes: Record<string, unknown>) => {
  const res = await api.post('/service-accounts', accountDocument(attributes));
  expect(res.status).toBe(201);
  return res.body.data as { id: string; attributes: Record<string, unknown>; meta: Record<string, string> };
};
const accountCount = async () => (await api.get('/service-accounts?limit=1')).body.meta.pagination.counts.resources as number;

describe('POST /service-accounts', () => {
  test("when the seed's curl request is sent (Content-Type application/json), then 201 + Location returns the seed's shape and the first key with its secret", async () => {
    const res = await jsonApi(
      t.http
        .post(`${api.base}/service-accounts`)
        .set({ Authorization: `Bearer ${t.admin.secret}`, 'Content-Type': 'application/json' })
        .send(
          JSON.stringify({
            data: {
              type: 'service-accounts',
              attributes: { name: 'ACME Corp', description: 'This service account is for integrating with ACME Corp', enabled: true },
            },
          }),
        ),
    );
    expect(res.status).toBe(201);
    const d = res.body.data;
    expect(d).toMatchObject({
      type: 'service-accounts',
      attributes: {
        name: 'ACME Corp',
        description: 'This service account is for integrating with ACME Corp',
        enabled: true,
        email: `acmecorp@${t.admin.organizationId}.iam.ctrl-hub.com`,
      },
      meta: { created_at: expect.stringMatching(ISO_MS), updated_at: expect.stringMatching(ISO_MS) },
    });
    expect(Object.keys(d)).toEqual(['type', 'id', 'attributes', 'meta', 'relationships', 'links']);
    expect(Object.keys(d.attributes)).toEqual(['name', 'description', 'enabled', 'email']);
    expect(d.id).toMatch(UUID7);
    expect(res.headers.location).toMatch(new RegExp(`^http://[^/]+${api.base}/service-accounts/${d.id}$`));
    expect(d.links.self).toBe(res.headers.location);
    expect(res.headers.etag).toMatch(/^"\d+"$/);

    const [key] = res.body.included;
    expect(d.relationships.keys.data).toEqual([{ type: 'service-account-keys', id: key.id }]);
    expect(d.relationships.keys.links).toEqual({ self: `${d.links.self}/relationships/keys`, related: `${d.links.self}/keys` });
    expect(res.body.included).toHaveLength(1);
    expect(key.attributes).toEqual({
      client_id: expect.any(String),
      enabled: true,
      created_at: key.meta.created_at,
      client_secret: expect.stringMatching(/^iamg_/),
    });
    expect(key.relationships['service-account'].data).toEqual({ type: 'service-accounts', id: d.id });

    const read = await api.get(`/service-accounts/${d.id}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(d);
    expect(JSON.stringify(read.body)).not.toContain(key.attributes.client_secret);
    expect((await api.get(`/service-accounts/${d.id}/keys/${key.id}`)).body.data.attributes).toEqual({
      client_id: key.attributes.client_id,
      enabled: true,
      created_at: key.meta.created_at,
    });
  });

  test('when created with enabled false, then the account is disabled and its first key does not authenticate', async () => {
    const res = await api.post('/service-accounts', accountDocument({ name: 'Born disabled', enabled: false }));
    expect(res.status).toBe(201);
    expect(res.body.data.attributes.enabled).toBe(false);
    expect((await api.get(`/service-accounts/${res.body.data.id}`)).body.data.attributes.enabled).toBe(false);
    const own = v3Client(t, bearer(res.body.included[0].attributes.client_secret));
    expectErrors(await own.get('/service-accounts'), 401, 'UNAUTHORIZED');
  });

  test('when only a name is given, then the description is null and the account is enabled', async () => {
    const d = await create({ name: 'Only a name' });
    expect(d.attributes).toEqual({ name: 'Only a name', description: null, enabled: true, email: expect.stringMatching(/^onlyaname@/) });
  });

  test('when two names reduce to the same email local part, then the second gets -2', async () => {
    const first = await create({ name: 'Mail Box' });
    const second = await create({ name: 'mail-box!' });
    expect(first.attributes.email).toBe(`mailbox@${t.admin.organizationId}.iam.ctrl-hub.com`);
    expect(second.attributes.email).toBe(`mailbox-2@${t.admin.organizationId}.iam.ctrl-hub.com`);
  });

  test('when the type is not service-accounts, then 409 points at /data/type and nothing is written', async () => {
    const before = await accountCount();
    const res = await api.post('/service-accounts', { data: { type: 'widgets', attributes: { name: 'Wrong type' } } });
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/type']);
    expect(await accountCount()).toBe(before);
  });

  test('when the name is taken in another case, then 409 points at /data/attributes/name and nothing is written', async () => {
    await create({ name: 'Twin' });
    const before = await accountCount();
    const res = await api.post('/service-accounts', accountDocument({ name: '  tWIN ' }));
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/attributes/name']);
    expect(await accountCount()).toBe(before);
  });

  const badDocuments: [string, unknown, string[]][] = [
    ['no data', {}, ['/data']],
    ['data not an object', { data: [] }, ['/data']],
    ['no type', { data: { attributes: { name: 'x' } } }, ['/data/type']],
    ['type not a string', { data: { type: 7, attributes: { name: 'x' } } }, ['/data/type']],
    ['no attributes', { data: { type: 'service-accounts' } }, ['/data/attributes']],
    ['no name', accountDocument({ description: 'x' }), ['/data/attributes/name']],
    ['empty name', accountDocument({ name: '' }), ['/data/attributes/name']],
    ['blank name', accountDocument({ name: '   ' }), ['/data/attributes/name']],
    ['long name', accountDocument({ name: 'x'.repeat(201) }), ['/data/attributes/name']],
    ['numeric name', accountDocument({ name: 42 }), ['/data/attributes/name']],
    ['long description', accountDocument({ name: 'ok', description: 'x'.repeat(1001) }), ['/data/attributes/description']],
    ['enabled as a string', accountDocument({ name: 'ok', enabled: 'yes' }), ['/data/attributes/enabled']],
    ['read-only email', accountDocument({ name: 'ok', email: 'me@example.com' }), ['/data/attributes/email']],
    ['read-only created_at', accountDocument({ name: 'ok', created_at: '2020-01-01T00:00:00Z' }), ['/data/attributes/created_at']],
    ['unknown attribute', accountDocument({ name: 'ok', colour: 'blue' }), ['/data/attributes/colour']],
    ['v2 field', accountDocument({ name: 'ok', organizationalRole: 'Admin' }), ['/data/attributes/organizationalRole']],
    [
      'an unknown relationship',
      { data: { type: 'service-accounts', attributes: { name: 'ok' }, relationships: { owner: { data: null } } } },
      ['/data/relationships/owner'],
    ],
    ['unknown top-level member', { ...accountDocument({ name: 'ok' }), included: [] }, ['/included']],
    ['two bad attributes', accountDocument({ name: '', email: 'x' }), ['/data/attributes/email', '/data/attributes/name']],
  ];
  test.each(badDocuments)(
    'when the document has %s, then 400 with one error per field, pointing at it, and nothing is written',
    async (_case, body, pointers) => {
      const before = await accountCount();
      const res = await api.post('/service-accounts', body);
      const errors = expectErrors(res, 400, 'VALIDATION_ERROR');
      expect(pointersOf(res).sort()).toEqual([...pointers].sort());
      for (const e of errors) expect(e.title).toBe('Bad Request');
      expect(await accountCount()).toBe(before);
    },
  );

  test('when the document carries meta members, then they are accepted and ignored', async () => {
    const res = await api.post('/service-accounts', {
      data: { type: 'service-accounts', attributes: { name: 'With meta' }, meta: { note: 1 } },
      meta: { client: 'x' },
    });
    expect(res.status).toBe(201);
  });

  // Issue 14 (these were 400s): JSON:API 1.1 answers an unsupported client id or relationship with 403.
  test.each([
    ['a client-generated id', { data: { type: 'service-accounts', id: MISSING_ID, attributes: { name: 'ok' } } }, ['/data/id']],
    [
      'keys',
      { data: { type: 'service-accounts', attributes: { name: 'ok' }, relationships: { keys: { data: [] } } } },
      ['/data/relationships/keys'],
    ],
  ])('when the document has %s, then 403 points at it and nothing is written', async (_case, body, pointers) => {
    const before = await accountCount();
    const res = await api.post('/service-accounts', body);
    expectErrors(res, 403, 'FORBIDDEN');
    expect(pointersOf(res)).toEqual(pointers);
    expect(await accountCount()).toBe(before);
  });
});

describe('GET /service-accounts/{id}', () => {
  test('when include=keys is asked, then the keys come in included, without secrets', async () => {
    const d = await create({ name: 'Included' });
    await api.post(`/service-accounts/${d.id}/keys`, { data: { type: 'service-account-keys' } });
    const res = await api.get(`/service-accounts/${d.id}?include=keys`);
    expect(res.status).toBe(200);
    expect(res.body.included).toHaveLength(2);
    expect(res.body.data.relationships.keys.data.map((k: { id: string }) => k.id)).toEqual(
      res.body.included.map((k: { id: string }) => k.id),
    );
    for (const k of res.body.included) expect(Object.keys(k.attributes)).toEqual(['client_id', 'enabled', 'created_at']);
    expect(res.body.links.self).toMatch(new RegExp(`${d.id}\\?include=keys$`));
    expect(res.headers.etag).toMatch(/^"\d+"$/);
  });

  test('when a sparse fieldset is asked, then only those fields come back', async () => {
    const d = await create({ name: 'Sparse one' });
    const res = await api.get(`/service-accounts/${d.id}?fields[service-accounts]=name,email`);
    expect(res.body.data.attributes).toEqual({ name: 'Sparse one', email: expect.any(String) });
    expect(res.body.data.relationships).toEqual({});
    expect(res.body.data.meta).toEqual(d.meta);
  });

  test.each([MISSING_ID, 'not-a-uuid', "1' OR '1'='1", '..%2F..'])('when the id is %s, then 404 in the JSON:API shape', async (id) => {
    const res = await api.get(`/service-accounts/${id}`);
    expect(expectErrors(res, 404, 'NOT_FOUND')[0]).toMatchObject({ status: '404', title: 'Not Found' });
  });

  test('when include names an unknown path, then 400 names the include parameter', async () => {
    const d = await create({ name: 'Bad include' });
    const res = await api.get(`/service-accounts/${d.id}?include=owner`);
    expect(expectErrors(res, 400, 'VALIDATION_ERROR')[0].source).toEqual({ parameter: 'include' });
  });
});

describe('PATCH /service-accounts/{id}', () => {
  const patch = (id: string, attributes: object, headers: Record<string, string> = {}) =>
    api.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes } }, headers);

  test('when name and description change, then 200 returns them, updated_at moves, the ETag changes, and a read agrees', async () => {
    const d = await create({ name: 'Before', description: 'old' });
    const before = await api.get(`/service-accounts/${d.id}`);
    const res = await patch(d.id, { name: 'After', description: null });
    expect(res.status).toBe(200);
    expect(res.body.data.attributes).toMatchObject({ name: 'After', description: null, enabled: true });
    expect(res.body.data.attributes.email).toBe(d.attributes.email);
    expect(res.body.data.meta.created_at).toBe(d.meta.created_at);
    expect(res.body.data.meta.updated_at >= d.meta.updated_at).toBe(true);
    expect(res.headers.etag).not.toBe(before.headers.etag);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data).toEqual(res.body.data);
  });

  test('when enabled is false and then true, then the account is disabled and its key fails, then both come back', async () => {
    const created = await api.post('/service-accounts', accountDocument({ name: 'Switch' }));
    const id = created.body.data.id;
    const own = v3Client(t, bearer(created.body.included[0].attributes.client_secret));
    expect((await own.get('/service-accounts')).status).toBe(403);
    expect((await patch(id, { enabled: false })).body.data.attributes.enabled).toBe(false);
    expect((await api.get(`/service-accounts/${id}`)).body.data.attributes.enabled).toBe(false);
    expectErrors(await own.get('/service-accounts'), 401, 'UNAUTHORIZED');
    expect((await patch(id, { enabled: true })).body.data.attributes.enabled).toBe(true);
    expect((await own.get('/service-accounts')).status).toBe(403);
  });

  test('when no attributes are sent, then 200 and nothing changes', async () => {
    const d = await create({ name: 'Untouched' });
    const res = await api.patch(`/service-accounts/${d.id}`, { data: { type: 'service-accounts', id: d.id } });
    expect(res.status).toBe(200);
    expect(res.body.data.meta).toEqual(d.meta);
  });

  test('when If-Match names the current ETag, then 200; when it is stale, then 412 and nothing changes', async () => {
    const d = await create({ name: 'Pinned' });
    const etag = (await api.get(`/service-accounts/${d.id}`)).headers.etag;
    const ok = await patch(d.id, { description: 'first' }, { 'If-Match': etag });
    expect(ok.status).toBe(200);
    const stale = await patch(d.id, { description: 'second' }, { 'If-Match': etag });
    expectErrors(stale, 412, 'PRECONDITION_FAILED');
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes.description).toBe('first');
  });

  test('when the body id is not the URL id, then 409 points at /data/id and nothing changes', async () => {
    const d = await create({ name: 'Id mismatch' });
    const other = await create({ name: 'Other id' });
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { type: 'service-accounts', id: other.id, attributes: { name: 'Hijack' } },
    });
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/id']);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes.name).toBe('Id mismatch');
    expect((await api.get(`/service-accounts/${other.id}`)).body.data.attributes.name).toBe('Other id');
  });

  test('when the type is wrong, then 409 points at /data/type', async () => {
    const d = await create({ name: 'Type mismatch' });
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { type: 'service-account-keys', id: d.id, attributes: { enabled: false } },
    });
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/type']);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes.enabled).toBe(true);
  });

  test('when the new name is taken, then 409 points at the name and nothing changes', async () => {
    await create({ name: 'Taken name' });
    const d = await create({ name: 'Wants it' });
    const res = await patch(d.id, { name: 'TAKEN NAME' });
    expectErrors(res, 409, 'CONFLICT');
    expect(pointersOf(res)).toEqual(['/data/attributes/name']);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes.name).toBe('Wants it');
  });

  test.each([
    ['no id', (_id: string) => ({ data: { type: 'service-accounts', attributes: { name: 'x' } } }), ['/data/id']],
    ['a null name', (id: string) => ({ data: { type: 'service-accounts', id, attributes: { name: null } } }), ['/data/attributes/name']],
    ['a blank name', (id: string) => ({ data: { type: 'service-accounts', id, attributes: { name: ' ' } } }), ['/data/attributes/name']],
    [
      'enabled null',
      (id: string) => ({ data: { type: 'service-accounts', id, attributes: { enabled: null } } }),
      ['/data/attributes/enabled'],
    ],
    [
      'read-only updated_at',
      (id: string) => ({ data: { type: 'service-accounts', id, attributes: { updated_at: 'now' } } }),
      ['/data/attributes/updated_at'],
    ],
    [
      'a v1 field',
      (id: string) => ({ data: { type: 'service-accounts', id, attributes: { permissions: [] } } }),
      ['/data/attributes/permissions'],
    ],
  ])('when the document has %s, then 400 points at it and nothing changes', async (_case, body, pointers) => {
    const d = await create({ name: `Bad patch ${_case}` });
    const res = await api.patch(`/service-accounts/${d.id}`, body(d.id));
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(pointersOf(res)).toEqual(pointers);
    const read = await api.get(`/service-accounts/${d.id}`);
    expect(read.body.data.attributes).toEqual(d.attributes);
    expect(read.body.data.meta).toEqual(d.meta);
  });

  test('when the document changes the read-only email, then 403 points at it and nothing changes (issue 14; was 400)', async () => {
    const d = await create({ name: 'Bad patch email' });
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { type: 'service-accounts', id: d.id, attributes: { email: 'x@y.z', description: 'no' } },
    });
    expectErrors(res, 403, 'FORBIDDEN');
    expect(pointersOf(res)).toEqual(['/data/attributes/email']);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes).toEqual(d.attributes);
  });

  test('when the account does not exist, then 404', async () => {
    expectErrors(await patch(MISSING_ID, { name: 'Ghost' }), 404, 'NOT_FOUND');
  });
});

describe('DELETE /service-accounts/{id}', () => {
  // Issue 26: 200 and a meta-only document (was 204 with no body), which clients that parse every body as JSON can read.
  test('when deleted, then 200 with a meta-only document naming it, it is gone, and its key no longer authenticates', async () => {
    const created = await api.post('/service-accounts', accountDocument({ name: 'Doomed' }));
    const id = created.body.data.id;
    const res = await api.delete(`/service-accounts/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      meta: { deleted: { type: 'service-accounts', id }, request_id: res.headers['x-request-id'] },
      jsonapi: { version: '1.1' },
    });
    expectErrors(await api.get(`/service-accounts/${id}`), 404, 'NOT_FOUND');
    expectErrors(await api.delete(`/service-accounts/${id}`), 404, 'NOT_FOUND');
    expectErrors(
      await v3Client(t, bearer(created.body.included[0].attributes.client_secret)).get('/service-accounts'),
      401,
      'UNAUTHORIZED',
    );
  });

  test('when If-Match is stale, then 412 and the account stays; with the current ETag, then 200', async () => {
    const d = await create({ name: 'Guarded' });
    const etag = (await api.get(`/service-accounts/${d.id}`)).headers.etag;
    await api.patch(`/service-accounts/${d.id}`, { data: { type: 'service-accounts', id: d.id, attributes: { description: 'moved on' } } });
    expectErrors(await api.delete(`/service-accounts/${d.id}`, { 'If-Match': etag }), 412, 'PRECONDITION_FAILED');
    const current = (await api.get(`/service-accounts/${d.id}`)).headers.etag;
    expect((await api.delete(`/service-accounts/${d.id}`, { 'If-Match': current })).status).toBe(200);
  });

  test('when a body names the resource (as kitsu sends), then 200; when it names another, then 409 and nothing is deleted', async () => {
    const d = await create({ name: 'Named delete' });
    const del = (body: object) =>
      jsonApi(
        t.http
          .delete(`${api.base}/service-accounts/${d.id}`)
          .set(bearer(t.admin.secret))
          .set('Content-Type', JSONAPI)
          .send(JSON.stringify(body)),
      );
    const wrong = await del({ data: { type: 'service-accounts', id: MISSING_ID } });
    expectErrors(wrong, 409, 'CONFLICT');
    expect((await api.get(`/service-accounts/${d.id}`)).status).toBe(200);
    expect((await del({ data: { type: 'service-accounts', id: d.id } })).status).toBe(200);
  });

  test('when a query parameter is sent, then 400 names it and nothing is deleted', async () => {
    const d = await create({ name: 'Query delete' });
    const res = await api.delete(`/service-accounts/${d.id}?force=true`);
    expect(expectErrors(res, 400, 'VALIDATION_ERROR')[0].source).toEqual({ parameter: 'force' });
    expect((await api.get(`/service-accounts/${d.id}`)).status).toBe(200);
  });
});
