// Issue 25: a v1 `read` key stays read-only. A key made without scopes follows its account, and a
// read-only one only with the account's `:read` permissions (followingScopes, src/core/rules.ts),
// when it is made and whenever the account's permissions change — by a v1 edit (v2 and v3 set
// them only at creation) or through a v3 group. What is stored, what every dialect shows and what the key can use are the same scopes, and
// a write with the key is 403 in every dialect.
import { ReadOnlyKeyScopes1733800000000 } from '../../src/store/migrations/1733800000000-read-only-key-scopes';
import { JSONAPI, jsonApi } from '../support/jsonapi';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const v3 = (path: string) => `/v3/orgs/${t.admin.organizationId}/iam${path}`;
const v3Send = (method: 'post' | 'patch', path: string, auth: Record<string, string>, body: object) =>
  jsonApi(t.http[method](v3(path)).set(auth).set('Content-Type', JSONAPI).send(JSON.stringify(body)));
let n = 0;

const READS = ['service-accounts:read', 'org:read'];
const ALL = ['service-accounts:read', 'service-accounts:write', 'org:read', 'billing:write'];

interface Made {
  accountId: string;
  clientId: string;
  readKey: { id: string; secret: string };
  writeKey: { id: string; secret: string };
}

/** A v1 account holding only `org:read`, a v1 `read` key and a `read-write` key for it. */
async function accountWithKeys(): Promise<Made> {
  const made = await t.http
    .post('/v1/service-accounts')
    .set(t.adminBearer)
    .send({ name: `read-only ${++n}`, permissions: ['org:read'] });
  expect(made.status).toBe(200);
  const accountId = made.body.data.id as string;
  let clientId = '';
  const key = async (scope: string) => {
    const res = await t.http.post('/v1/api-keys').set(t.adminBearer).send({ serviceAccountId: accountId, scope, name: scope });
    expect(res.status).toBe(200);
    expect(res.body.data.scope).toBe(scope);
    clientId = res.body.data.clientId;
    return { id: res.body.data.id as string, secret: res.body.data.key as string };
  };
  return { accountId, readKey: await key('read'), writeKey: await key('read-write'), clientId };
}

const storedScopes = async (keyId: string) =>
  JSON.parse((await t.query<{ scopes: string }>(`SELECT scopes FROM keys WHERE id = '${keyId}'`))[0].scopes) as string[];

