// /openapi/platform.json is made from the platform table (src/http/platform/table.ts), whose rows
// also mount handlers written by hand for the platform's own wire, so here each route is called, its answers and failures alike, and held to the document: the status must be
// listed for the operation, every header the document requires must be there, and the body must
// match the schema (or be absent where the document says there is none).
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { kubernetesClaims, signingKey, signToken } from '../support/oidc-issuer';
import { basic, bearer, startTestServer, useTestServer } from '../support/server';

type Node = Record<string, any>;

const t = useTestServer();
let doc: Node;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const ID = 'platform.json';

beforeAll(async () => {
  doc = (await t.http.get('/openapi/platform.json')).body as Node;
  ajv.addSchema(doc, ID);
});

const pointer = (steps: string[]) =>
  `${ID}#${steps.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('')}`;
const stepsOf = (ref: string) =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
const at = (steps: string[]): Node => steps.reduce((node: Node, step) => node[step], doc);

/** Throws unless the response is one the document describes for `method path`. */
function check(method: string, path: string, res: Response): Response {
  const where = `${method.toUpperCase()} ${path} ${res.status}`;
  const op = doc.paths[path]?.[method] as Node | undefined;
  if (!op) throw new Error(`${where}: not in the document`);
  let steps = ['paths', path, method, 'responses', String(res.status)];
  let declared = op.responses[String(res.status)] as Node | undefined;
  if (!declared) throw new Error(`${where}: a status the document does not list`);
  if (declared.$ref) declared = at((steps = stepsOf(declared.$ref)));
  for (const [name, header] of Object.entries((declared.headers ?? {}) as Record<string, Node>)) {
    const spec = header.$ref ? at(stepsOf(header.$ref)) : header;
    if (spec.required && res.headers[name.toLowerCase()] === undefined) throw new Error(`${where}: no ${name} header`);
  }
  const type = String(res.headers['content-type'] ?? '').split(';')[0];
  if (!declared.content) {
    if (res.text) throw new Error(`${where}: a body, where the document says there is none`);
    return res;
  }
  if (!declared.content[type]) throw new Error(`${where}: ${type}, which the document does not list`);
  const validate = ajv.getSchema(pointer([...steps, 'content', type, 'schema']))!;
  const body = type === 'application/json' ? res.body : res.text;
  if (!validate(body)) throw new Error(`${where}: the body does not match: ${ajv.errorsText(validate.errors)}\n${res.text.slice(0, 500)}`);
  return res;
}

const form = (path: string) => t.http.post(path).type('form');

test('when a token is asked for, by Basic or in the body, then the answers and refusals are the documented ones', async () => {
  const { clientId, secret } = t.admin;
  check('post', '/oauth2/token', await form('/oauth2/token').set(basic(clientId, secret)).send({ grant_type: 'client_credentials' }));
  check(
    'post',
    '/oauth2/token',
    await form('/oauth2/token').send({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: 'service-accounts:read',
    }),
  );
  check(
    'post',
    '/oauth2/token',
    await t.http.post('/oauth2/token').set(basic(clientId, secret)).send({ grant_type: 'client_credentials' }),
  );
  for (const [status, res] of [
    [400, await form('/oauth2/token').set(basic(clientId, secret)).send({ grant_type: 'password' })],
    [400, await form('/oauth2/token').set(basic(clientId, secret)).send({ grant_type: 'client_credentials', scope: 'billing:write' })],
    [401, await form('/oauth2/token').send({ grant_type: 'client_credentials' })],
    [401, await form('/oauth2/token').set(basic(clientId, 'iamg_wrong')).send({ grant_type: 'client_credentials' })],
    [415, await t.http.post('/oauth2/token').set(basic(clientId, secret)).type('text/plain').send('grant_type=client_credentials')],
  ] as const) {
    expect([status, check('post', '/oauth2/token', res).status]).toEqual([status, status]);
  }
  const once = { 'Idempotency-Key': 'platform-document-test' };
  check(
    'post',
    '/oauth2/token',
    await form('/oauth2/token').set(basic(clientId, secret)).set(once).send({ grant_type: 'client_credentials' }),
  );
  const replay = check(
    'post',
    '/oauth2/token',
    await form('/oauth2/token').set(basic(clientId, secret)).set(once).send({ grant_type: 'client_credentials' }),
  );
  expect(replay.headers['idempotent-replayed']).toBe('true');
  const reused = await form('/oauth2/token')
    .set(basic(clientId, secret))
    .set(once)
    .send({ grant_type: 'client_credentials', scope: 'service-accounts:read' });
  expect(check('post', '/oauth2/token', reused).status).toBe(409);
});

