// A real nginx (auth_request) in front of a small upstream, asking iamgate's /auth/verify:
// only a request with a valid credential holding the required scope reaches the upstream.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
// CI installs nginx (.ci/run); elsewhere the test is skipped when it is missing.
const maybe = NGINX || process.env.CI ? describe : describe.skip;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function nginxConf(dir: string, port: number, upstream: number, iam: number): string {
  return `
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      auth_request /_iamgate;
      auth_request_set $iam_account $upstream_http_x_auth_account_id;
      auth_request_set $iam_org $upstream_http_x_auth_org_id;
      proxy_set_header X-Account $iam_account;
      proxy_set_header X-Org $iam_org;
      proxy_pass http://127.0.0.1:${upstream};
    }
    location = /_iamgate {
      internal;
      proxy_pass http://127.0.0.1:${iam}/auth/verify?scope=reports:read;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
    }
  }
}`;
}

maybe('nginx auth_request in front of an upstream', () => {
  let t: TestServer;
  let upstream: Server;
  let nginx: ChildProcess;
  let gateway: ReturnType<typeof request>;
  const seen: { account?: string; org?: string }[] = [];

  beforeAll(async () => {
    if (!NGINX) throw new Error('nginx is not installed (CI installs it in .ci/run)');
    t = await startTestServer();
    upstream = createServer((req, res) => {
      seen.push({ account: req.headers['x-account'] as string, org: req.headers['x-org'] as string });
      res.end('upstream says hi');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'iamgate-nginx-'));
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, port, (upstream.address() as AddressInfo).port, t.running.port));
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    gateway = request(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 50; i++) {
      try {
        await gateway.get('/');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('nginx did not start');
  });

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    await new Promise<void>((r) => upstream?.close(() => r()));
    await t?.close();
  });

  test('when the credential holds the scope, then the upstream answers and learns who called', async () => {
    const made = await t.http
      .post('/api/v2/service-accounts')
      .set(bearer(t.admin.secret))
      .send({ name: 'Report reader', scopes: ['reports:read'] });
    expect(made.status).toBe(201);
    const { id, clientId, clientSecret } = made.body.data;
    const token = (
      await t.http.post('/oauth2/token').set(basic(clientId, clientSecret)).type('form').send({ grant_type: 'client_credentials' })
    ).body.access_token;
    for (const auth of [bearer(clientSecret), basic(clientId, clientSecret), bearer(token)]) {
      seen.length = 0;
      const res = await gateway.get('/reports/42').set(auth);
      expect(res.status).toBe(200);
      expect(res.text).toBe('upstream says hi');
      expect(seen).toEqual([{ account: id, org: t.admin.organizationId }]);
    }
  });

  test('when the credential lacks the scope, is missing, or was just revoked, then nginx refuses and the upstream never hears of it', async () => {
    const other = await t.http
      .post('/api/v2/service-accounts')
      .set(bearer(t.admin.secret))
      .send({ name: 'No reports', scopes: ['service-accounts:read'] });
    const holder = await t.http
      .post('/api/v2/service-accounts')
      .set(bearer(t.admin.secret))
      .send({ name: 'Soon revoked', scopes: ['reports:read'] });
    seen.length = 0;
    expect((await gateway.get('/reports/1').set(bearer(other.body.data.clientSecret))).status).toBe(403);
    expect((await gateway.get('/reports/1')).status).toBe(401);
    expect((await gateway.get('/reports/1').set(bearer('iamg_nonsense'))).status).toBe(401);
    expect((await gateway.get('/reports/1').set(bearer(holder.body.data.clientSecret))).status).toBe(200);
    const keyId = holder.body.data.credentials[0].id;
    await t.http.post(`/api/v2/service-accounts/${holder.body.data.id}/credentials/${keyId}/revoke`).set(bearer(t.admin.secret));
    expect((await gateway.get('/reports/1').set(bearer(holder.body.data.clientSecret))).status).toBe(401);
    expect(seen).toHaveLength(1);
  });
});
