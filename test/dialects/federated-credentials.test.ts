// Issue 31: federated credentials managed through v2 (camelCase), v3 (`federated-credentials`,
// snake_case, linked from the account) and listed read-only by v1. Bad input is a 400 naming the
// field in each dialect's shape and changes nothing; creating one needs what making a key for the
// account needs; every change is audited.
import { generateKeyPairSync } from 'node:crypto';
import { JSONAPI } from '../support/jsonapi';
import { signingKey, type SigningKey } from '../support/oidc-issuer';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer({ federationHttpIssuers: ['http://issuer.test'] });
const GITHUB = 'https://token.actions.githubusercontent.com';
let accountId: string;
let rsa: SigningKey;
let accounts = 0;

const v2 = (path: string) => `/api/v2/service-accounts/${accountId}/federated-credentials${path}`;
const v3 = (path: string) => `/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${accountId}/federated-credentials${path}`;
const v3Send = (method: 'post' | 'patch' | 'delete', url: string, body?: object) => {
  const req = t.http[method](url).set(t.adminBearer).set('Content-Type', JSONAPI);
  return body ? req.send(JSON.stringify(body)) : req;
};
const rule = (extra: object = {}) => ({
  name: 'deploy',
  issuer: GITHUB,
  subject: 'repo:acme/app:ref:refs/heads/main',
  audiences: ['iamgate'],
  claims: { repository: 'acme/app' },
  ...extra,
});
const stored = async () => Number((await t.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM federated_credentials'))[0].n);

async function newAccount(body: object = {}): Promise<{ id: string; clientSecret: string }> {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: `account ${++accounts}`, ...body });
  expect(res.status).toBe(201);
  return res.body.data;
}

beforeAll(async () => {
  accountId = (await newAccount({ scopes: ['service-accounts:read'] })).id;
  rsa = await signingKey('RS256');
});

