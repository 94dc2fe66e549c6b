// Issue 15: a JSON:API client alone takes a new service account from nothing to holding
// `billing:read` through a role bound in a group, and back, each step effective on the very next
// request; nobody grants through roles or groups what it cannot use itself; other organizations
// see nothing (404).
import { JSONAPI, jsonApi } from '../support/jsonapi';
import { changesNothing } from '../support/stored-state';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const v3 = (path: string) => `/v3/orgs/${t.admin.organizationId}/iam${path}`;
const send = (method: 'post' | 'patch' | 'delete', path: string, auth: Record<string, string>, body?: object) => {
  const request = t.http[method](path).set(auth).set('Content-Type', JSONAPI);
  return jsonApi(body === undefined ? request : request.send(JSON.stringify(body)));
};
const get = (path: string, auth: Record<string, string>) => jsonApi(t.http.get(path).set(auth));
let n = 0;

async function newAccount(auth = t.adminBearer): Promise<{ id: string; secret: string }> {
  const res = await send('post', v3('/service-accounts'), auth, {
    data: { type: 'service-accounts', attributes: { name: `acct ${++n}` } },
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, secret: res.body.included[0].attributes.client_secret };
}

async function newRole(permissions: string[], auth = t.adminBearer): Promise<string> {
  const res = await send('post', v3('/roles'), auth, { data: { type: 'roles', attributes: { name: `role ${++n}`, permissions } } });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

async function newGroup(roleIds: string[], auth = t.adminBearer): Promise<string> {
  const res = await send('post', v3('/groups'), auth, {
    data: { type: 'groups', attributes: { name: `group ${++n}`, bindings: roleIds.map((role) => ({ role })) } },
  });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

const members = (groupId: string) => v3(`/groups/${groupId}/relationships/service-accounts`);
const identifiers = (...ids: string[]) => ({ data: ids.map((id) => ({ type: 'service-accounts', id })) });
const verify = (secret: string, scope: string) => t.http.get(`/auth/verify?scope=${encodeURIComponent(scope)}`).set(bearer(secret));

describe('a v3-only flow', () => {
  test('from nothing to billing:read and back, each step effective on the next request', async () => {
    const account = await newAccount();
    expect((await verify(account.secret, 'billing:read')).status).toBe(403);

    const roleId = await newRole(['billing:read']);
    const groupId = await newGroup([roleId]);
    const added = await send('post', members(groupId), t.adminBearer, identifiers(account.id));
    expect(added.status).toBe(200);
    expect(added.body.data).toEqual([{ type: 'service-accounts', id: account.id }]);

    const allowed = await verify(account.secret, 'billing:read');
    expect(allowed.status).toBe(200);
    expect(allowed.headers['x-auth-scopes']).toBe('billing:read');
    const shown = await get(v3(`/service-accounts/${account.id}?include=groups`), t.adminBearer);
    expect(shown.body.data.relationships.groups.data).toEqual([{ type: 'groups', id: groupId }]);
    expect(shown.body.data.meta.effective_permissions).toEqual(['billing:read']);
    expect(shown.body.included.map((r: { type: string; id: string }) => `${r.type}/${r.id}`)).toEqual([`groups/${groupId}`]);
    const token = await t.http
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: await clientIdOf(account.id), client_secret: account.secret });
    expect(token.body.scope).toBe('billing:read');

    const removed = await send('delete', members(groupId), t.adminBearer, identifiers(account.id));
    expect(removed.body.data).toEqual([]);
    expect((await verify(account.secret, 'billing:read')).status).toBe(403);
    // The token issued while it held billing:read can no longer use it either.
    expect((await t.http.get('/auth/verify?scope=billing:read').set(bearer(token.body.access_token))).status).toBe(403);
  });

  test('a change to the role itself reaches every member at once', async () => {
    const account = await newAccount();
    const roleId = await newRole(['billing:read']);
    const groupId = await newGroup([roleId]);
    await send('post', members(groupId), t.adminBearer, identifiers(account.id));
    const changed = await send('patch', v3(`/roles/${roleId}`), t.adminBearer, {
      data: { type: 'roles', id: roleId, attributes: { permissions: ['billing:write'] } },
    });
    expect(changed.status).toBe(200);
    expect((await verify(account.secret, 'billing:read')).status).toBe(403);
    expect((await verify(account.secret, 'billing:write')).status).toBe(200);
    const unbound = await send('patch', v3(`/groups/${groupId}`), t.adminBearer, {
      data: { type: 'groups', id: groupId, attributes: { bindings: [] } },
    });
    expect(unbound.status).toBe(200);
    expect((await verify(account.secret, 'billing:write')).status).toBe(403);
  });

  test('a built-in role grants what it says: the viewer reads service accounts', async () => {
    const account = await newAccount();
    const roles = await get('/v3/iam/roles', bearer(t.admin.secret));
    const viewer = roles.body.data.find((r: { attributes: { name: string } }) => r.attributes.name === 'service-accounts-viewer');
    expect(viewer.attributes).toMatchObject({ custom: false, launch_stage: 'GA', permissions: ['service-accounts:read'] });
    expect((await get(v3('/service-accounts'), bearer(account.secret))).status).toBe(403);
    const groupId = await newGroup([viewer.id]);
    await send('post', members(groupId), t.adminBearer, identifiers(account.id));
    expect((await get(v3('/service-accounts'), bearer(account.secret))).status).toBe(200);
  });

  test('a bound role cannot be deleted (409); once unbound it can', async () => {
    const roleId = await newRole(['billing:read']);
    const groupId = await newGroup([roleId]);
    const refused = await changesNothing(t, () => send('delete', v3(`/roles/${roleId}`), t.adminBearer));
    expect(refused.status).toBe(409);
    // Issue 26: a v3 DELETE answers 200 naming what is gone (was 204).
    expect((await send('delete', v3(`/groups/${groupId}`), t.adminBearer)).body.meta.deleted).toEqual({ type: 'groups', id: groupId });
    const deleted = await send('delete', v3(`/roles/${roleId}`), t.adminBearer);
    expect([deleted.status, deleted.body.meta.deleted]).toEqual([200, { type: 'roles', id: roleId }]);
  });

  test('a binding condition is refused naming it; an unknown role is refused naming the binding', async () => {
    const condition = await changesNothing(t, () =>
      send('post', v3('/groups'), t.adminBearer, {
        data: {
          type: 'groups',
          attributes: { name: 'conditional', bindings: [{ role: '00000000-0000-7000-8000-00000000a001', condition: 'x' }] },
        },
      }),
    );
    expect(condition.status).toBe(400);
    expect(condition.body.errors[0].source.pointer).toBe('/data/attributes/bindings/0/condition');
    const unknown = await changesNothing(t, () =>
      send('post', v3('/groups'), t.adminBearer, {
        data: { type: 'groups', attributes: { name: 'unknown', bindings: [{ role: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a70' }] } },
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].source.pointer).toBe('/data/attributes/bindings/0/role');
  });
});

describe('the other dialects show the effect', () => {
  test("v2 credential scopes follow the effective permissions; v1/v2 edits change only the account's own; the audit trail has every step", async () => {
    const account = await newAccount();
    const groupId = await newGroup([await newRole(['billing:read'])]);
    await send('post', members(groupId), t.adminBearer, identifiers(account.id));
    const credentials = await t.http.get(`/api/v2/service-accounts/${account.id}/credentials`).set(t.adminBearer);
    expect(credentials.body.data[0].scopes).toEqual(['billing:read']);
    const edited = await t.http
      .patch(`/v1/service-accounts/${account.id}`)
      .set(t.adminBearer)
      .send({ permissions: ['org:read'] });
    expect(edited.body.data.permissions).toEqual(['org:read']);
    expect((await verify(account.secret, 'billing:read')).status).toBe(200);
    expect((await verify(account.secret, 'org:read')).status).toBe(200);
    const audit = await t.http.get(`/api/v2/service-accounts/${account.id}/audit-events`).set(t.adminBearer);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'service-account.create',
      'key.create',
      'group.member.add',
      'service-account.update',
    ]);
  });
});

describe('no escalation through roles or groups', () => {
  let writer: { id: string; secret: string };
  beforeAll(async () => {
    // A Member that may manage service accounts, and holds nothing else.
    const res = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: 'group writer', scopes: ['service-accounts:read', 'service-accounts:write'] });
    writer = { id: res.body.data.id, secret: res.body.data.clientSecret };
  });

  test('it cannot create a role, or give one permissions, it does not hold', async () => {
    await changesNothing(t, async () => {
      const made = await send('post', v3('/roles'), bearer(writer.secret), {
        data: { type: 'roles', attributes: { name: 'escalate', permissions: ['billing:admin'] } },
      });
      expect(made.status).toBe(403);
    });
    const own = await newRole(['service-accounts:read'], bearer(writer.secret));
    await changesNothing(t, async () => {
      const raised = await send('patch', v3(`/roles/${own}`), bearer(writer.secret), {
        data: { type: 'roles', id: own, attributes: { permissions: ['billing:admin'] } },
      });
      expect(raised.status).toBe(403);
    });
  });

  test('it cannot bind a role it does not hold, nor add an account to a group granting it', async () => {
    const billing = await newRole(['billing:admin']);
    const adminGroup = await newGroup([billing]);
    const target = await newAccount();
    await changesNothing(t, async () => {
      expect(
        (
          await send('post', v3('/groups'), bearer(writer.secret), {
            data: { type: 'groups', attributes: { name: 'mine', bindings: [{ role: billing }] } },
          })
        ).status,
      ).toBe(403);
      expect((await send('post', members(adminGroup), bearer(writer.secret), identifiers(target.id))).status).toBe(403);
      expect((await send('post', members(adminGroup), bearer(writer.secret), identifiers(writer.id))).status).toBe(403);
    });
  });

  test('it cannot add an account it may not manage (an Admin) to a group, even a harmless one', async () => {
    const harmless = await newGroup([await newRole(['service-accounts:read'])]);
    const refused = await changesNothing(t, () =>
      send('post', members(harmless), bearer(writer.secret), identifiers(t.admin.serviceAccountId)),
    );
    expect(refused.status).toBe(403);
  });

  test('it cannot rename, re-describe or delete a role granting what it does not hold (issue 25)', async () => {
    const billing = await newRole(['billing:admin']);
    const auth = bearer(writer.secret);
    await changesNothing(t, async () => {
      for (const attributes of [{ name: 'read-only-viewer' }, { description: 'Harmless' }, { permissions: ['billing:admin'] }]) {
        const changed = await send('patch', v3(`/roles/${billing}`), auth, { data: { type: 'roles', id: billing, attributes } });
        expect(changed.status).toBe(403);
      }
      expect((await send('delete', v3(`/roles/${billing}`), auth)).status).toBe(403);
    });
    // A role granting only what it holds stays its to change.
    const own = await newRole(['service-accounts:read']);
    const renamed = await send('patch', v3(`/roles/${own}`), auth, {
      data: { type: 'roles', id: own, attributes: { name: `renamed ${++n}` } },
    });
    expect(renamed.status).toBe(200);
    expect((await send('delete', v3(`/roles/${own}`), auth)).status).toBe(200);
  });

  test('it cannot rename, re-describe, rebind, empty or delete a group granting what it does not hold (issue 25)', async () => {
    const billing = await newRole(['billing:admin']);
    const group = await newGroup([billing]);
    const member = await newAccount();
    await send('post', members(group), t.adminBearer, identifiers(member.id));
    const auth = bearer(writer.secret);
    await changesNothing(t, async () => {
      for (const attributes of [{ name: 'harmless' }, { description: 'Nothing to see' }, { bindings: [] }]) {
        const changed = await send('patch', v3(`/groups/${group}`), auth, { data: { type: 'groups', id: group, attributes } });
        expect(changed.status).toBe(403);
      }
      expect((await send('delete', members(group), auth, identifiers(member.id))).status).toBe(403);
      expect((await send('patch', members(group), auth, identifiers())).status).toBe(403);
      expect((await send('delete', v3(`/groups/${group}`), auth)).status).toBe(403);
    });
    // A group granting only what it holds stays its to change.
    const own = await newGroup([await newRole(['service-accounts:read'])]);
    const plain = await newAccount();
    await send('post', members(own), t.adminBearer, identifiers(plain.id));
    const renamed = await send('patch', v3(`/groups/${own}`), auth, {
      data: { type: 'groups', id: own, attributes: { name: `renamed ${++n}` } },
    });
    expect(renamed.status).toBe(200);
    expect((await send('delete', members(own), auth, identifiers(plain.id))).status).toBe(200);
    expect((await send('delete', v3(`/groups/${own}`), auth)).status).toBe(200);
  });

  test('nobody changes or deletes a built-in role, an Admin neither: 403 (issue 25)', async () => {
    const viewer = '00000000-0000-7000-8000-00000000a001';
    await changesNothing(t, async () => {
      const renamed = await send('patch', v3(`/roles/${viewer}`), t.adminBearer, {
        data: { type: 'roles', id: viewer, attributes: { name: 'everything' } },
      });
      expect(renamed.status).toBe(403);
      expect(renamed.body.errors[0].detail).toMatch(/built-in/i);
      expect((await send('delete', v3(`/roles/${viewer}`), t.adminBearer)).status).toBe(403);
    });
  });

  test('a token narrowed to service-accounts:read cannot change groups at all', async () => {
    const token = await t.http.post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: t.admin.clientId,
      client_secret: t.admin.secret,
      scope: 'service-accounts:read',
    });
    const auth = bearer(token.body.access_token);
    await changesNothing(t, async () => {
      expect((await send('post', v3('/roles'), auth, { data: { type: 'roles', attributes: { name: 'r', permissions: [] } } })).status).toBe(
        403,
      );
      expect((await send('post', v3('/groups'), auth, { data: { type: 'groups', attributes: { name: 'g' } } })).status).toBe(403);
    });
  });
});

