// The pages (/docs, /docs/errors, /console) ask browsers to upgrade their requests to https only when
// they were served over https: over plain HTTP on a host that is not localhost, `upgrade-insecure-requests`
// sent every script and style to https and the pages stayed blank (test/e2e/pages-any-host.test.ts
// shows them rendering in Chromium).
import { useTestServer } from '../support/server';

const PAGES = ['/docs', '/docs/errors', '/console', '/console/service-accounts'];
const csp = (res: { headers: Record<string, string> }) => res.headers['content-security-policy'];

describe('over plain HTTP', () => {
  const t = useTestServer();

  test.each(PAGES)('when %s is served, then its CSP does not upgrade requests to https', async (path) => {
    const res = await t.http.get(path).set('Host', 'iam.internal:8080');
    expect(res.status).toBe(200);
    expect(csp(res)).toContain("default-src 'self'");
    expect(csp(res)).not.toContain('upgrade-insecure-requests');
  });

  test('when a client that is not a trusted proxy says X-Forwarded-Proto: https, then nothing is upgraded', async () => {
    const res = await t.http.get('/docs').set('X-Forwarded-Proto', 'https');
    expect(csp(res)).not.toContain('upgrade-insecure-requests');
  });
});

describe('behind a trusted proxy', () => {
  const t = useTestServer({ trustProxy: ['loopback'] });

  test.each(PAGES)('when the proxy forwards %s from https, then its CSP upgrades requests; from http, not', async (path) => {
    const res = await t.http.get(path).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'iam.example.com');
    expect(res.status).toBe(200);
    expect(csp(res)).toMatch(/;upgrade-insecure-requests$/);
    const plain = await t.http.get(path).set('X-Forwarded-Proto', 'http').set('X-Forwarded-Host', 'iam.internal:8080');
    expect(csp(plain)).not.toContain('upgrade-insecure-requests');
  });
});

describe('with an https PUBLIC_URL', () => {
  const t = useTestServer({ publicUrl: 'https://iam.example.com' });

  test('when the pages are served, then they upgrade requests, and the console keeps its stricter policy', async () => {
    for (const path of PAGES) expect(csp(await t.http.get(path))).toMatch(/;upgrade-insecure-requests$/);
    const console = csp(await t.http.get('/console'));
    expect(console).toContain("frame-ancestors 'none'");
    expect(console).toContain("style-src 'self';");
  });
});
