// Issue 30, item 2: POST /secret-scanning/github, GitHub's secret-scanning partner format. A report
// signed by a key in SECRET_SCANNING_GITHUB_KEYS (ECDSA P-256/SHA-256 over the raw body) revokes each
// live key whose secret it names, at once, and answers true_positive for it; everything else is a
// false_positive. A forged, unsigned or altered report is 401 and changes nothing; the body and the
// number of strings are bounded before any work; a bad checksum costs no bcrypt. Unset, it is 404.
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSecret } from '../../src/auth/secret-format';
import { v3Client } from '../support/jsonapi-client';
import { bearer, startTestServer, useTestServer, type TestServer } from '../support/server';

const github = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const older = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const forger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const keysFile = join(mkdtempSync(join(tmpdir(), 'iamgate-scanning-')), 'github-keys.json');
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
writeFileSync(
  keysFile,
  JSON.stringify({
    public_keys: [
      { key_identifier: 'current-key', key: pem(github.publicKey), is_current: true },
      { key_identifier: 'older-key', key: pem(older.publicKey), is_current: false },
    ],
  }),
);

const t = useTestServer({ secretScanningGithubKeys: keysFile });
const PATH = '/secret-scanning/github';

/** A report as GitHub sends it: the raw body, its key's identifier and its base64 DER signature. */
function report(body: string, key = github.privateKey, identifier = 'current-key') {
  return t.http
    .post(PATH)
    .set('Content-Type', 'application/json')
    .set('Github-Public-Key-Identifier', identifier)
    .set('Github-Public-Key-Signature', sign('sha256', Buffer.from(body), key).toString('base64'))
    .send(body);
}
const finding = (token: string, extra: object = {}) => ({
  token,
  type: 'iamgate_key_secret',
  url: 'https://github.com/octo/repo/blob/abc/app.env',
  source: 'content',
  ...extra,
});
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const works = async (secret: string) => (await t.http.get('/v1/whoami').set(bearer(secret))).status;