describe('another organization', () => {
  test('sees none of the roles, groups or memberships: 404 on every route', async () => {
    const roleId = await newRole(['billing:read']);
    const groupId = await newGroup([roleId]);
    const other = await t.newOrg(`Other ${Date.now()}`);
    const auth = bearer(other.secret);
    const mine = (path: string) => `/v3/orgs/${other.organizationId}/iam${path}`;
    await changesNothing(t, async () => {
      expect((await get(v3('/groups'), auth)).status).toBe(404);
      expect((await get(mine(`/roles/${roleId}`), auth)).status).toBe(404);
      expect((await get(mine(`/groups/${groupId}`), auth)).status).toBe(404);
      expect((await get(`/v3/iam/roles/${roleId}`, auth)).status).toBe(404);
      expect(
        (await send('patch', mine(`/groups/${groupId}`), auth, { data: { type: 'groups', id: groupId, attributes: { name: 'x' } } }))
          .status,
      ).toBe(404);
      expect(
        (await send('post', mine(`/groups/${groupId}/relationships/service-accounts`), auth, identifiers(other.serviceAccountId))).status,
      ).toBe(404);
      expect((await send('delete', mine(`/roles/${roleId}`), auth)).status).toBe(404);
    });
    const theirs = await get('/v3/iam/roles', auth);
    expect(theirs.body.data.map((r: { id: string }) => r.id)).not.toContain(roleId);
  });
});

async function clientIdOf(accountId: string): Promise<string> {
  const res = await get(v3(`/service-accounts/${accountId}/keys`), t.adminBearer);
  return res.body.data[0].attributes.client_id;
}
