// Behind a proxy (issue 17): the URLs iamgate names (OAuth2 issuer and endpoints, the GET / index)
// never come from a Host header it has no reason to believe. PUBLIC_URL wins; otherwise TRUST_PROXY
// decides whether X-Forwarded-Host/-Proto count; by default only the address the connection was made
// to counts. The OAuth2 metadata lists only registered client authentication methods.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { DIALECTS } from '../../src/dialects';
import { parseTrustProxy } from '../../src/http/trust-proxy';
import { startTestServer, useTestServer, type TestServer } from '../support/server';

const METADATA = '/.well-known/oauth-authorization-server';
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

describe('with the defaults (no PUBLIC_URL, TRUST_PROXY off)', () => {
  const t = useTestServer();
  const direct = () => `http://127.0.0.1:${t.running.port}`;

  test('when the Host header names another host, then the issuer is still the address the server was reached on', async () => {
    const res = await t.http.get(METADATA).set('Host', 'evil.example');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: direct(),
      token_endpoint: `${direct()}/oauth2/token`,
      introspection_endpoint: `${direct()}/oauth2/introspect`,
      revocation_endpoint: `${direct()}/oauth2/revoke`,
      service_documentation: `${direct()}/docs`,
    });
  });

  test('when X-Forwarded-Host and -Proto are sent by an untrusted peer, then they do not count', async () => {
    const res = await t.http
      .get(METADATA)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'https');
    expect(res.body.issuer).toBe(direct());
  });

  test('when the metadata is read, then it lists only registered client authentication methods', async () => {
    const { body } = await t.http.get(METADATA);
    const registered = ['client_secret_basic', 'client_secret_post'];
    expect(body.token_endpoint_auth_methods_supported).toEqual(registered);
    expect(body.introspection_endpoint_auth_methods_supported).toEqual(registered);
    expect(body.revocation_endpoint_auth_methods_supported).toEqual(registered);
    expect(JSON.stringify(body)).not.toMatch(/"bearer"/i);
  });

  test('when an introspected token is active, then its iss is the same issuer, whatever Host says', async () => {
    const token = await t.http
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: t.admin.clientId, client_secret: t.admin.secret });
    expect(token.status).toBe(200);
    const res = await t.http
      .post('/oauth2/introspect')
      .set('Host', 'evil.example')
      .set(t.adminBearer)
      .type('form')
      .send({ token: token.body.access_token });
    expect(res.body).toMatchObject({ active: true, iss: direct() });
  });

  test('when GET / is asked, then a JSON index names the server, its version, the docs and every dialect', async () => {
    const res = await t.http.get('/').set('Host', 'evil.example');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toMatchObject({
      name: pkg.name,
      version: pkg.version,
      links: { docs: `${direct()}/docs`, errors: `${direct()}/docs/errors`, oauth2: `${direct()}${METADATA}` },
    });
    expect(res.body.dialects.map((d: { name: string }) => d.name)).toEqual(DIALECTS.map((d) => d.name));
    for (const d of res.body.dialects as { name: string; basePath: string; url: string; openapi: string }[]) {
      expect(d.openapi).toBe(`${direct()}/openapi/${d.name}.json`);
      expect(d.url).toBe(`${direct()}${d.basePath}`);
      const doc = await t.http.get(new URL(d.openapi).pathname);
      expect([d.name, doc.status]).toEqual([d.name, 200]);
    }
    expect(res.body.dialects.find((d: { name: string }) => d.name === 'v2')).toMatchObject({ basePath: '/api/v2' });
    expect(res.body.platform).toEqual({ title: expect.any(String), openapi: `${direct()}/openapi/platform.json` });
    expect((await t.http.get(new URL(res.body.platform.openapi).pathname)).body.info.title).toBe(res.body.platform.title);
  });

  test('when / is asked for without credentials, then it needs none, and /docs it links to answers', async () => {
    const index = await t.http.get('/');
    expect((await t.http.get(new URL(index.body.links.docs).pathname)).status).toBe(200);
  });
});