test('when an outside OIDC token is exchanged (issue 31), then the answers and refusals are the documented ones', async () => {
  const key = await signingKey('EdDSA');
  const issuer = 'https://oidc.platform.test';
  for (const name of ['Keyless A', 'Keyless B']) {
    const account = await t.http
      .post('/api/v2/service-accounts')
      .set(bearer(t.admin.secret))
      .send({ name, scopes: ['service-accounts:read'] });
    const rule = {
      name: 'pods',
      issuer,
      subject: name === 'Keyless A' ? 'system:serviceaccount:*' : 'system:serviceaccount:shared:*',
      audiences: ['iamgate'],
    };
    await t.http
      .post(`/api/v2/service-accounts/${account.body.data.id}/federated-credentials`)
      .set(bearer(t.admin.secret))
      .send({ ...rule, jwks: { keys: [key.publicJwk] }, allowTokenReuse: true })
      .expect(201);
  }
  const shared = await signToken(kubernetesClaims(issuer, 'shared', 'runner'), { key, now: t.clock.now() });
  const own = await signToken(kubernetesClaims(issuer, 'a', 'runner'), { key, now: t.clock.now() });
  const exchange = {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
  };
  const ok = check('post', '/oauth2/token', await form('/oauth2/token').send({ ...exchange, subject_token: own }));
  expect([ok.status, ok.body.issued_token_type]).toEqual([200, 'urn:ietf:params:oauth:token-type:access_token']);
  check(
    'post',
    '/oauth2/token',
    await form('/oauth2/token').send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: own }),
  );
  for (const [error, res] of [
    ['invalid_grant', await form('/oauth2/token').send({ ...exchange, subject_token: `${own}x` })],
    ['invalid_request', await form('/oauth2/token').send({ ...exchange })],
    ['invalid_target', await form('/oauth2/token').send({ ...exchange, subject_token: shared })],
  ] as const) {
    expect([error, check('post', '/oauth2/token', res).body.error]).toEqual([error, error]);
  }
});

test('when a token is introspected and revoked, then the answers are the documented ones', async () => {
  const { clientId, secret } = t.admin;
  const token = (await form('/oauth2/token').set(basic(clientId, secret)).send({ grant_type: 'client_credentials' })).body
    .access_token as string;
  expect(
    check('post', '/oauth2/introspect', await form('/oauth2/introspect').set(basic(clientId, secret)).send({ token })).body.active,
  ).toBe(true);
  expect(
    check('post', '/oauth2/introspect', await form('/oauth2/introspect').set(bearer(secret)).send({ token: 'iamgt_nothing' })).body.active,
  ).toBe(false);
  expect(check('post', '/oauth2/introspect', await form('/oauth2/introspect').set(bearer(secret)).send({})).status).toBe(400);
  expect(check('post', '/oauth2/introspect', await form('/oauth2/introspect').send({ token })).status).toBe(401);
  expect(
    check('post', '/oauth2/revoke', await form('/oauth2/revoke').send({ token, client_id: clientId, client_secret: secret })).status,
  ).toBe(200);
  expect(
    check('post', '/oauth2/introspect', await form('/oauth2/introspect').set(basic(clientId, secret)).send({ token })).body.active,
  ).toBe(false);
  expect(check('post', '/oauth2/revoke', await form('/oauth2/revoke').set(bearer(secret)).send({})).status).toBe(400);
});

