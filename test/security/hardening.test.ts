// Hardening: security headers, no CORS unless configured, header-size and request-time limits.
import { connect } from 'node:net';
import { bearer, startTestServer, useTestServer } from '../support/server';

const t = useTestServer();

test('when any response is sent, then it carries the security headers and no X-Powered-By', async () => {
  for (const res of [await t.http.get('/healthz'), await t.http.get('/api/v2/service-accounts').set(bearer(t.admin.secret))]) {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  }
});

test('when CORS is not configured, then a browser origin gets no CORS headers', async () => {
  const res = await t.http.get('/api/v2/service-accounts').set(bearer(t.admin.secret)).set('Origin', 'https://evil.example');
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
  const preflight = await t.http
    .options('/api/v2/service-accounts')
    .set('Origin', 'https://evil.example')
    .set('Access-Control-Request-Method', 'POST');
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
});

test('when CORS_ORIGINS names an origin, then only that origin is allowed', async () => {
  const c = await startTestServer({ corsOrigins: ['https://app.example'] });
  try {
    const ok = await c.http.get('/api/v2/service-accounts').set(bearer(c.admin.secret)).set('Origin', 'https://app.example');
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(ok.headers['access-control-expose-headers']).toContain('ETag');
    const preflight = await c.http
      .options('/api/v2/service-accounts')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Idempotency-Key');
    const other = await c.http.get('/api/v2/service-accounts').set(bearer(c.admin.secret)).set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  } finally {
    await c.close();
  }
});

/** Raw bytes over a socket; resolves with whatever the server answered before closing. */
function raw(port: number, bytes: string, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
    setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, waitMs);
  });
}

test('when the request headers are too large, then 431', async () => {
  const res = await raw(t.running.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 3000);
  expect(res).toMatch(/^HTTP\/1\.1 431/);
});

test('when a client sends its body too slowly, then the request times out with 408', async () => {
  const slow = await startTestServer({ requestTimeoutMs: 1000 });
  try {
    const head = `POST /api/v2/service-accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${slow.admin.secret}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const res = await raw(slow.running.port, `${head}{"na`, 5000);
    expect(res).toMatch(/^HTTP\/1\.1 408/);
  } finally {
    await slow.close();
  }
});

test('when a list asks for more than 100 items, then 400 in every dialect', async () => {
  const auth = bearer(t.admin.secret);
  expect((await t.http.get('/v1/service-accounts?limit=101').set(auth)).status).toBe(400);
  expect((await t.http.get('/api/v2/service-accounts?limit=101').set(auth)).status).toBe(400);
  expect((await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts?page[limit]=101`).set(auth)).status).toBe(400);
});