describe('v2', () => {
  test('when a rule is made, read, replaced and deleted, then each answer shows it in camelCase, with ETags', async () => {
    const created = await t.http
      .post(v2(''))
      .set(t.adminBearer)
      .send(rule({ jwks: { keys: [rsa.publicJwk] } }));
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const id = created.body.data.id as string;
    expect(created.body.data).toEqual({
      id,
      serviceAccountId: accountId,
      name: 'deploy',
      issuer: GITHUB,
      subject: 'repo:acme/app:ref:refs/heads/main',
      audiences: ['iamgate'],
      claims: { repository: 'acme/app' },
      jwks: { keys: [rsa.publicJwk] },
      allowTokenReuse: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.http.get(v2('')).set(t.adminBearer)).body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    const replaced = await t.http
      .put(v2(`/${id}`))
      .set(t.adminBearer)
      .set('If-Match', '"1"')
      .send(rule({ subject: 'repo:acme/app:*', allowTokenReuse: true }));
    expect([replaced.status, replaced.headers.etag, replaced.body.data.jwks, replaced.body.data.allowTokenReuse]).toEqual([
      200,
      '"2"',
      null,
      true,
    ]);
    const stale = await t.http
      .put(v2(`/${id}`))
      .set(t.adminBearer)
      .set('If-Match', '"1"')
      .send(rule());
    expect(stale.status).toBe(412);
    expect((await t.http.get(v2(`/${id}`)).set(t.adminBearer)).body.data.subject).toBe('repo:acme/app:*');
    expect((await t.http.delete(v2(`/${id}`)).set(t.adminBearer)).status).toBe(204);
    expect((await t.http.get(v2(`/${id}`)).set(t.adminBearer)).status).toBe(404);

    const events = await t.http.get(`/api/v2/service-accounts/${accountId}/audit-events?limit=100`).set(t.adminBearer);
    const mine = events.body.data.filter((e: { targetId: string }) => e.targetId === id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'federated-credential.create',
      'federated-credential.update',
      'federated-credential.delete',
    ]);
    expect(mine[1].values).toEqual(
      expect.arrayContaining([
        { field: 'subject', before: 'repo:acme/app:ref:refs/heads/main', after: 'repo:acme/app:*' },
        { field: 'jwks', before: [rsa.kid], after: 'discovered' },
        { field: 'reuse', before: 'once per jti', after: 'allowed' },
      ]),
    );
  });

  const bad: [string, () => object, string][] = [
    ['an http issuer not listed', () => ({ issuer: 'http://token.example' }), 'issuer'],
    ['an issuer that is no URL', () => ({ issuer: 'token.example' }), 'issuer'],
    ['an issuer with a query', () => ({ issuer: 'https://token.example/?tenant=1' }), 'issuer'],
    ['a bare * subject', () => ({ subject: '*' }), 'subject'],
    ['a * inside the subject', () => ({ subject: 'repo:*:main' }), 'subject'],
    ['no audience', () => ({ audiences: [] }), 'audiences'],
    ['a registered claim', () => ({ claims: { sub: 'x' } }), 'claims.sub'],
    ['a claim name that is no name', () => ({ claims: { 'a b': 'x' } }), 'claims'],
    ['a private key', () => ({ jwks: { keys: [{ ...rsa.publicJwk, d: 'AQAB' }] } }), 'jwks.keys[0]'],
    ['an HMAC key', () => ({ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }), 'jwks.keys[0].kty'],
    ['a key on another curve', () => ({ jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }] } }), 'jwks.keys[0]'],
    ['a key that does not import', () => ({ jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'not-a-key' }] } }), 'jwks.keys[0]'],
    ['an empty key set', () => ({ jwks: { keys: [] } }), 'jwks.keys'],
  ];
  test.each(bad)('when the rule has %s, then 400 naming the field, and nothing is stored', async (_what, change, field) => {
    const before = await stored();
    const res = await t.http.post(v2('')).set(t.adminBearer).send(rule(change()));
    expect([res.status, res.body.code, Object.keys(res.body.errors)]).toEqual([400, 'VALIDATION_ERROR', [field]]);
    expect(await stored()).toBe(before);
  });

  test('when an RSA key is shorter than 2048 bits, then 400 naming it', async () => {
    // jose will not make one: node:crypto will.
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const res = await t.http
      .post(v2(''))
      .set(t.adminBearer)
      .send(rule({ jwks: { keys: [publicKey.export({ format: 'jwk' })] } }));
    expect([res.status, res.body.errors['jwks.keys[0]']]).toEqual([400, ['must be an RSA key of 2048 bits or more']]);
  });

  test('when an http issuer is listed in FEDERATION_HTTP_ISSUERS, then it is accepted', async () => {
    const res = await t.http
      .post(v2(''))
      .set(t.adminBearer)
      .send(rule({ name: 'lab', issuer: 'http://issuer.test' }));
    expect(res.status).toBe(201);
    await t.http
      .delete(v2(`/${res.body.data.id}`))
      .set(t.adminBearer)
      .expect(204);
  });

  test('when an account holds 20 rules, then the 21st is 409; a name taken on the account is 409 too', async () => {
    const full = (await newAccount()).id;
    const url = `/api/v2/service-accounts/${full}/federated-credentials`;
    for (let i = 1; i <= 20; i++)
      expect(
        (
          await t.http
            .post(url)
            .set(t.adminBearer)
            .send(rule({ name: `rule ${i}` }))
        ).status,
      ).toBe(201);
    const extra = await t.http
      .post(url)
      .set(t.adminBearer)
      .send(rule({ name: 'rule 21' }));
    expect([extra.status, extra.body.code]).toEqual([409, 'CONFLICT']);
    const other = (await newAccount()).id;
    const path = `/api/v2/service-accounts/${other}/federated-credentials`;
    expect((await t.http.post(path).set(t.adminBearer).send(rule())).status).toBe(201);
    const taken = await t.http
      .post(path)
      .set(t.adminBearer)
      .send(rule({ name: 'DEPLOY' }));
    expect([taken.status, taken.body.target]).toEqual([409, 'name']);
  });

  test('when the caller could not make a key for the account, then 403 and nothing is stored', async () => {
    const reader = await newAccount({ scopes: ['service-accounts:read'] });
    const writer = await newAccount({ scopes: ['service-accounts:read', 'service-accounts:write'] });
    const before = await stored();
    expect((await t.http.post(v2('')).set(bearer(reader.clientSecret)).send(rule())).status).toBe(403);
    // A Member cannot mint the Admin's power: no rule on the Admin's account.
    const admins = `/api/v2/service-accounts/${t.admin.serviceAccountId}/federated-credentials`;
    expect((await t.http.post(admins).set(bearer(writer.clientSecret)).send(rule())).status).toBe(403);
    expect(await stored()).toBe(before);
  });

  test("when another organization's caller asks, then 404", async () => {
    const other = await t.newOrg('Elsewhere');
    expect((await t.http.get(v2('')).set(bearer(other.secret))).status).toBe(404);
    expect((await t.http.post(v2('')).set(bearer(other.secret)).send(rule())).status).toBe(404);
  });
});

