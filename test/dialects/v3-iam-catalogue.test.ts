// Issue 26: the Ctrl-Hub IAM services iamgate lacked — the permission catalogue, the caller's
// organisation, the organization's members and their figures, `…/relationships/members` — and
// whoami for any working credential. Every response is checked against JSON:API and /openapi/v3.json.
import { expectErrors, JSONAPI, jsonApi } from '../support/jsonapi';
import { v3Client } from '../support/jsonapi-client';
import { changesNothing } from '../support/stored-state';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const api = () => v3Client(t, t.adminBearer);
const get = (path: string, auth = t.adminBearer) => jsonApi(t.http.get(path).set(auth));
let n = 0;

async function newAccount(attributes: Record<string, unknown> = {}): Promise<{ id: string; secret: string; keyId: string }> {
  const res = await api().post('/service-accounts', {
    data: { type: 'service-accounts', attributes: { name: `member ${++n}`, ...attributes } },
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, secret: res.body.included[0].attributes.client_secret, keyId: res.body.included[0].id };
}

/** A Member holding only the given permissions (v2 sets them at creation), and its first credential. */
async function accountHolding(permissions: string[]): Promise<{ id: string; secret: string }> {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: `holder ${++n}`, scopes: permissions });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, secret: res.body.data.clientSecret };
}

describe('GET /v3/iam/permissions', () => {
  test("when listed, then iamgate's own permissions are category iam, and the organization's roles' and accounts' come with their component", async () => {
    await api().post('/roles', { data: { type: 'roles', attributes: { name: 'catalogue role', permissions: ['billing:invoices:read'] } } });
    await accountHolding(['workflow:*', 'service-accounts:read']);
    const res = await get('/v3/iam/permissions?limit=100');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.map((p: { id: string; attributes: object }) => [p.id, p.attributes]));
    expect(byName['service-accounts:read']).toEqual({
      name: 'service-accounts:read',
      description: 'Read service accounts, their keys, roles and groups.',
      category: 'iam',
      component: 'service-accounts',
      verb: 'read',
    });
    expect(byName['service-accounts:write']).toMatchObject({ category: 'iam', verb: 'write' });
    // The dialects' spellings of iamgate's own permissions are its own too.
    expect(byName['org:service-accounts:manage']).toMatchObject({ category: 'iam', component: 'org', verb: 'manage' });
    expect(byName['service_account:read'].description).toContain('(as service-accounts:read)');
    expect(byName['billing:invoices:read']).toMatchObject({ category: 'billing', component: 'billing', verb: 'read' });
    expect(byName['workflow:*']).toMatchObject({ category: 'workflow', component: 'workflow', verb: '*' });
    // By name, in code-point order; the id is the name; counted.
    const names = res.body.data.map((p: { id: string }) => p.id);
    expect(names).toEqual([...names].sort());
    expect(res.body.meta.pagination.counts.resources).toBe(names.length);
    expect(res.body.data[0].links.self).toMatch(new RegExp(`/v3/iam/permissions/${names[0].replace('*', '\\*')}$`));
  });

  test('when filtered, sorted, paged or given a sparse fieldset, then only what was asked comes', async () => {
    await accountHolding(['reports:daily:read', 'reports:write']);
    const reports = await get('/v3/iam/permissions?filter[component]=reports');
    expect(reports.body.data.map((p: { id: string }) => p.id)).toEqual(['reports:daily:read', 'reports:write']);
    const own = await get('/v3/iam/permissions?filter[category]=iam&limit=100');
    expect(own.body.data.every((p: { attributes: { category: string } }) => p.attributes.category === 'iam')).toBe(true);
    expect(own.body.data.map((p: { id: string }) => p.id)).not.toContain('reports:write');
    const named = await get('/v3/iam/permissions?filter[name]=DAILY');
    expect(named.body.data.map((p: { id: string }) => p.id)).toEqual(['reports:daily:read']);
    const descending = await get('/v3/iam/permissions?filter[component]=reports&sort=-name&limit=1');
    expect(descending.body.data.map((p: { id: string }) => p.id)).toEqual(['reports:write']);
    expect(descending.body.meta.pagination).toMatchObject({ counts: { resources: 2, pages: 2 }, offsets: { next: 1, previous: null } });
    const sparse = await get('/v3/iam/permissions?filter[component]=reports&fields[permissions]=verb');
    expect(sparse.body.data[0].attributes).toEqual({ verb: 'read' });
    expectErrors(await get('/v3/iam/permissions?filter[role]=x'), 400, 'VALIDATION_ERROR');
  });

  test('when one is read by name, then it comes; one unknown, or known only to another organization, is 404', async () => {
    await accountHolding(['secret-project:read']);
    const one = await get('/v3/iam/permissions/secret-project:read');
    expect(one.body.data).toMatchObject({ type: 'permissions', id: 'secret-project:read', attributes: { category: 'secret-project' } });
    expect((await get('/v3/iam/permissions/service-accounts:write')).body.data.attributes.category).toBe('iam');
    expectErrors(await get('/v3/iam/permissions/nothing:read'), 404, 'NOT_FOUND');
    const other = await t.newOrg('Catalogue neighbours');
    expectErrors(await get('/v3/iam/permissions/secret-project:read', bearer(other.secret)), 404, 'NOT_FOUND');
    const theirs = await get('/v3/iam/permissions?limit=100', bearer(other.secret));
    expect(theirs.body.data.map((p: { id: string }) => p.id)).not.toContain('secret-project:read');
  });

  test('when the caller cannot read service accounts, then 403', async () => {
    const none = await accountHolding([]);
    expectErrors(await get('/v3/iam/permissions', bearer(none.secret)), 403, 'FORBIDDEN');
  });
});

