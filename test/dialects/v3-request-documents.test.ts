// v3 request documents as real JSON:API clients send them (issue 14): `relationships` (empty, or
// naming known relationships), resource-level `meta` and `links`, a fetched record sent back whole
// (read-only members repeated as they are), and JSON:API 1.1's 403 for what cannot be done this way:
// a client-generated id or lid, a relationship set elsewhere, a changed read-only member.
import { expectErrors, pointersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { useTestServer } from '../support/server';

const t = useTestServer();
let api: V3Client;
beforeAll(() => {
  api = v3Client(t, t.adminBearer);
});

const accountCount = async () => (await api.get('/service-accounts?limit=1')).body.meta.pagination.counts.resources as number;

async function fetched(name: string) {
  const made = await api.post('/service-accounts', accountDocument({ name }));
  expect(made.status).toBe(201);
  return (await api.get(`/service-accounts/${made.body.data.id}`)).body.data;
}

describe('what clients send on create', () => {
  test.each([
    [
      'relationships: {} (the Ctrl-Hub client)',
      { data: { type: 'service-accounts', attributes: { name: 'Empty rels' }, relationships: {} } },
    ],
    [
      'resource meta and links',
      {
        data: {
          type: 'service-accounts',
          attributes: { name: 'Meta links' },
          meta: { a: 1 },
          links: { self: 'http://x/y' },
          relationships: {},
        },
      },
    ],
  ])('when the document has %s, then 201', async (_case, body) => {
    expect((await api.post('/service-accounts', body)).status).toBe(201);
  });

  test.each([
    ['a client-generated id', { id: '0198f0a0-0000-7000-8000-0000000000aa' }, ['/data/id']],
    ['a lid', { lid: 'local-1' }, ['/data/lid']],
    [
      'keys to set',
      { relationships: { keys: { data: [{ type: 'service-account-keys', id: '0198f0a0-0000-7000-8000-0000000000ab' }] } } },
      ['/data/relationships/keys'],
    ],
  ])('when the document has %s, then 403 points at it and nothing is written', async (_case, extra, pointers) => {
    const before = await accountCount();
    const res = await api.post('/service-accounts', {
      data: { type: 'service-accounts', attributes: { name: `Refused ${_case}` }, ...extra },
    });
    expectErrors(res, 403, 'FORBIDDEN');
    expect(pointersOf(res)).toEqual(pointers);
    expect(await accountCount()).toBe(before);
  });

  test.each([
    ['an unknown relationship', { relationships: { owner: { data: null } } }, ['/data/relationships/owner']],
    ['a relationship without data', { relationships: { keys: { links: {} } } }, ['/data/relationships/keys/data']],
    ['linkage that is not identifiers', { relationships: { keys: { data: [{ id: 'x' }] } } }, ['/data/relationships/keys/data/0/type']],
    ['to-many linkage that is not a list', { relationships: { keys: { data: null } } }, ['/data/relationships/keys/data']],
  ])('when the document has %s, then 400 points at it', async (_case, extra, pointers) => {
    const res = await api.post('/service-accounts', { data: { type: 'service-accounts', attributes: { name: 'Bad rels' }, ...extra } });
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(pointersOf(res)).toEqual(pointers);
  });

  test('when a key is created with its own account as service-account, then 201; with another, 403', async () => {
    const id = t.admin.serviceAccountId;
    const keys = `/service-accounts/${id}/keys`;
    const same = await api.post(keys, {
      data: {
        type: 'service-account-keys',
        relationships: { 'service-account': { data: { type: 'service-accounts', id: id.toUpperCase() } } },
      },
    });
    expect(same.status).toBe(201);
    const other = await api.post(keys, {
      data: {
        type: 'service-account-keys',
        relationships: { 'service-account': { data: { type: 'service-accounts', id: '0198f0a0-0000-7000-8000-0000000000ac' } } },
      },
    });
    expectErrors(other, 403, 'FORBIDDEN');
    expect(pointersOf(other)).toEqual(['/data/relationships/service-account']);
  });
});

describe('a fetched record sent back whole (jsona, Orbit)', () => {
  test('when only an attribute changed, then 200: email and keys (and groups) repeated as they are are ignored', async () => {
    const d = await fetched('Round trip');
    const { links: _links, ...resource } = d;
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { ...resource, attributes: { ...d.attributes, description: 'changed' }, links: d.links },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.attributes).toEqual({ ...d.attributes, description: 'changed' });
  });

  test('when the keys are listed in another order or with ids in upper case, then they are the same keys', async () => {
    const d = await fetched('Same keys');
    await api.post(`/service-accounts/${d.id}/keys`, { data: { type: 'service-account-keys' } });
    const now = (await api.get(`/service-accounts/${d.id}`)).body.data;
    const keys = [...now.relationships.keys.data].reverse().map((k: { type: string; id: string }) => ({ ...k, id: k.id.toUpperCase() }));
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { type: 'service-accounts', id: d.id, attributes: { name: 'Same keys' }, relationships: { keys: { data: keys } } },
    });
    expect(res.status).toBe(200);
  });

  test.each([
    [
      'a changed email',
      (d: { attributes: object }) => ({ attributes: { ...d.attributes, email: 'me@example.com' } }),
      ['/data/attributes/email'],
    ],
    ['keys with one dropped', () => ({ relationships: { keys: { data: [] } } }), ['/data/relationships/keys']],
  ])('when it has %s, then 403 names it and nothing changes', async (_case, change, pointers) => {
    const d = await fetched(`Changed ${_case}`);
    const res = await api.patch(`/service-accounts/${d.id}`, {
      data: { type: 'service-accounts', id: d.id, attributes: { description: 'not this' }, ...change(d) },
    });
    expectErrors(res, 403, 'FORBIDDEN');
    expect(pointersOf(res)).toEqual(pointers);
    expect((await api.get(`/service-accounts/${d.id}`)).body.data.attributes).toEqual(d.attributes);
  });

  test('when a key is sent back whole with enabled changed, then 200; with another client_id or account, 403', async () => {
    const d = await fetched('Key round trip');
    const keyId = d.relationships.keys.data[0].id;
    const key = (await api.get(`/service-accounts/${d.id}/keys/${keyId}`)).body.data;
    const path = `/service-accounts/${d.id}/keys/${keyId}`;
    const back = await api.patch(path, { data: { ...key, attributes: { ...key.attributes, enabled: false } } });
    expect([back.status, back.body.data.attributes.enabled]).toEqual([200, false]);
    const moved = await api.patch(path, {
      data: { ...key, relationships: { 'service-account': { data: { type: 'service-accounts', id: t.admin.serviceAccountId } } } },
    });
    expectErrors(moved, 403, 'FORBIDDEN');
    expect(pointersOf(moved)).toEqual(['/data/relationships/service-account']);
  });

  test('when the update carries a lid, then 400 (an existing resource has an id)', async () => {
    const d = await fetched('With lid');
    expectErrors(
      await api.patch(`/service-accounts/${d.id}`, { data: { type: 'service-accounts', id: d.id, lid: 'x', attributes: {} } }),
      400,
      'VALIDATION_ERROR',
    );
  });
});
