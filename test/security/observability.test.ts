// Metrics by dialect/route/status, auth failures and bcrypt time; logs carry no credentials.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { bearer, startTestServer, type TestServer } from '../support/server';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

test('when requests are served, then /metrics counts them by dialect, route pattern and status', async () => {
  const made = await t.http.post('/api/v2/service-accounts').set(bearer(t.admin.secret)).send({ name: 'Metered' });
  await t.http.get(`/api/v2/service-accounts/${made.body.data.id}`).set(bearer(t.admin.secret));
  await t.http.get('/api/v2/service-accounts').set(bearer('iamg_wrong'));
  const res = await t.http.get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  expect(res.text).toMatch(
    /iamgate_http_requests_total\{dialect="v2",route="\/api\/v2\/service-accounts\/:id",method="GET",status="200"\} 1/,
  );
  expect(res.text).toMatch(/iamgate_http_requests_total\{dialect="v2",route="\/api\/v2\/service-accounts",method="POST",status="201"\} 1/);
  expect(res.text).toMatch(/iamgate_http_request_duration_seconds_bucket\{le="0.1",dialect="v2"/);
  expect(res.text).toMatch(
    /iamgate_http_request_duration_seconds_count\{dialect="v2",route="\/api\/v2\/service-accounts",method="GET",status="401"\} 1/,
  );
  expect(res.text).toContain(`iamgate_build_info{version="${VERSION}",node_version="${process.versions.node}"} 1`);
  expect(res.text).not.toMatch(/^iamgate_nodejs_active_\w+_total/m); // gauges named *_total: promtool refuses them
  expect(res.text).toMatch(/iamgate_auth_failures_total\{reason="Invalid credentials"\} [1-9]/);
  expect(res.text).toMatch(/iamgate_bcrypt_duration_seconds_count\{operation="hash"\} [1-9]/);
  expect(res.text).not.toContain(made.body.data.id);
});

test('when something logs a credential, then pino redacts it', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  logger.info({ req: { headers: { authorization: 'Bearer iamg_x' } }, body: { clientSecret: 'iamg_y', client_secret: 'z' } }, 'hello');
  expect(lines.join('')).not.toMatch(/iamg_x|iamg_y|"z"/);
  expect(lines.join('')).toContain('[redacted]');
});