describe('GET /v3/orgs and /v3/orgs/{orgId}', () => {
  test("when any working credential asks, then its own organization comes, alone; another organization's id is 404", async () => {
    const none = await accountHolding([]);
    for (const auth of [t.adminBearer, bearer(none.secret)]) {
      const list = await get('/v3/orgs', auth);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([
        {
          type: 'organisations',
          id: t.admin.organizationId,
          attributes: { name: 'Default' },
          meta: { created_at: expect.any(String) },
          links: { self: expect.stringMatching(new RegExp(`/v3/orgs/${t.admin.organizationId}$`)) },
        },
      ]);
      expect(list.body.meta.pagination.counts).toEqual({ resources: 1, pages: 1 });
      const one = await get(`/v3/orgs/${t.admin.organizationId.toUpperCase()}`, auth);
      expect(one.body.data).toEqual(list.body.data[0]);
    }
    expect((await get('/v3/orgs?offset=1')).body.data).toEqual([]);
    const other = await t.newOrg('Someone else');
    expectErrors(await get(`/v3/orgs/${other.organizationId}`), 404, 'NOT_FOUND');
    expectErrors(await get('/v3/orgs/not-an-id'), 404, 'NOT_FOUND');
    expect((await get('/v3/orgs', bearer(other.secret))).body.data.map((o: { id: string }) => o.id)).toEqual([other.organizationId]);
  });
});

describe('members and their figures', () => {
  test('when members are listed, then they are the service accounts, as …/service-accounts lists them', async () => {
    await newAccount({ name: 'Listed member' });
    const members = await api().get('/members?filter[name]=listed%20member&include=keys');
    const accounts = await api().get('/service-accounts?filter[name]=listed%20member&include=keys');
    expect(members.status).toBe(200);
    expect(members.body.data).toEqual(accounts.body.data);
    expect(members.body.included).toEqual(accounts.body.included);
    expect(members.body.data[0].type).toBe('service-accounts');
    expect(members.body.links.self).toMatch(/\/iam\/members\?/);
  });

  test('when the figures are read, then they count accounts and live keys as the listings show them', async () => {
    const other = await t.newOrg('Figures elsewhere');
    const figures = async () => (await api().get('/service-accounts/stats')).body.data;
    const members = async () => (await api().get('/members/stats')).body.data;
    const before = await figures();
    expect(before).toEqual({
      type: 'service-accounts-stats',
      id: t.admin.organizationId,
      attributes: { service_accounts: expect.any(Object), keys: expect.any(Object) },
    });
    const { id } = await newAccount();
    const second = await api().post(`/service-accounts/${id}/keys`, { data: { type: 'service-account-keys' } });
    const third = await api().post(`/service-accounts/${id}/keys`, { data: { type: 'service-account-keys' } });
    await api().patch(`/service-accounts/${id}/keys/${second.body.data.id}`, {
      data: { type: 'service-account-keys', id: second.body.data.id, attributes: { enabled: false } },
    });
    await api().delete(`/service-accounts/${id}/keys/${third.body.data.id}`);
    const disabled = await newAccount();
    await api().patch(`/service-accounts/${disabled.id}`, {
      data: { type: 'service-accounts', id: disabled.id, attributes: { enabled: false } },
    });
    const after = await figures();
    const b = before.attributes;
    expect(after.attributes).toEqual({
      service_accounts: {
        total: b.service_accounts.total + 2,
        enabled: b.service_accounts.enabled + 1,
        disabled: b.service_accounts.disabled + 1,
      },
      // Made 4 (two with the accounts, two more), revoked 1 (gone), disabled 1.
      keys: { total: b.keys.total + 3, enabled: b.keys.enabled + 2 },
    });
    const listed = await api().get('/service-accounts?limit=1');
    expect(after.attributes.service_accounts.total).toBe(listed.body.meta.pagination.counts.resources);
    expect(await members()).toEqual({
      type: 'members-stats',
      id: t.admin.organizationId,
      attributes: { members: { users: 0, service_accounts: after.attributes.service_accounts.total } },
    });
    // Another organization's figures are its own.
    const theirs = await v3Client(t, bearer(other.secret), other.organizationId).get('/service-accounts/stats');
    expect(theirs.body.data.attributes).toEqual({
      service_accounts: { total: 1, enabled: 1, disabled: 0 },
      keys: { total: 1, enabled: 1 },
    });
    expectErrors(await v3Client(t, bearer(other.secret)).get('/service-accounts/stats'), 404, 'NOT_FOUND');
  });

  test('when the caller cannot read service accounts, then the members and their figures are 403', async () => {
    const none = v3Client(t, bearer((await accountHolding([])).secret));
    for (const path of ['/members', '/members/stats', '/service-accounts/stats']) expectErrors(await none.get(path), 403, 'FORBIDDEN');
  });
});

