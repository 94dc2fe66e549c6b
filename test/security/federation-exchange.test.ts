// Issue 31: keyless service accounts. A GitHub-Actions-shaped token from a local issuer (discovery
// and JWKS over http on 127.0.0.1) and a Kubernetes-shaped projected token (inline JWKS) are
// exchanged at /oauth2/token for access tokens that work in every dialect; every way a token can
// fail answers its error and mints nothing; a rule's tokens end when the rule is deleted or changed.
import { exportJWK, SignJWT } from 'jose';
import type { Config } from '../../src/config';
import { Sweeper } from '../../src/maintenance';
import { JSONAPI } from '../support/jsonapi';
import {
  githubClaims,
  kubernetesClaims,
  signingKey,
  signToken,
  startIssuer,
  type SigningKey,
  type TestIssuer,
} from '../support/oidc-issuer';
import { basic, bearer, useTestServer } from '../support/server';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const K8S_ISSUER = 'https://kubernetes.default.svc.cluster.local';

let github: TestIssuer;
let rsa: SigningKey;
let clusterKey: SigningKey;
const overrides: Partial<Config> = {};
beforeAll(async () => {
  rsa = await signingKey('RS256');
  clusterKey = await signingKey('ES256');
  github = await startIssuer([rsa]);
  overrides.federationHttpIssuers = [github.url];
});
afterAll(async () => {
  await github?.close();
});
const t = useTestServer(overrides);

interface Account {
  id: string;
  clientId: string;
  clientSecret: string;
}
let deployer: Account;
let cluster: Account;
let githubRule: string;
let clusterRule: string;

const v2 = (path: string) => `/api/v2${path}`;
const v3 = (path: string) => `/v3/orgs/${t.admin.organizationId}/iam${path}`;

