// A credential grants and reports only what it can use (issue 12): explicit key scopes, token
// narrowing and v1 read keys cap it whatever the role; idempotent replays belong to the credential
// that made them; authorization is decided on the rows inside the writing transaction. Every
// refused request changes nothing.
import { changesNothing } from '../support/stored-state';
import { JSONAPI, jsonApi } from '../support/jsonapi';
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

const RW = ['service-accounts:read', 'service-accounts:write'];
let n = 0;
const uniqueName = (what: string) => `${what} ${++n}`;

/** A v2 account (its first credential follows the account) → id, clientId and secret. */
async function v2Account(body: object = {}) {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({ name: uniqueName('acct'), scopes: RW, ...body });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; clientId: string; clientSecret: string; credentials: { id: string }[] };
}

async function v2Credential(accountId: string, body: object, auth = admin) {
  const res = await t.http.post(`/api/v2/service-accounts/${accountId}/credentials`).set(auth).send(body);
  expect(res.status).toBe(201);
  return res.body.data as { id: string; clientSecret: string };
}

async function v1Key(accountId: string, scope: 'read' | 'read-write') {
  const res = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: accountId, scope });
  expect(res.status).toBe(200);
  return res.body.data as { id: string; key: string };
}

async function tokenFor(clientId: string, secret: string, scope?: string) {
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (scope) form.scope = scope;
  return t.http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send(form);
}

describe('a token narrowed to service-accounts:write', () => {
  let narrowed: Record<string, string>;
  beforeAll(async () => {
    const res = await tokenFor(t.admin.clientId, t.admin.secret, 'service-accounts:write');
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('service-accounts:write');
    narrowed = bearer(res.body.access_token);
  });

  test('cannot create an account holding billing:admin in v1 or v2, and nothing is written', async () => {
    await changesNothing(t, async () => {
      const v1 = await t.http
        .post('/v1/service-accounts')
        .set(narrowed)
        .send({ name: uniqueName('b'), permissions: ['billing:admin'] });
      expect(v1.status).toBe(403);
      expect(v1.body.code).toBe(403);
      const v2 = await t.http
        .post('/api/v2/service-accounts')
        .set(narrowed)
        .send({ name: uniqueName('b'), scopes: ['billing:admin'] });
      expect(v2.status).toBe(403);
      expect(v2.body.code).toBe('FORBIDDEN');
    });
  });

  test('cannot create or raise an account to Admin or UserAdmin', async () => {
    const member = await v2Account({ organizationalRole: 'Member', scopes: [] });
    await changesNothing(t, async () => {
      for (const role of ['Admin', 'UserAdmin']) {
        const made = await t.http
          .post('/api/v2/service-accounts')
          .set(narrowed)
          .send({ name: uniqueName('r'), organizationalRole: role });
        expect(made.status).toBe(403);
        const raised = await t.http.put(`/api/v2/service-accounts/${member.id}`).set(narrowed).send({ organizationalRole: role });
        expect(raised.status).toBe(403);
      }
    });
  });

  test('can still create an account with what it can use', async () => {
    const res = await t.http
      .post('/api/v2/service-accounts')
      .set(narrowed)
      .send({ name: uniqueName('ok'), scopes: ['service-accounts:read'] });
    expect(res.status).toBe(201);
  });
});

