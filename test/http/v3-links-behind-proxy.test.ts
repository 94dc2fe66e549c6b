// v3 `links` and `Location` name this server the way the OAuth2 issuer does (src/http/public-origin.ts):
// PUBLIC_URL, else forwarded headers from a peer TRUST_PROXY trusts, else the address reached —
// never a Host header a client made up.
import { parseTrustProxy } from '../../src/http/trust-proxy';
import { startTestServer, useTestServer, type TestServer } from '../support/server';

const JSONAPI = 'application/vnd.api+json';
const newAccount = (name: string) => ({ data: { type: 'service-accounts', attributes: { name } } });

async function create(s: TestServer, name: string, headers: Record<string, string>) {
  return s.http
    .post(`/v3/orgs/${s.admin.organizationId}/iam/service-accounts`)
    .set({ Authorization: `Bearer ${s.admin.secret}`, 'Content-Type': JSONAPI, ...headers })
    .send(JSON.stringify(newAccount(name)));
}

describe('by default', () => {
  const t = useTestServer();

  test('when a client sends a made-up Host, then Location and links still name the address it reached', async () => {
    const direct = `http://127.0.0.1:${t.running.port}`;
    const res = await create(t, 'Spoofed host', { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(201);
    const self = `${direct}/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${res.body.data.id}`;
    expect(res.headers.location).toBe(self);
    expect(res.body.data.links.self).toBe(self);
    expect(JSON.stringify(res.body)).not.toContain('evil.example');
    const read = await t.http.get(new URL(self).pathname).set({ ...t.adminBearer, Host: 'evil.example' });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain('evil.example');
    expect(read.body.links.self).toBe(self);
  });
});

describe('behind a proxy', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  test('when TRUST_PROXY trusts the proxy, then Location and links use X-Forwarded-Proto and -Host', async () => {
    s = await startTestServer({ trustProxy: parseTrustProxy('loopback') });
    const res = await create(s, 'Forwarded', { 'X-Forwarded-Host': 'iam.example.com', 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`https://iam.example.com/v3/orgs/${s.admin.organizationId}/iam/service-accounts/${res.body.data.id}`);
    expect(res.body.data.links.self).toBe(res.headers.location);
  });

  test('when PUBLIC_URL is set, then Location and links are under it, whatever is forwarded', async () => {
    s = await startTestServer({ trustProxy: true, publicUrl: 'https://iam.example.com/base' });
    const res = await create(s, 'Public', { 'X-Forwarded-Host': 'evil.example', Host: 'evil.example' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(
      `https://iam.example.com/base/v3/orgs/${s.admin.organizationId}/iam/service-accounts/${res.body.data.id}`,
    );
    expect(JSON.stringify(res.body)).not.toContain('evil.example');
  });
});