async function makeAccount(name: string): Promise<Account> {
  const res = await t.http
    .post(v2('/service-accounts'))
    .set(t.adminBearer)
    .send({ name, scopes: ['service-accounts:read', 'service-accounts:write'] });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function githubRuleFor(account: Account, repository: string, extra: object = {}): Promise<string> {
  const res = await t.http
    .post(v2(`/service-accounts/${account.id}/federated-credentials`))
    .set(t.adminBearer)
    .send({
      name: `deploy ${repository}`,
      issuer: github.url,
      subject: `repo:${repository}:environment:*`,
      audiences: ['iamgate'],
      claims: { repository, ref: 'refs/heads/main' },
      ...extra,
    });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

const now = () => t.clock.now();
const exchange = (form: Record<string, string>) => t.http.post('/oauth2/token').type('form').send(form);
const tokenExchange = (token: string, extra: Record<string, string> = {}) =>
  exchange({ grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: JWT_TYPE, ...extra });
const jwtBearer = (token: string, extra: Record<string, string> = {}) => exchange({ grant_type: JWT_BEARER, assertion: token, ...extra });
const githubToken = (
  repository = 'acme/app',
  extra: Record<string, unknown> = {},
  options: Partial<Parameters<typeof signToken>[1]> = {},
) => signToken(githubClaims(github.url, repository, 'production', extra), { key: rsa, now: now(), ...options });
const clusterToken = (extra: Record<string, unknown> = {}, options: Partial<Parameters<typeof signToken>[1]> = {}) =>
  signToken(kubernetesClaims(K8S_ISSUER, 'ci', 'deployer', extra), { key: clusterKey, now: now(), ...options });

async function exchangeAudits(): Promise<number> {
  const rows = await t.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM audit_events WHERE action = 'federated-credential.exchange'`,
  );
  return Number(rows[0].n);
}

beforeAll(async () => {
  deployer = await makeAccount('GitHub deployer');
  cluster = await makeAccount('Cluster job');
  githubRule = await githubRuleFor(deployer, 'acme/app');
  const created = await t.http
    .post(v3(`/service-accounts/${cluster.id}/federated-credentials`))
    .set(t.adminBearer)
    .set('Content-Type', JSONAPI)
    .send(
      JSON.stringify({
        data: {
          type: 'federated-credentials',
          attributes: {
            name: 'ci deployer',
            issuer: K8S_ISSUER,
            subject: 'system:serviceaccount:ci:deployer',
            audiences: ['iamgate'],
            claims: { 'kubernetes.io.namespace': 'ci' },
            jwks: { keys: [clusterKey.publicJwk] },
            allow_token_reuse: true,
          },
        },
      }),
    );
  expect(created.status).toBe(201);
  clusterRule = created.body.data.id;
});

describe('a GitHub Actions job', () => {
  test('when it presents its OIDC token (RFC 8693), then it gets an access token that calls every dialect as its account', async () => {
    const res = await tokenExchange(await githubToken());
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
      scope: expect.stringContaining('service-accounts:write'),
    });
    const auth = bearer(res.body.access_token);
    expect((await t.http.get(v2(`/service-accounts/${deployer.id}`)).set(auth)).status).toBe(200);
    const v1 = await t.http.get('/v1/whoami').set(auth);
    expect([v1.status, v1.body.data.id ?? v1.body.data.serviceAccountId]).toEqual([200, deployer.id]);
    const three = await t.http.get(v3(`/service-accounts/${deployer.id}`)).set(auth);
    expect(three.status).toBe(200);
    expect((await t.http.get('/v3/iam/whoami').set(auth)).body.data.id).toBe(deployer.id);
    expect((await t.http.get('/auth/verify').set(auth)).headers['x-auth-key-id']).toBe(githubRule);
  });

  test('when it uses the JWT bearer grant (RFC 7523), then the answer is an RFC 6749 token response', async () => {
    const res = await jwtBearer(await githubToken());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
  });

  test('when it asks for a scope, then the token is capped to it: it reads but cannot write', async () => {
    const res = await tokenExchange(await githubToken(), { scope: 'service-accounts:read' });
    expect([res.status, res.body.scope]).toEqual([200, 'service-accounts:read']);
    const auth = bearer(res.body.access_token);
    expect((await t.http.get(v2(`/service-accounts/${deployer.id}`)).set(auth)).status).toBe(200);
    expect((await t.http.post(v2('/service-accounts')).set(auth).send({ name: 'Not allowed' })).status).toBe(403);
    const wider = await tokenExchange(await githubToken(), { scope: 'billing:write' });
    expect([wider.status, wider.body.error]).toEqual([400, 'invalid_scope']);
  });

  test('when the token is introspected and revoked, then it is like any other access token', async () => {
    const token = (await tokenExchange(await githubToken())).body.access_token as string;
    const seen = await t.http.post('/oauth2/introspect').set(t.adminBearer).type('form').send({ token });
    expect(seen.body).toMatchObject({ active: true, sub: deployer.id, client_id: deployer.clientId });
    await t.http.post('/oauth2/revoke').set(bearer(token)).type('form').send({ token }).expect(200);
    expect((await t.http.get(v2(`/service-accounts/${deployer.id}`)).set(bearer(token))).status).toBe(401);
  });

  test('when client authentication is sent as well, then it must be the same account (else invalid_client)', async () => {
    const same = await tokenExchange(await githubToken()).set(basic(deployer.clientId, deployer.clientSecret));
    expect(same.status).toBe(200);
    const other = await tokenExchange(await githubToken()).set(basic(cluster.clientId, cluster.clientSecret));
    expect([other.status, other.body.error, other.body.access_token]).toEqual([401, 'invalid_client', undefined]);
    const named = await tokenExchange(await githubToken(), { client_id: cluster.clientId });
    expect([named.status, named.body.error]).toEqual([401, 'invalid_client']);
  });

  test('when the exchange is done, then it is audited with the rule, iss, sub and jti, and used under oauth2', async () => {
    const claims = githubClaims(github.url, 'acme/app');
    const token = await signToken(claims, { key: rsa, now: now() });
    const res = await tokenExchange(token);
    expect(res.status).toBe(200);
    const events = await t.http.get(v2(`/service-accounts/${deployer.id}/audit-events?limit=100`)).set(t.adminBearer);
    const event = events.body.data.find((e: { changes: { jti?: string } }) => e.changes.jti === claims.jti);
    expect(event).toMatchObject({
      action: 'federated-credential.exchange',
      targetType: 'federated-credential',
      targetId: githubRule,
      actorId: deployer.id,
      actorKeyId: githubRule,
      dialect: 'oauth2',
      changes: { issuer: github.url, subject: claims.sub, jti: claims.jti },
    });
    await t.running.runtime.requestLogs!.flush();
    const usage = await t.http.get(v2(`/service-accounts/${deployer.id}/usage`)).set(t.adminBearer);
    expect(usage.body.data.dialects.oauth2.requests).toBeGreaterThan(0);
    const byRule = usage.body.data.keys.find((k: { id: string }) => k.id === githubRule);
    expect(byRule.dialects.oauth2.requests).toBeGreaterThan(0);
  });
});

describe('a Kubernetes pod', () => {
  test('when it presents its projected token (inline JWKS, no jti) again and again, then each exchange works', async () => {
    const token = await clusterToken();
    for (const _ of [1, 2]) {
      const res = await jwtBearer(token);
      expect(res.status).toBe(200);
      expect((await t.http.get(v3(`/service-accounts/${cluster.id}`)).set(bearer(res.body.access_token))).status).toBe(200);
    }
  });

  test("when its namespace is not the rule's, then invalid_grant", async () => {
    const token = await signToken(kubernetesClaims(K8S_ISSUER, 'prod', 'deployer', { sub: 'system:serviceaccount:ci:deployer' }), {
      key: clusterKey,
      now: now(),
    });
    const res = await jwtBearer(token);
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('every rejection answers its error and mints nothing', () => {
  const cases: [string, () => Promise<string>][] = [
    ["the audience is not the rule's", () => githubToken('acme/app', { aud: 'someone-else' })],
    ['it has expired (beyond 60 s of skew)', () => githubToken('acme/app', {}, { iatOffset: -400, lifetime: 300 })],
    ['it is not valid yet (nbf beyond 60 s)', () => githubToken('acme/app', {}, { nbfOffset: 120 })],
    ['it lives longer than 24 h', () => githubToken('acme/app', {}, { lifetime: 25 * 3600 })],
    ['it was issued over 24 h ago', () => githubToken('acme/app', {}, { iatOffset: -25 * 3600, lifetime: 26 * 3600 })],
    [
      'its kid is unknown to the issuer',
      async () => signToken(githubClaims(github.url, 'acme/app'), { key: await signingKey('RS256'), now: now() }),
    ],
    [
      'it is signed by another key under the known kid',
      async () => signToken(githubClaims(github.url, 'acme/app'), { key: { ...(await signingKey('RS256')), kid: rsa.kid }, now: now() }),
    ],
    ["a claim is not the rule's", () => githubToken('acme/app', { ref: 'refs/heads/feature' })],
    ["the subject is not the rule's", () => githubToken('acme/other')],
    ['it has no jti while its rule wants one', () => githubToken('acme/app', { jti: undefined })],
    ['its issuer has no rule', async () => signToken({ ...githubClaims('https://issuer.example', 'acme/app') }, { key: rsa, now: now() })],
    ['alg is none', async () => unsigned(githubClaims(github.url, 'acme/app'))],
    ['it is HS256 with the public key as the secret', async () => hmacWithPublicKey(githubClaims(github.url, 'acme/app'))],
    ['it is not a JWT', async () => 'not-a-jwt'],
  ];

  test.each(cases)('when %s, then invalid_grant', async (_name, make) => {
    const before = await exchangeAudits();
    for (const send of [tokenExchange, jwtBearer]) {
      const res = await send(await make());
      expect([res.status, res.body.error, res.body.access_token]).toEqual([400, 'invalid_grant', undefined]);
      // No hint of which check failed beyond the code.
      expect(res.body.error_description).toBe('The token was not accepted');
    }
    expect(await exchangeAudits()).toBe(before);
  });

  test('when a jti is presented twice, then the second is invalid_grant and mints nothing', async () => {
    const token = await githubToken();
    expect((await tokenExchange(token)).status).toBe(200);
    const before = await exchangeAudits();
    const again = await jwtBearer(token);
    expect([again.status, again.body.error, again.body.access_token]).toEqual([400, 'invalid_grant', undefined]);
    expect(await exchangeAudits()).toBe(before);
  });

  test('when the request is malformed, then invalid_request', async () => {
    const token = await githubToken();
    const forms: Record<string, string>[] = [
      { grant_type: TOKEN_EXCHANGE, subject_token_type: JWT_TYPE },
      { grant_type: TOKEN_EXCHANGE, subject_token: token },
      { grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' },
      { grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: JWT_TYPE, requested_token_type: 'urn:x' },
      { grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: JWT_TYPE, actor_token: token },
      { grant_type: JWT_BEARER },
    ];
    for (const form of forms) {
      const res = await exchange(form);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    }
    const twice = await t.http
      .post('/oauth2/token')
      .type('form')
      .send(`grant_type=${encodeURIComponent(JWT_BEARER)}&assertion=a&assertion=b`);
    expect([twice.status, twice.body.error]).toEqual([400, 'invalid_request']);
  });
});

describe('one subject, several accounts', () => {
  test('when two accounts trust the same token, then without audience it is invalid_target, and audience picks one', async () => {
    const staging = await makeAccount('GitHub deployer (staging)');
    const production = await makeAccount('GitHub deployer (production)');
    await githubRuleFor(staging, 'acme/shared');
    await githubRuleFor(production, 'acme/shared');
    const before = await exchangeAudits();
    const ambiguous = await tokenExchange(await githubToken('acme/shared'));
    expect([ambiguous.status, ambiguous.body.error, ambiguous.body.access_token]).toEqual([400, 'invalid_target', undefined]);
    expect(await exchangeAudits()).toBe(before);
    const picked = await tokenExchange(await githubToken('acme/shared'), { audience: production.clientId });
    expect(picked.status).toBe(200);
    const whoami = await t.http.get('/v3/iam/whoami').set(bearer(picked.body.access_token));
    expect(whoami.body.data.id).toBe(production.id);
    const nobody = await tokenExchange(await githubToken('acme/shared'), { audience: deployer.clientId });
    expect([nobody.status, nobody.body.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('the rule plays the key', () => {
  test('when the rule is deleted, then the tokens it minted stop working on the next request', async () => {
    const account = await makeAccount('Short-lived deployer');
    const rule = await githubRuleFor(account, 'acme/ephemeral');
    const token = (await tokenExchange(await githubToken('acme/ephemeral'))).body.access_token as string;
    expect((await t.http.get(v2(`/service-accounts/${account.id}`)).set(bearer(token))).status).toBe(200);
    await t.http
      .delete(v2(`/service-accounts/${account.id}/federated-credentials/${rule}`))
      .set(t.adminBearer)
      .expect(204);
    expect((await t.http.get(v2(`/service-accounts/${account.id}`)).set(bearer(token))).status).toBe(401);
    expect((await tokenExchange(await githubToken('acme/ephemeral'))).body.error).toBe('invalid_grant');
  });

  test('when the rule is changed, then the tokens it minted before stop working, and new ones work', async () => {
    const account = await makeAccount('Changing deployer');
    const rule = await githubRuleFor(account, 'acme/changing');
    const before = (await tokenExchange(await githubToken('acme/changing'))).body.access_token as string;
    const changed = await t.http
      .put(v2(`/service-accounts/${account.id}/federated-credentials/${rule}`))
      .set(t.adminBearer)
      .send({ name: 'renamed', issuer: github.url, subject: 'repo:acme/changing:environment:production', audiences: ['iamgate'] });
    expect(changed.status).toBe(200);
    expect((await t.http.get(v2(`/service-accounts/${account.id}`)).set(bearer(before))).status).toBe(401);
    const after = (await tokenExchange(await githubToken('acme/changing'))).body.access_token as string;
    expect((await t.http.get(v2(`/service-accounts/${account.id}`)).set(bearer(after))).status).toBe(200);
  });

  test('when its account is disabled, then its tokens stop and no new one is minted', async () => {
    const account = await makeAccount('Disabled deployer');
    await githubRuleFor(account, 'acme/disabled');
    const token = (await tokenExchange(await githubToken('acme/disabled'))).body.access_token as string;
    await t.http
      .post(v2(`/service-accounts/${account.id}/disable`))
      .set(t.adminBearer)
      .expect(200);
    expect((await t.http.get(v2(`/service-accounts/${account.id}`)).set(bearer(token))).status).toBe(401);
    expect((await tokenExchange(await githubToken('acme/disabled'))).body.error).toBe('invalid_grant');
  });

  test('when a token minted by a rule makes a change, then the change is audited with the rule as its key', async () => {
    const token = (await tokenExchange(await githubToken())).body.access_token as string;
    const res = await t.http.post(v2('/service-accounts')).set(bearer(token)).send({ name: 'Made by a workflow' });
    expect(res.status).toBe(201);
    const events = await t.http.get(v2(`/service-accounts/${res.body.data.id}/audit-events`)).set(t.adminBearer);
    expect(events.body.data[0]).toMatchObject({ action: 'service-account.create', actorId: deployer.id, actorKeyId: githubRule });
  });
});

test('the authorization server metadata lists both grant types', async () => {
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    const res = await t.http.get(path);
    expect(res.body.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', TOKEN_EXCHANGE, JWT_BEARER]));
  }
});

test('the rules a v3 account shows are linked from it', async () => {
  const res = await t.http.get(v3(`/service-accounts/${cluster.id}`)).set(t.adminBearer);
  expect(res.body.data.relationships['federated-credentials']).toEqual({
    data: [{ type: 'federated-credentials', id: clusterRule }],
    links: { related: expect.stringMatching(new RegExp(`/service-accounts/${cluster.id}/federated-credentials$`)) },
  });
});

// Last: it moves the server's clock past every token of this file.
test('when the tokens whose jti was used have expired, then the sweeper drops what was kept of them', async () => {
  const kept = async () => Number((await t.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM federation_jtis'))[0].n);
  const stored = await kept();
  expect(stored).toBeGreaterThan(0);
  const logger = { warn: () => undefined } as unknown as ConstructorParameters<typeof Sweeper>[2];
  const sweeper = new Sweeper(t.running.runtime.store, t.running.runtime.clock, logger);
  expect((await sweeper.sweep()).federationJtis).toBe(0);
  t.clock.advance(3_600_000);
  expect((await sweeper.sweep()).federationJtis).toBe(stored);
  expect(await kept()).toBe(0);
});

function unsigned(claims: Record<string, unknown>): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(now().getTime() / 1000);
  return `${part({ alg: 'none', typ: 'JWT', kid: rsa.kid })}.${part({ ...claims, iat, exp: iat + 300 })}.`;
}

/** The classic confusion: HS256 "signed" with the issuer's public key as the HMAC secret. */
async function hmacWithPublicKey(claims: Record<string, unknown>): Promise<string> {
  const secret = new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.privateKey).then(({ n, e, kty }) => ({ kty, n, e }))));
  const iat = Math.floor(now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(secret);
}