describe('…/groups/{groupId}/relationships/members', () => {
  async function newGroup(): Promise<string> {
    const res = await api().post('/groups', { data: { type: 'groups', attributes: { name: `members group ${++n}` } } });
    expect(res.status).toBe(201);
    return res.body.data.id;
  }
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((d) => d.id).sort();

  test('when service accounts are posted, patched and deleted there, then it works as …/relationships/service-accounts', async () => {
    const group = await newGroup();
    const [a, b] = [await newAccount(), await newAccount()];
    const members = `/groups/${group}/relationships/members`;
    const added = await api().post(members, { data: [{ type: 'service-accounts', id: a.id }] });
    expect([added.status, ids(added)]).toEqual([200, [a.id]]);
    expect(added.body.links.self).toMatch(new RegExp(`${members}$`));
    const replaced = await api().patch(members, { data: [{ type: 'service-accounts', id: b.id }] });
    expect(ids(replaced)).toEqual([b.id]);
    expect(ids(await api().get(`/groups/${group}/relationships/service-accounts`))).toEqual([b.id]);
    expect(ids(await api().get(members))).toEqual([b.id]);
    const removed = await jsonApi(
      t.http
        .delete(`${api().base}${members}`)
        .set(t.adminBearer)
        .set('Content-Type', JSONAPI)
        .send(JSON.stringify({ data: [{ type: 'service-accounts', id: b.id }] })),
    );
    expect([removed.status, ids(removed)]).toEqual([200, []]);
    await api().post(members, { data: [{ type: 'service-accounts', id: a.id }] });
    const emptied = await api().patch(members, { data: [] });
    expect(ids(emptied)).toEqual([]);
  });

  test('when users are named (as the SDK types every member), then 422 names each one and nothing changes', async () => {
    const group = await newGroup();
    const a = await newAccount();
    const members = `/groups/${group}/relationships/members`;
    await api().post(members, { data: [{ type: 'service-accounts', id: a.id }] });
    const userId = '0198f0a0-0000-7000-8000-0000000000aa';
    const res = await changesNothing(t, () =>
      api().patch(members, {
        data: [
          { type: 'users', id: userId },
          { type: 'service-accounts', id: a.id },
          { type: 'users', id: a.id },
        ],
      }),
    );
    const errors = expectErrors(res, 422, 'UNPROCESSABLE');
    expect(errors.map((e) => e.source?.pointer)).toEqual(['/data/0/type', '/data/2/type']);
    expect(errors[0].detail).toContain(userId);
    expect(errors[0].detail).toContain('iamgate has no users');
    expect(errors[1].detail).toContain(a.id);
    expect(ids(await api().get(members))).toEqual([a.id]);
    // A type that is neither is the 409 JSON:API asks for, even beside users.
    const foreign = await changesNothing(t, () =>
      api().post(members, {
        data: [
          { type: 'users', id: userId },
          { type: 'roles', id: a.id },
        ],
      }),
    );
    expect(expectErrors(foreign, 409, 'CONFLICT').map((e) => e.source?.pointer)).toEqual(['/data/1/type']);
  });
});

test('when a Member with no permission at all asks who it is, then it gets its identity, not 403', async () => {
  const none = await accountHolding([]);
  const me = await get('/v3/iam/whoami', bearer(none.secret));
  expect(me.status).toBe(200);
  expect(me.body.data).toMatchObject({ id: none.id, meta: { organisation_id: t.admin.organizationId, role: 'Member', scopes: [] } });
});

test('when a DELETE succeeds, then it is 200 with a meta-only document naming what is gone, for every v3 resource', async () => {
  const { id, keyId } = await newAccount();
  const role = await api().post('/roles', { data: { type: 'roles', attributes: { name: `doomed role ${++n}`, permissions: ['x:read'] } } });
  const group = await api().post('/groups', { data: { type: 'groups', attributes: { name: `doomed group ${++n}` } } });
  const deletes: [string, string, string][] = [
    [`/service-accounts/${id}/keys/${keyId}`, 'service-account-keys', keyId],
    [`/groups/${group.body.data.id}`, 'groups', group.body.data.id],
    [`/roles/${role.body.data.id}`, 'roles', role.body.data.id],
    [`/service-accounts/${id}`, 'service-accounts', id],
  ];
  for (const [path, type, deleted] of deletes) {
    const res = await api().delete(path);
    expect([path, res.status, res.headers['content-type']]).toEqual([path, 200, JSONAPI]);
    expect(res.body).toEqual({
      meta: { deleted: { type, id: deleted }, request_id: res.headers['x-request-id'] },
      jsonapi: { version: '1.1' },
    });
  }
});