describe('v3', () => {
  let id: string;

  test('when a rule is made as a JSON:API document, then it answers 201 with Location, and the account links to it', async () => {
    const res = await v3Send('post', v3(''), {
      data: {
        type: 'federated-credentials',
        attributes: {
          name: 'ci',
          issuer: 'https://kubernetes.default.svc',
          subject: 'system:serviceaccount:ci:deployer',
          audiences: ['iamgate'],
          claims: { 'kubernetes.io.namespace': 'ci' },
          jwks: { keys: [rsa.publicJwk] },
          allow_token_reuse: true,
        },
        relationships: { 'service-account': { data: { type: 'service-accounts', id: accountId } } },
      },
    });
    expect(res.status).toBe(201);
    id = res.body.data.id;
    expect(res.headers.location).toBe(res.body.data.links.self);
    expect(res.body.data).toMatchObject({
      type: 'federated-credentials',
      attributes: { name: 'ci', allow_token_reuse: true, claims: { 'kubernetes.io.namespace': 'ci' } },
      relationships: { 'service-account': { data: { type: 'service-accounts', id: accountId } } },
    });
    const account = await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${accountId}`).set(t.adminBearer);
    expect(account.body.data.relationships['federated-credentials'].data).toEqual([{ type: 'federated-credentials', id }]);
    // A fetched account sent back whole repeats the relationship: accepted.
    const { data } = account.body;
    const patched = await v3Send('patch', `/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${accountId}`, {
      data: { type: data.type, id: data.id, attributes: { ...data.attributes, description: 'keyless' }, relationships: data.relationships },
    });
    expect(patched.status).toBe(200);
  });

  test('when it is changed, listed with a sparse fieldset and deleted, then JSON:API answers each', async () => {
    const changed = await v3Send('patch', v3(`/${id}`), { data: { type: 'federated-credentials', id, attributes: { jwks: null } } });
    expect([changed.status, changed.body.data.attributes.jwks, changed.body.data.attributes.allow_token_reuse]).toEqual([200, null, true]);
    const listed = await t.http.get(v3('?fields[federated-credentials]=name')).set(t.adminBearer);
    expect(listed.body.data.map((r: { attributes: object }) => r.attributes)).toEqual([{ name: 'ci' }]);
    const gone = await v3Send('delete', v3(`/${id}`));
    expect([gone.status, gone.body.meta.deleted]).toEqual([200, { type: 'federated-credentials', id }]);
  });

  test('when attributes are wrong, then each error points at the attribute the client sent', async () => {
    const res = await v3Send('post', v3(''), {
      data: {
        type: 'federated-credentials',
        attributes: {
          name: 'bad',
          issuer: 'http://token.example',
          subject: 'x',
          audiences: ['iamgate'],
          claims: { sub: 'x' },
          jwks: { keys: [{ ...rsa.publicJwk, d: 'AQAB' }] },
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { source: { pointer: string } }) => e.source.pointer).sort()).toEqual([
      '/data/attributes/claims/sub',
      '/data/attributes/issuer',
      '/data/attributes/jwks/keys/0',
    ]);
    const wrongType = await v3Send('post', v3(''), { data: { type: 'service-account-keys', attributes: rule() } });
    expect(wrongType.status).toBe(409);
    const snake = await v3Send('post', v3(''), {
      data: { type: 'federated-credentials', attributes: { ...rule(), allowTokenReuse: true } },
    });
    expect([snake.status, snake.body.errors[0].source.pointer]).toEqual([400, '/data/attributes/allowTokenReuse']);
  });
});

describe('v1', () => {
  test('when an account is read, then its rules are listed (read-only: no way to write them)', async () => {
    const made = await t.http
      .post(v2(''))
      .set(t.adminBearer)
      .send(rule({ name: 'listed' }));
    const res = await t.http.get(`/v1/service-accounts/${accountId}/federated-credentials`).set(t.adminBearer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 200,
      message: 'success',
      data: [{ id: made.body.data.id, name: 'listed', allowTokenReuse: false }],
    });
    expect((await t.http.post(`/v1/service-accounts/${accountId}/federated-credentials`).set(t.adminBearer).send(rule())).status).toBe(405);
  });
});