describe('with TRUST_PROXY', () => {
  let servers: TestServer[] = [];
  const start = async (trustProxy: ReturnType<typeof parseTrustProxy>, publicUrl?: string) => {
    const s = await startTestServer({ trustProxy, publicUrl });
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  test('when the peer (loopback) is trusted, then X-Forwarded-Host and -Proto make the issuer', async () => {
    const s = await start(parseTrustProxy('loopback'));
    const res = await s.http
      .get(METADATA)
      .set('Host', 'internal:8080')
      .set('X-Forwarded-Host', 'iam.example.com')
      .set('X-Forwarded-Proto', 'https');
    expect(res.body).toMatchObject({ issuer: 'https://iam.example.com', token_endpoint: 'https://iam.example.com/oauth2/token' });
    const index = await s.http.get('/').set('X-Forwarded-Host', 'iam.example.com').set('X-Forwarded-Proto', 'https');
    expect(index.body.links.docs).toBe('https://iam.example.com/docs');
    const doc = await s.http.get('/openapi/v3.json').set('X-Forwarded-Host', 'iam.example.com').set('X-Forwarded-Proto', 'https');
    expect(doc.body.servers[0].url).toBe('https://iam.example.com');
  });

  test('when the peer is trusted but sends no X-Forwarded-Host, then the Host it passed on counts', async () => {
    const s = await start(true);
    const res = await s.http.get(METADATA).set('Host', 'iam.internal:8443').set('X-Forwarded-Proto', 'https');
    expect(res.body.issuer).toBe('https://iam.internal:8443');
  });

  test("when only other addresses are trusted, then the loopback peer's headers do not count", async () => {
    const s = await start(parseTrustProxy('10.0.0.1, 192.168.0.0/16'));
    const res = await s.http
      .get(METADATA)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'https');
    expect(res.body.issuer).toBe(`http://127.0.0.1:${s.running.port}`);
  });

  test('when a trusted peer forwards a malformed host or scheme, then neither is used', async () => {
    const s = await start(true);
    const res = await s.http.get(METADATA).set('X-Forwarded-Host', 'x"><script>').set('X-Forwarded-Proto', 'javascript');
    expect(res.body.issuer).toBe(`http://127.0.0.1:${s.running.port}`);
  });

  test('when PUBLIC_URL is set, then it wins over everything forwarded', async () => {
    const s = await start(true, 'https://iam.example.com/base');
    const res = await s.http.get(METADATA).set('X-Forwarded-Host', 'evil.example').set('X-Forwarded-Proto', 'http');
    expect(res.body).toMatchObject({ issuer: 'https://iam.example.com/base', token_endpoint: 'https://iam.example.com/base/oauth2/token' });
    expect((await s.http.get('/')).body.links.docs).toBe('https://iam.example.com/base/docs');
    // The OpenAPI documents name it as their server and token URL, so clients made from them call it there.
    for (const name of ['v2', 'platform']) {
      const doc = (await s.http.get(`/openapi/${name}.json`).set('X-Forwarded-Host', 'evil.example')).body;
      expect([name, doc.servers[0].url, doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl]).toEqual([
        name,
        'https://iam.example.com/base',
        'https://iam.example.com/base/oauth2/token',
      ]);
    }
  });

  test('when the peer is trusted, then X-Forwarded-For is the client address the audit log records', async () => {
    const s = await start(parseTrustProxy('loopback'));
    const made = await s.http
      .post('/api/v2/service-accounts')
      .set({ Authorization: `Bearer ${s.admin.secret}` })
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ name: 'Forwarded' });
    expect(made.status).toBe(201);
    const events = await s.http
      .get(`/api/v2/service-accounts/${made.body.data.id}/audit-events`)
      .set({ Authorization: `Bearer ${s.admin.secret}` });
    expect(JSON.stringify(events.body)).toContain('203.0.113.7');
  });
});

describe('configuration', () => {
  test('when TRUST_PROXY is unset, off, a boolean, a hop count or a list, then it reads as express takes it', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8 ,fd00::/8')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
  });

  test('when TRUST_PROXY names something that is not an address, then the configuration is refused with the reason', () => {
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY must be .*proxy\.example/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.300' })).toThrow(/TRUST_PROXY/);
  });

  test('when HOST and BOOTSTRAP_CREDENTIALS_FILE are unset, then iamgate listens on 0.0.0.0 and prints the credentials', () => {
    const config = loadConfig({});
    expect(config.host).toBe('0.0.0.0');
    expect(config.trustProxy).toBe(false);
    expect(config.bootstrapCredentialsFile).toBeUndefined();
    expect(loadConfig({ HOST: '127.0.0.1', BOOTSTRAP_CREDENTIALS_FILE: '/run/secrets/x.json' })).toMatchObject({
      host: '127.0.0.1',
      bootstrapCredentialsFile: '/run/secrets/x.json',
    });
  });
});