describe('a v2 credential made with scopes ["service-accounts:read"] on an Admin account', () => {
  let reader: Record<string, string>;
  let target: string;
  beforeAll(async () => {
    const credential = await v2Credential(t.admin.serviceAccountId, { scopes: ['service-accounts:read'] });
    reader = bearer(credential.clientSecret);
    target = (await v2Account({ organizationalRole: 'Member', scopes: [] })).id;
  });

  test('reads', async () => {
    expect((await t.http.get('/api/v2/service-accounts').set(reader)).status).toBe(200);
  });

  test('cannot create accounts, mint keys, change, disable or delete in any dialect; nothing changes', async () => {
    await changesNothing(t, async () => {
      const refused = [
        await t.http
          .post('/api/v2/service-accounts')
          .set(reader)
          .send({ name: uniqueName('x') }),
        await t.http.post(`/api/v2/service-accounts/${target}/credentials`).set(reader).send({}),
        await t.http
          .put(`/api/v2/service-accounts/${target}`)
          .set(reader)
          .send({ name: uniqueName('y') }),
        await t.http.post(`/api/v2/service-accounts/${target}/disable`).set(reader).send(),
        await t.http.delete(`/api/v2/service-accounts/${target}`).set(reader),
        await t.http
          .post('/v1/service-accounts')
          .set(reader)
          .send({ name: uniqueName('x'), permissions: [] }),
        await t.http.post('/v1/api-keys').set(reader).send({ serviceAccountId: target, scope: 'read-write' }),
        await jsonApi(
          t.http
            .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`)
            .set(reader)
            .type(JSONAPI)
            .send({ data: { type: 'service-accounts', attributes: { name: uniqueName('x') } } }),
        ),
      ];
      expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
    });
  });

  test('reports only read, in its token, introspection and forward auth', async () => {
    const verify = await t.http.get('/auth/verify').set(reader);
    expect(verify.status).toBe(200);
    expect(verify.headers['x-auth-scopes']).toBe('service-accounts:read');
    const issued = await tokenFor(t.admin.clientId, reader.Authorization.slice('Bearer '.length));
    expect(issued.status).toBe(200);
    expect(issued.body.scope).toBe('service-accounts:read');
    const introspected = await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: issued.body.access_token });
    expect(introspected.body).toMatchObject({ active: true, scope: 'service-accounts:read' });
    const wider = await tokenFor(t.admin.clientId, reader.Authorization.slice('Bearer '.length), 'service-accounts:write');
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
  });
});

describe("a key made without scopes keeps the role's full power", () => {
  test('a v2 credential with no scopes on an Admin can make an Admin holding billing:admin', async () => {
    const credential = await v2Credential(t.admin.serviceAccountId, {});
    const res = await t.http
      .post('/api/v2/service-accounts')
      .set(bearer(credential.clientSecret))
      .send({ name: uniqueName('full'), organizationalRole: 'Admin', scopes: ['billing:admin'] });
    expect(res.status).toBe(201);
  });
});

describe('a v1 read key of an Admin', () => {
  test('its token says read only, introspection says read only, forward auth says read only', async () => {
    const key = await v1Key(t.admin.serviceAccountId, 'read');
    const issued = await tokenFor(t.admin.clientId, key.key);
    expect(issued.status).toBe(200);
    expect(issued.body.scope).toBe('service-accounts:read');
    const introspected = await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: issued.body.access_token });
    expect(introspected.body.scope).toBe('service-accounts:read');
    const verify = await t.http.get('/auth/verify').set(bearer(issued.body.access_token));
    expect(verify.headers['x-auth-scopes']).toBe('service-accounts:read');
  });
});

describe("introspection of another account's token", () => {
  test('needs service-accounts:read (or the same account); otherwise active:false', async () => {
    const member = await v2Account({ organizationalRole: 'Member', scopes: [] });
    const adminToken = (await tokenFor(t.admin.clientId, t.admin.secret)).body.access_token as string;
    const memberToken = (await tokenFor(member.clientId, member.clientSecret)).body.access_token as string;
    const asMember = await t.http.post('/oauth2/introspect').set(bearer(member.clientSecret)).type('form').send({ token: adminToken });
    expect(asMember.body).toEqual({ active: false });
    const own = await t.http.post('/oauth2/introspect').set(bearer(member.clientSecret)).type('form').send({ token: memberToken });
    expect(own.body.active).toBe(true);
    const asAdmin = await t.http.post('/oauth2/introspect').set(admin).type('form').send({ token: memberToken });
    expect(asAdmin.body).toMatchObject({ active: true, sub: member.id });
  });
});

describe('idempotent replays are bound to the credential', () => {
  test('a v1 read key of the same account does not get the token another key obtained with the same Idempotency-Key', async () => {
    const reader = await v1Key(t.admin.serviceAccountId, 'read');
    const key = `idem-${Date.now()}-${++n}`;
    const first = await t.http
      .post('/oauth2/token')
      .set(basic(t.admin.clientId, t.admin.secret))
      .set('Idempotency-Key', key)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(first.status).toBe(200);
    const second = await t.http
      .post('/oauth2/token')
      .set(basic(t.admin.clientId, reader.key))
      .set('Idempotency-Key', key)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect(second.body.scope).toBe('service-accounts:read');
  });

  test('a v1 read key does not get the clientSecret another key of its account created', async () => {
    const reader = await v1Key(t.admin.serviceAccountId, 'read');
    const key = `idem-${Date.now()}-${++n}`;
    const body = { name: uniqueName('replayed'), scopes: [] };
    const first = await t.http.post('/api/v2/service-accounts').set(admin).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    const second = await changesNothing(t, () =>
      t.http.post('/api/v2/service-accounts').set(bearer(reader.key)).set('Idempotency-Key', key).send(body),
    );
    expect(second.status).toBe(403);
    expect(JSON.stringify(second.body)).not.toContain(first.body.data.clientSecret);
  });

  test('a caller that lost its permission does not get its earlier response replayed', async () => {
    const writer = await v2Account({ organizationalRole: 'Member', scopes: RW });
    const auth = bearer(writer.clientSecret);
    const key = `idem-${Date.now()}-${++n}`;
    const body = { name: uniqueName('made by writer'), scopes: [] };
    const first = await t.http.post('/api/v2/service-accounts').set(auth).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    const replay = await t.http.post('/api/v2/service-accounts').set(auth).set('Idempotency-Key', key).send(body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const demoted = await t.http
      .patch(`/v1/service-accounts/${writer.id}`)
      .set(admin)
      .send({ permissions: ['service-accounts:read'] });
    expect(demoted.status).toBe(200);
    const after = await t.http.post('/api/v2/service-accounts').set(auth).set('Idempotency-Key', key).send(body);
    expect(after.status).toBe(403);
    expect(JSON.stringify(after.body)).not.toContain(first.body.data.clientSecret);
  });
});

describe('authorization is decided on the rows inside the writing transaction', () => {
  test('an account promoted to Admin while bcrypt runs for its new key gets no key from a UserAdmin', async () => {
    const userAdmin = await v2Account({ organizationalRole: 'UserAdmin', scopes: RW });
    const target = await v2Account({ organizationalRole: 'Member', scopes: [] });
    const { deps } = t.running.runtime.core;
    const minter = deps.minter;
    deps.minter = {
      mint: async (keyId) => {
        const minted = await minter.mint(keyId);
        // The promotion lands after the first check and before the key's transaction.
        await t.http.put(`/api/v2/service-accounts/${target.id}`).set(admin).send({ organizationalRole: 'Admin' }).expect(200);
        return minted;
      },
    };
    try {
      const before = await t.query(`SELECT id FROM keys WHERE service_account_id = '${target.id}'`);
      const res = await t.http.post(`/api/v2/service-accounts/${target.id}/credentials`).set(bearer(userAdmin.clientSecret)).send({});
      expect(res.status).toBe(403);
      expect(await t.query(`SELECT id FROM keys WHERE service_account_id = '${target.id}'`)).toEqual(before);
    } finally {
      deps.minter = minter;
    }
  });

  test('a caller demoted while its request waits for bcrypt creates nothing', async () => {
    const writer = await v2Account({ organizationalRole: 'Member', scopes: RW });
    const { deps } = t.running.runtime.core;
    const minter = deps.minter;
    deps.minter = {
      mint: async (keyId) => {
        const minted = await minter.mint(keyId);
        await t.http.patch(`/v1/service-accounts/${writer.id}`).set(admin).send({ permissions: [] }).expect(200);
        return minted;
      },
    };
    try {
      const name = uniqueName('never');
      const res = await t.http.post('/api/v2/service-accounts').set(bearer(writer.clientSecret)).send({ name, scopes: [] });
      expect(res.status).toBe(403);
      expect(await t.query(`SELECT id FROM service_accounts WHERE name = '${name}'`)).toEqual([]);
    } finally {
      deps.minter = minter;
    }
  });
});
