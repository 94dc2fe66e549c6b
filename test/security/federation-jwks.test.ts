// Issue 31: discovered keys fail safe. Fetching cannot be pointed at loopback or private addresses
// (unless the issuer is listed in FEDERATION_HTTP_ISSUERS); redirects are not followed; documents
// are size-limited; a slow issuer costs only its own requests; one fetch serves concurrent requests;
// keys are refetched when too old, and on an unknown kid at most once a minute.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config';
import { githubClaims, signingKey, signToken, startIssuer, type SigningKey, type TestIssuer } from '../support/oidc-issuer';
import { useTestServer } from '../support/server';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

let key: SigningKey;
let good: TestIssuer;
let redirecting: TestIssuer;
let huge: TestIssuer;
let slow: TestIssuer;
let rotating: TestIssuer;
/** A TCP listener that counts connections: what an internal service would see. */
let internal: { server: Server; port: number; connections: number; sockets: Socket[] };
const overrides: Partial<Config> = { federationFetchTimeoutMs: 500, federationJwksMaxAgeS: 120 };

beforeAll(async () => {
  key = await signingKey('RS256');
  [good, redirecting, huge, slow, rotating] = await Promise.all([1, 2, 3, 4, 5].map(() => startIssuer([key])));
  redirecting.override.set('/.well-known/openid-configuration', (_req, res) =>
    res.writeHead(302, { Location: `${good.url}/.well-known/openid-configuration` }).end(),
  );
  huge.override.set('/jwks', (_req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk], pad: 'x'.repeat(400_000) })),
  );
  // Answers nothing, ever: the fetch must give up on its own.
  slow.override.set('/.well-known/openid-configuration', () => undefined);
  overrides.federationHttpIssuers = [good, redirecting, huge, slow, rotating].map((i) => i.url);
  internal = { server: createServer(), port: 0, connections: 0, sockets: [] };
  internal.server.on('connection', (s) => {
    internal.connections++;
    internal.sockets.push(s);
  });
  await new Promise<void>((resolve) => internal.server.listen(0, '127.0.0.1', resolve));
  internal.port = (internal.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all([good, redirecting, huge, slow, rotating].map((i) => i?.close()));
  internal.sockets.forEach((s) => s.destroy());
  await new Promise((resolve) => internal.server.close(resolve));
});
const t = useTestServer(overrides);

let accounts = 0;
async function ruleFor(issuer: string, subject: string): Promise<{ status: number; body: { errors?: Record<string, string[]> } }> {
  const name = `account ${++accounts}`;
  const account = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name, scopes: ['service-accounts:read'] });
  return t.http
    .post(`/api/v2/service-accounts/${account.body.data.id}/federated-credentials`)
    .set(t.adminBearer)
    .send({ name: 'rule', issuer, subject, audiences: ['iamgate'] });
}

const tokenFrom = (issuer: string, repository: string, signer: SigningKey = key) =>
  signToken(githubClaims(issuer, repository), { key: signer, now: t.clock.now() });
const exchange = async (token: string) =>
  t.http.post('/oauth2/token').type('form').send({ grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: JWT_TYPE });

describe('addresses', () => {
  test('when an issuer is plain http and not listed, then the rule is refused naming issuer', async () => {
    const res = await ruleFor(`http://127.0.0.1:${internal.port}`, 'repo:acme/x:*');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors!)).toEqual(['issuer']);
  });

  test.each([
    ['a loopback address', () => `https://127.0.0.1:${internal.port}`],
    ['a name that resolves to loopback', () => `https://localhost:${internal.port}`],
    ['an IPv4-mapped loopback address', () => `https://[::ffff:127.0.0.1]:${internal.port}`],
  ])('when an https issuer is %s (not listed), then its keys are never fetched: invalid_grant, no connection', async (_what, issuerOf) => {
    const issuer = issuerOf();
    expect((await ruleFor(issuer, 'repo:acme/internal:*')).status).toBe(201);
    const before = internal.connections;
    const res = await exchange(await tokenFrom(issuer, 'acme/internal'));
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    expect(internal.connections).toBe(before);
  });
});

describe('fetching', () => {
  test('when discovery answers a redirect, then it is not followed', async () => {
    await ruleFor(redirecting.url, 'repo:acme/redirect:*');
    const res = await exchange(await tokenFrom(redirecting.url, 'acme/redirect'));
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    expect(redirecting.hits.get('/jwks')).toBeUndefined();
    expect(good.hits.get('/.well-known/openid-configuration')).toBeUndefined();
  });

  test('when the key set is larger than the limit, then it is refused', async () => {
    await ruleFor(huge.url, 'repo:acme/huge:*');
    const res = await exchange(await tokenFrom(huge.url, 'acme/huge'));
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    expect(huge.hits.get('/jwks')).toBe(1);
  });

  test('when an issuer never answers, then its exchange gives up and another issuer is served meanwhile', async () => {
    await ruleFor(slow.url, 'repo:acme/slow:*');
    await ruleFor(good.url, 'repo:acme/good:*');
    let slowDone = false;
    const slowExchange = exchange(await tokenFrom(slow.url, 'acme/slow')).then((res) => {
      slowDone = true;
      return res;
    });
    const fast = await exchange(await tokenFrom(good.url, 'acme/good'));
    expect(fast.status).toBe(200);
    expect(slowDone).toBe(false);
    const res = await slowExchange;
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
  });

  test('when several exchanges need an issuer at once, then one discovery and one key fetch serve them all', async () => {
    await ruleFor(rotating.url, 'repo:acme/rotating:*');
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => tokenFrom(rotating.url, 'acme/rotating')));
    const answers = await Promise.all(tokens.map(exchange));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect([rotating.hits.get('/.well-known/openid-configuration'), rotating.hits.get('/jwks')]).toEqual([1, 1]);
  });

  test('when the issuer rotates its key, then an unknown kid refetches the keys at most once a minute', async () => {
    const next = await signingKey('RS256');
    rotating.keys = [key, next];
    const fetched = () => rotating.hits.get('/jwks') ?? 0;
    const before = fetched();
    // Fetched less than a minute ago: the new kid is unknown, and the keys are not fetched again yet.
    expect((await exchange(await tokenFrom(rotating.url, 'acme/rotating', next))).body.error).toBe('invalid_grant');
    expect(fetched()).toBe(before);
    t.clock.advance(61_000);
    expect((await exchange(await tokenFrom(rotating.url, 'acme/rotating', next))).status).toBe(200);
    expect(fetched()).toBe(before + 1);
    // Another unknown kid right after: refused without a fetch.
    expect((await exchange(await tokenFrom(rotating.url, 'acme/rotating', await signingKey('RS256')))).body.error).toBe('invalid_grant');
    expect(fetched()).toBe(before + 1);
  });

  test('when the keys are older than FEDERATION_JWKS_MAX_AGE_S, then they are fetched again before use', async () => {
    const fetched = () => rotating.hits.get('/jwks') ?? 0;
    const before = fetched();
    expect((await exchange(await tokenFrom(rotating.url, 'acme/rotating'))).status).toBe(200);
    expect(fetched()).toBe(before);
    t.clock.advance(121_000);
    expect((await exchange(await tokenFrom(rotating.url, 'acme/rotating'))).status).toBe(200);
    expect(fetched()).toBe(before + 1);
  });
});