test('when the discovery routes, the index and health are read, then they are what the document says', async () => {
  for (const path of [
    '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration',
    '/.well-known/jwks.json',
    '/',
    '/healthz',
    '/readyz',
    '/metrics',
  ]) {
    expect([path, check('get', path, await t.http.get(path)).status]).toEqual([path, 200]);
  }
});

test('when a gateway asks /auth/verify, then the verdicts are the documented ones', async () => {
  const auth = bearer(t.admin.secret);
  const ok = check('get', '/auth/verify', await t.http.get('/auth/verify').query({ scope: 'service-accounts:read' }).set(auth));
  expect([ok.status, ok.headers['x-auth-account-id']]).toEqual([200, t.admin.serviceAccountId]);
  expect(check('get', '/auth/verify', await t.http.get('/auth/verify')).status).toBe(401);
  expect(check('get', '/auth/verify', await t.http.get('/auth/verify').set(bearer('iamg_unknown'))).status).toBe(401);
  expect(check('get', '/auth/verify', await t.http.get('/auth/verify').query({ scope: 'reports:read' }).set(auth)).status).toBe(403);
  expect(check('get', '/auth/verify', await t.http.get('/auth/verify').query({ scope: 'not a "scope"' }).set(auth)).status).toBe(400);
});

test('when METRICS_TOKEN is set and not sent, then /metrics answers the documented 401', async () => {
  const guarded = await startTestServer({ metricsToken: 'metrics-secret-for-the-test' });
  try {
    expect(check('get', '/metrics', await guarded.http.get('/metrics')).status).toBe(401);
    expect(check('get', '/metrics', await guarded.http.get('/metrics').set(bearer('metrics-secret-for-the-test'))).status).toBe(200);
  } finally {
    await guarded.close();
  }
});

test('when leaked secrets are sent for revocation, then the answers and refusals are the documented ones', async () => {
  const path = '/credentials/revoke';
  const leaked = (await t.http.post('/api/v2/service-accounts').set(bearer(t.admin.secret)).send({ name: 'Documented leak' })).body.data
    .clientSecret as string;
  expect(check('post', path, await t.http.post(path).send({ credentials: [leaked, 'iamg_noise'] })).status).toBe(202);
  expect(check('post', path, await t.http.post(path).send({ credentials: [] })).status).toBe(400);
  expect(check('post', path, await t.http.post(path).type('form').send({ credentials: 'x' })).status).toBe(415);
  const large = `{"credentials": ["${'a'.repeat(70_000)}"]}`;
  expect(check('post', path, await t.http.post(path).set('Content-Type', 'application/json').send(large)).status).toBe(413);
});

test('when GitHub reports leaked secrets, then the answers and refusals are the documented ones, and 404 where it is not configured', async () => {
  const path = '/secret-scanning/github';
  expect(check('post', path, await t.http.post(path).set('Content-Type', 'application/json').send('[]')).status).toBe(404);
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const file = join(mkdtempSync(join(tmpdir(), 'iamgate-platform-doc-')), 'keys.json');
  const key = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: 'k1', key, is_current: true }] }));
  const keyed = await startTestServer({ secretScanningGithubKeys: file });
  const signed = (body: string) =>
    keyed.http
      .post(path)
      .set('Content-Type', 'application/json')
      .set('Github-Public-Key-Identifier', 'k1')
      .set('Github-Public-Key-Signature', sign('sha256', Buffer.from(body), pair.privateKey).toString('base64'))
      .send(body);
  try {
    const report = JSON.stringify([
      { token: keyed.admin.secret, type: 'iamgate_key_secret', url: 'https://example.test/a', source: 'content' },
    ]);
    const res = check('post', path, await signed(report));
    expect([res.status, res.body[0].label]).toEqual([200, 'true_positive']);
    expect(check('post', path, await keyed.http.post(path).set('Content-Type', 'application/json').send(report)).status).toBe(401);
    expect(check('post', path, await signed('{"not": "an array"}')).status).toBe(400);
  } finally {
    await keyed.close();
  }
});
