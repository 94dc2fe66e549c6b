// METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>`; unset, it is open
// (observability.test.ts). The health routes stay open either way.
import { loadConfig } from '../../src/config';
import { bearer, startTestServer, type TestServer } from '../support/server';

const TOKEN = 'metrics-only-3f9c1d';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ metricsToken: TOKEN });
});
afterAll(async () => {
  await t.close();
});

test('when METRICS_TOKEN is set in the environment, then the config carries it (and nothing when empty)', () => {
  expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  expect(loadConfig({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
});

test('when /metrics is asked without the token, or with a wrong or longer one, then it is 401 with WWW-Authenticate', async () => {
  for (const headers of [
    {},
    bearer('wrong'),
    bearer(`${TOKEN}x`),
    bearer(TOKEN.slice(0, -1)),
    { Authorization: `Basic ${TOKEN}` },
    bearer(t.admin.secret),
  ]) {
    const res = await t.http.get('/metrics').set(headers);
    expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer realm="iamgate-metrics"']);
    expect(res.text).not.toContain('iamgate_http_requests_total');
  }
});

test('when /metrics is asked with the token, then it serves the metrics; /healthz and /readyz need none', async () => {
  const res = await t.http.get('/metrics').set(bearer(TOKEN));
  expect(res.status).toBe(200);
  expect(res.text).toContain('iamgate_http_requests_total');
  expect((await t.http.get('/healthz')).status).toBe(200);
  expect((await t.http.get('/readyz')).status).toBe(200);
});