async function newAccount(name: string) {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name, scopes: ['service-accounts:read'] });
  return res.body.data as { id: string; clientSecret: string; credentials: { id: string }[] };
}
async function metric(name: string, where: string): Promise<number> {
  const text = (await t.http.get('/metrics')).text;
  return Number(new RegExp(`^${name}\\{where="${where}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
}

test('when a signed report names a live secret, then its key is revoked at once as leaked, audited, and the answer says true_positive', async () => {
  const leaked = await newAccount('Leaked on GitHub');
  const keyId = leaked.credentials[0].id;
  expect(await works(leaked.clientSecret)).toBe(200);
  const body = JSON.stringify([finding(leaked.clientSecret)]);
  const res = await report(body);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toEqual([{ token_hash: sha256(leaked.clientSecret), token_type: 'iamgate_key_secret', label: 'true_positive' }]);
  expect(await works(leaked.clientSecret)).toBe(401);

  const credential = (await t.http.get(`/api/v2/service-accounts/${leaked.id}/credentials/${keyId}`).set(t.adminBearer)).body.data;
  expect(credential).toMatchObject({ status: 'Revoked', revokedReason: 'leaked' });
  const events = (await t.http.get(`/api/v2/service-accounts/${leaked.id}/audit-events`).set(t.adminBearer)).body.data;
  const revoke = events.find((e: { action: string }) => e.action === 'key.revoke');
  expect(revoke).toMatchObject({
    actorType: 'secret-scanning',
    actorId: null,
    actorKeyId: null,
    dialect: 'platform',
    targetId: keyId,
    changes: { revokedReason: 'leaked', report: { url: 'https://github.com/octo/repo/blob/abc/app.env', source: 'content' } },
  });
  expect(revoke.values).toEqual(
    expect.arrayContaining([{ field: 'revokedReason', before: null, after: 'leaked' }, expect.objectContaining({ field: 'revokedAt' })]),
  );
  const v3 = await t.http.get('/v3/audit-events').query({ 'filter[resource.id]': keyId }).set(t.adminBearer);
  const v3Event = v3.body.data.find((e: { attributes: { operation: string } }) => e.attributes.operation === 'revoke');
  expect(v3Event.attributes.principal).toEqual({ type: 'secret-scanning', id: null });
  expect(v3Event.attributes.context.report).toEqual({ url: 'https://github.com/octo/repo/blob/abc/app.env', source: 'content' });
  // v3 hides revoked keys (revoking is deleting there): the key is gone from its list.
  const keys = await v3Client(t, t.adminBearer).get(`/service-accounts/${leaked.id}/keys`);
  expect(keys.body.data).toEqual([]);
});

test('when a report is signed by an older key GitHub still lists, then it is accepted too', async () => {
  const leaked = await newAccount('Reported under the older key');
  const res = await report(JSON.stringify([finding(leaked.clientSecret)]), older.privateKey, 'older-key');
  expect([res.status, res.body[0]?.label]).toEqual([200, 'true_positive']);
});

test('when a report names noise, a bad checksum, an unknown key, an access token and a revoked key, then each is a false_positive, in order, and nothing changes', async () => {
  const live = await newAccount('Not named');
  const gone = await newAccount('Already revoked');
  await t.http.post(`/api/v2/service-accounts/${gone.id}/credentials/${gone.credentials[0].id}/revoke`).set(t.adminBearer);
  const typo = live.clientSecret.slice(0, -1) + (live.clientSecret.endsWith('a') ? 'b' : 'a');
  const tokens = ['iamg_hello', typo, formatSecret(randomUUID()), 'iamgt_abc.def', gone.clientSecret];
  const res = await report(JSON.stringify(tokens.map((token, i) => finding(token, { type: `pattern-${i}` }))));
  expect(res.status).toBe(200);
  expect(res.body).toEqual(tokens.map((token, i) => ({ token_hash: sha256(token), token_type: `pattern-${i}`, label: 'false_positive' })));
  expect(await works(live.clientSecret)).toBe(200);
});

test('when the strings have bad checksums, then they cost no bcrypt and are counted', async () => {
  const live = await newAccount('Typo target');
  // One character of the checksum changed, a different one in each: three distinct strings, none the secret.
  const typoAt = (secret: string, i: number) => secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
  const typos = [1, 2, 3].map((n) => typoAt(live.clientSecret, live.clientSecret.length - n));
  const before = await metric('iamgate_secret_checksum_failures_total', 'secret-scanning');
  const runs = t.running.runtime.verifier.bcryptRuns;
  const res = await report(JSON.stringify(typos.map((token) => finding(token))));
  expect(res.body.map((v: { label: string }) => v.label)).toEqual(['false_positive', 'false_positive', 'false_positive']);
  expect(t.running.runtime.verifier.bcryptRuns).toBe(runs);
  expect((await metric('iamgate_secret_checksum_failures_total', 'secret-scanning')) - before).toBe(3);
});

describe('refused reports change nothing', () => {
  let victim: { id: string; clientSecret: string };
  let body: string;
  beforeAll(async () => {
    victim = await newAccount('Victim of forgeries');
    body = JSON.stringify([finding(victim.clientSecret)]);
  });
  afterEach(async () => {
    expect(await works(victim.clientSecret)).toBe(200);
  });

  test.each([
    ['signed by a key not in the file', () => report(body, forger.privateKey)],
    ['signed by our key but named as another', () => report(body, github.privateKey, 'older-key')],
    ['naming a key the file does not hold', () => report(body, github.privateKey, 'unknown-key')],
    ['unsigned', () => t.http.post(PATH).set('Content-Type', 'application/json').send(body)],
    [
      'altered after signing',
      () =>
        t.http
          .post(PATH)
          .set('Content-Type', 'application/json')
          .set('Github-Public-Key-Identifier', 'current-key')
          .set('Github-Public-Key-Signature', sign('sha256', Buffer.from(body), github.privateKey).toString('base64'))
          .send(body.replace('content', 'commit')),
    ],
    [
      'with a signature that is not base64 DER',
      () =>
        t.http
          .post(PATH)
          .set('Content-Type', 'application/json')
          .set('Github-Public-Key-Identifier', 'current-key')
          .set('Github-Public-Key-Signature', 'not a signature!')
          .send(body),
    ],
  ])('when a report is %s, then 401 invalid_signature', async (_what, send) => {
    const res = await send();
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_signature', error_description: expect.any(String) });
  });

  test('when a signed report names more than 100 strings, then 400 before any is checked', async () => {
    const runs = t.running.runtime.verifier.bcryptRuns;
    const res = await report(
      JSON.stringify([...Array.from({ length: 100 }, () => finding(formatSecret(randomUUID()))), finding(victim.clientSecret)]),
    );
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    expect(t.running.runtime.verifier.bcryptRuns).toBe(runs);
  });

  test('when the body is over 64 KiB, then 413; when it is not JSON or not an array of findings, then 400', async () => {
    expect((await report(JSON.stringify([finding(victim.clientSecret, { url: 'x'.repeat(70_000) })]))).status).toBe(413);
    expect((await report('[{"token": ')).status).toBe(400);
    expect((await report(JSON.stringify({ token: victim.clientSecret }))).status).toBe(400);
    expect((await report(JSON.stringify([{ type: 'no token' }]))).status).toBe(400);
  });
});

describe('without SECRET_SCANNING_GITHUB_KEYS', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
  });
  afterAll(async () => {
    await plain.close();
  });

  test('when a report arrives, then 404 and nothing is read', async () => {
    const body = JSON.stringify([finding(plain.admin.secret)]);
    const res = await plain.http
      .post(PATH)
      .set('Content-Type', 'application/json')
      .set('Github-Public-Key-Identifier', 'current-key')
      .set('Github-Public-Key-Signature', sign('sha256', Buffer.from(body), github.privateKey).toString('base64'))
      .send(body);
    expect([res.status, res.body.error]).toEqual([404, 'not_found']);
    expect((await plain.http.get('/v1/whoami').set(bearer(plain.admin.secret))).status).toBe(200);
  });
});
