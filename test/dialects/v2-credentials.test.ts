// v2 credentials (create, list, revoke) and workspaces.
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;
let account: { id: string; clientId: string; clientSecret: string };
beforeAll(async () => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'Rotating', organizationalRole: 'UserAdmin', scopes: ['service-accounts:read', 'service-accounts:write'] });
  account = res.body.data;
});

const credentials = (id = account.id) => `/api/v2/service-accounts/${id}/credentials`;

describe('POST /api/v2/service-accounts/{id}/credentials', () => {
  test('when a second credential is made, then 201 returns it with its secret once, and both work (rotation)', async () => {
    const res = await t.http
      .post(credentials())
      .set(auth)
      .send({ scopes: ['service-accounts:read'], expirationDate: '2031-01-01T00:00:00Z' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data)).toEqual([
      'clientId',
      'clientSecret',
      'id',
      'clientSecretPrefix',
      'status',
      'expirationDate',
      'lastUsedAt',
      'createdAt',
      'scopes',
      'revokedReason',
    ]);
    expect(res.body.data).toMatchObject({
      clientId: account.clientId,
      status: 'Active',
      expirationDate: '2031-01-01T00:00:00.000Z',
      scopes: ['service-accounts:read'],
      lastUsedAt: null,
    });
    const second = res.body.data.clientSecret as string;
    expect(second).not.toBe(account.clientSecret);
    expect((await t.http.get(credentials()).set(bearer(second))).status).toBe(200);
    expect((await t.http.get(credentials()).set(basic(account.clientId, account.clientSecret))).status).toBe(200);

    const list = await t.http.get(credentials()).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.pagination).toEqual({ continuationToken: null, hasMore: false });
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(res.body.data.id);
    expect(JSON.stringify(list.body)).not.toContain(second);
    const view = await t.http.get(`/api/v2/service-accounts/${account.id}`).set(auth);
    expect(view.body.data.clientSecretPrefix).toBe(second.slice(0, 12));
    expect(view.body.data.credentialExpirationDate).toBe('2031-01-01T00:00:00.000Z');
  });

  test('when no body is sent, then the credential gets every permission of the account', async () => {
    const res = await t.http.post(credentials()).set(auth);
    expect(res.status).toBe(201);
    expect(res.body.data.scopes).toEqual(['service-accounts:read', 'service-accounts:write']);
  });

  test.each([
    [{ scopes: ['billing:read'] }, 'scopes'],
    [{ scopes: ['NOPE'] }, 'scopes[0]'],
    [{ expirationDate: '1999-01-01T00:00:00Z' }, 'expirationDate'],
    [{ clientSecret: 'mine' }, 'clientSecret'],
    [{ status: 'Active' }, 'status'],
  ])('when the body is %j, then 400 names %s and no credential is made', async (body, field) => {
    const before = await t.query('SELECT COUNT(*) AS n FROM keys');
    const res = await t.http.post(credentials()).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(await t.query('SELECT COUNT(*) AS n FROM keys')).toEqual(before);
  });

  test('when the account does not exist, then 404', async () => {
    const res = await t.http.post(credentials('0198f0a0-0000-7000-8000-000000000000')).set(auth).send({});
    expect(res.status).toBe(404);
  });

  test('when a credential has expired, then it is listed as Expired and refused', async () => {
    const res = await t.http
      .post(credentials())
      .set(auth)
      .send({ expirationDate: new Date(t.clock.now().getTime() + 1500).toISOString() });
    expect(res.status).toBe(201);
    t.clock.advance(1600);
    const refused = await t.http.get(credentials()).set(bearer(res.body.data.clientSecret));
    expect(refused.status).toBe(401);
    const list = await t.http.get(credentials()).set(auth);
    expect(list.body.data.find((c: { id: string }) => c.id === res.body.data.id).status).toBe('Expired');
  });
});

describe('POST /api/v2/service-accounts/{id}/credentials/{credentialId}/revoke', () => {
  test('when revoked, then 200 shows Revoked and its very next use is refused while the others work', async () => {
    const made = await t.http.post(credentials()).set(auth).send({});
    const secret = made.body.data.clientSecret;
    expect((await t.http.get(credentials()).set(bearer(secret))).status).toBe(200);
    const res = await t.http.post(`${credentials()}/${made.body.data.id}/revoke`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: made.body.data.id, status: 'Revoked' });
    expect(res.body.data.clientSecret).toBeUndefined();
    const refused = await t.http.get(credentials()).set(bearer(secret));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBeDefined();
    expect((await t.http.get(credentials()).set(bearer(account.clientSecret))).status).toBe(200);
    // Revoking again is harmless.
    expect((await t.http.post(`${credentials()}/${made.body.data.id}/revoke`).set(auth)).body.data.status).toBe('Revoked');
  });

  test('when the credential belongs to another account or does not exist, then 404', async () => {
    const other = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Other holder' });
    const otherKey = other.body.data.credentials[0].id;
    expect((await t.http.post(`${credentials()}/${otherKey}/revoke`).set(auth)).status).toBe(404);
    expect((await t.http.post(`${credentials()}/nope/revoke`).set(auth)).status).toBe(404);
    const still = await t.http.get(`/api/v2/service-accounts/${other.body.data.id}/credentials`).set(auth);
    expect(still.body.data[0].status).toBe('Active');
  });
});

describe('/api/v2/workspaces', () => {
  test('when a workspace is made, then 201 {id, name} and it is listed', async () => {
    const res = await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Blue team' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data)).toEqual(['id', 'name']);
    const list = await t.http.get('/api/v2/workspaces').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual({ id: res.body.data.id, name: 'Blue team' });
  });

  test('when the name is taken, missing or has extra fields, then 409 / 400', async () => {
    await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Red team' });
    expect((await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'RED TEAM' })).status).toBe(409);
    expect((await t.http.post('/api/v2/workspaces').set(auth).send({})).status).toBe(400);
    expect((await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'x', id: 'y' })).status).toBe(400);
  });
});
