// Issue 31: failed token exchanges are rate-limited per address and per rule. With 2 failures a
// minute allowed, an address past them gets 429 (even for a good token), and a rule that tokens
// failed against from many addresses (5 × 2 = 10 a minute) gets 429 from everywhere until the
// minute ends. Addresses are told apart by X-Forwarded-For (TRUST_PROXY).
import type { Config } from '../../src/config';
import { kubernetesClaims, signingKey, signToken, type SigningKey } from '../support/oidc-issuer';
import { awayFromMinuteBoundary, useTestServer } from '../support/server';

const ISSUER = 'https://oidc.cluster.example';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const t = useTestServer({ trustProxy: true, rateLimits: { authFailuresPerMinute: 2, tokenRequestsPerMinute: 10_000 } } as Partial<Config>);
let key: SigningKey;
let stranger: SigningKey;
let accountNumber = 0;

async function ruleFor(namespace: string): Promise<void> {
  const account = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: `account ${++accountNumber}`, scopes: ['service-accounts:read'] });
  const res = await t.http
    .post(`/api/v2/service-accounts/${account.body.data.id}/federated-credentials`)
    .set(t.adminBearer)
    .send({
      name: 'pods',
      issuer: ISSUER,
      subject: `system:serviceaccount:${namespace}:*`,
      audiences: ['iamgate'],
      jwks: { keys: [key.publicJwk] },
      allowTokenReuse: true,
    });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  key = await signingKey('EdDSA');
  stranger = await signingKey('EdDSA', key.kid);
});

const podToken = (namespace: string, signer: SigningKey) =>
  signToken(kubernetesClaims(ISSUER, namespace, 'runner'), { key: signer, now: t.clock.now() });
const exchangeFrom = (address: string, token: string) =>
  t.http.post('/oauth2/token').set('X-Forwarded-For', address).type('form').send({ grant_type: JWT_BEARER, assertion: token });

test('when an address has failed twice this minute, then its exchanges get 429, a good token too; other addresses go on', async () => {
  await ruleFor('alpha');
  await awayFromMinuteBoundary();
  const forged = await podToken('alpha', stranger);
  const good = await podToken('alpha', key);
  expect((await exchangeFrom('203.0.113.1', forged)).body.error).toBe('invalid_grant');
  expect((await exchangeFrom('203.0.113.1', forged)).body.error).toBe('invalid_grant');
  const limited = await exchangeFrom('203.0.113.1', good);
  expect([limited.status, limited.body.error, limited.body.access_token]).toEqual([429, 'slow_down', undefined]);
  expect(limited.headers['retry-after']).toBeDefined();
  expect((await exchangeFrom('203.0.113.2', good)).status).toBe(200);
});

test('when tokens failed against a rule ten times from many addresses, then that rule answers 429 everywhere, and other rules do not', async () => {
  await ruleFor('beta');
  await ruleFor('gamma');
  await awayFromMinuteBoundary();
  const forged = await podToken('beta', stranger);
  for (let i = 1; i <= 5; i++) {
    for (const _ of [1, 2]) expect((await exchangeFrom(`198.51.100.${i}`, forged)).body.error).toBe('invalid_grant');
  }
  const limited = await exchangeFrom('198.51.100.99', await podToken('beta', key));
  expect([limited.status, limited.body.error]).toEqual([429, 'slow_down']);
  expect((await exchangeFrom('198.51.100.99', await podToken('gamma', key))).status).toBe(200);
});