/** What each dialect shows of the key's scopes, and what it can use, must all be `expected`. */
async function expectEverywhere(m: Made, key: { id: string; secret: string }, expected: string[], readOnly: boolean): Promise<void> {
  expect(await storedScopes(key.id)).toEqual(expected);

  const v1 = await t.http.get(`/v1/api-keys?serviceAccountId=${m.accountId}`).set(t.adminBearer);
  expect(v1.body.data.items.find((k: { id: string }) => k.id === key.id).scope).toBe(readOnly ? 'read' : 'read-write');
  const v1Whoami = await t.http.get('/v1/whoami').set(bearer(key.secret));
  expect(v1Whoami.body.data).toMatchObject({ keyId: key.id, permissions: expected, scope: readOnly ? 'read' : 'read-write' });

  const v2 = await t.http.get(`/api/v2/service-accounts/${m.accountId}/credentials`).set(t.adminBearer);
  expect(v2.status).toBe(200);
  expect(v2.body.data.find((c: { id: string }) => c.id === key.id).scopes).toEqual(expected);

  const v3Key = await jsonApi(t.http.get(v3(`/service-accounts/${m.accountId}/keys/${key.id}`)).set(t.adminBearer));
  expect(v3Key.status).toBe(200);
  expect(v3Key.body.data.id).toBe(key.id);
  const v3Whoami = await jsonApi(t.http.get('/v3/iam/whoami').set(bearer(key.secret)));
  expect(v3Whoami.body.data.meta.scopes).toEqual(expected);

  const verified = await t.http.get('/auth/verify').set(bearer(key.secret));
  expect(verified.status).toBe(200);
  expect(verified.headers['x-auth-scopes']).toBe(expected.join(' '));
  const token = await t.http
    .post('/oauth2/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: m.clientId, client_secret: key.secret });
  expect(token.status).toBe(200);
  expect(token.body.scope.split(' ')).toEqual(expected);
}

/** A write with the key in every dialect: 403 for a read-only key, and nothing changed. */
async function expectWritesRefused(m: Made, secret: string): Promise<void> {
  const auth = bearer(secret);
  expect((await t.http.get(`/v1/service-accounts/${m.accountId}`).set(auth)).status).toBe(200);
  const refused = [
    await t.http.patch(`/v1/service-accounts/${m.accountId}`).set(auth).send({ description: 'written by a read key' }),
    await t.http
      .post('/v1/service-accounts')
      .set(auth)
      .send({ name: `by a read key ${++n}` }),
    await t.http
      .post('/api/v2/service-accounts')
      .set(auth)
      .send({ name: `by a read key ${++n}` }),
    await t.http.put(`/api/v2/service-accounts/${m.accountId}`).set(auth).send({ description: 'written by a read key' }),
    await v3Send('post', '/service-accounts', auth, { data: { type: 'service-accounts', attributes: { name: `by a read key ${++n}` } } }),
    await t.http.get('/auth/verify?scope=service-accounts:write').set(auth),
  ];
  expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
  const account = await t.http.get(`/v1/service-accounts/${m.accountId}`).set(t.adminBearer);
  expect(account.body.data.description).toBeNull();
}

test('when a v1 PATCH gives the account write permissions, then its v1 read key shows and uses only the :read ones, in every dialect', async () => {
  const m = await accountWithKeys();
  const patched = await t.http.patch(`/v1/service-accounts/${m.accountId}`).set(t.adminBearer).send({ permissions: ALL });
  expect(patched.status).toBe(200);

  await expectEverywhere(m, m.readKey, READS, true);
  await expectWritesRefused(m, m.readKey.secret);
  // The read-write key follows the account with all of it, and may write.
  await expectEverywhere(m, m.writeKey, ALL, false);
  const written = await t.http
    .patch(`/v1/service-accounts/${m.accountId}`)
    .set(bearer(m.writeKey.secret))
    .send({ description: 'by the rw key' });
  expect(written.status).toBe(200);
});

test('when a group grants the account write permissions, then the read key follows with the :read ones only', async () => {
  const m = await accountWithKeys();
  const role = await v3Send('post', '/roles', t.adminBearer, {
    data: { type: 'roles', attributes: { name: `writers ${++n}`, permissions: ['service-accounts:read', 'service-accounts:write'] } },
  });
  expect(role.status).toBe(201);
  const group = await v3Send('post', '/groups', t.adminBearer, {
    data: { type: 'groups', attributes: { name: `group ${++n}`, bindings: [{ role: role.body.data.id }] } },
  });
  expect(group.status).toBe(201);
  const added = await v3Send('post', `/groups/${group.body.data.id}/relationships/service-accounts`, t.adminBearer, {
    data: [{ type: 'service-accounts', id: m.accountId }],
  });
  expect(added.status).toBe(200);

  await expectEverywhere(m, m.readKey, ['org:read', 'service-accounts:read'], true);
  await expectWritesRefused(m, m.readKey.secret);
  await expectEverywhere(m, m.writeKey, ['org:read', 'service-accounts:read', 'service-accounts:write'], false);
});

test('when a read key was stored with write scopes before this release, then the migration leaves it the :read ones', async () => {
  const m = await accountWithKeys();
  await t.http.patch(`/v1/service-accounts/${m.accountId}`).set(t.adminBearer).send({ permissions: ALL });
  // As the store wrote it before the fix.
  await t.query(`UPDATE keys SET scopes = '${JSON.stringify(ALL)}' WHERE id = '${m.readKey.id}'`);
  const runner = t.running.runtime.store.dataSource.createQueryRunner();
  try {
    await new ReadOnlyKeyScopes1733800000000().up(runner);
  } finally {
    await runner.release();
  }
  expect(await storedScopes(m.readKey.id)).toEqual(READS);
  expect(await storedScopes(m.writeKey.id)).toEqual(ALL);
  await expectEverywhere(m, m.readKey, READS, true);
});
