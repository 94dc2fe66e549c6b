// GET /metrics passes `promtool check metrics` (Prometheus's own linter: counters end in _total and
// nothing else does, base units, HELP on every metric, no duplicates), scraped after requests of
// every kind so the labelled counters and histograms have samples. promtool is found through
// PROMTOOL, PATH or /tmp/prometheus-deb (`.ci/run` unpacks Debian's prometheus package and sets
// PROMTOOL); without it the test fails in CI and is skipped elsewhere, saying so.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { basic, bearer, startTestServer } from '../support/server';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findPromtool(): string | undefined {
  if (process.env.PROMTOOL) return process.env.PROMTOOL; // named explicitly: used (and must work) as is
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'promtool'));
  return [...onPath, '/tmp/prometheus-deb/usr/bin/promtool'].find(executable);
}

const PROMTOOL = findPromtool();
const NOT_FOUND =
  'promtool not found (set PROMTOOL, put it on PATH, or: cd /tmp && apt-get download prometheus && dpkg-deb -x prometheus_*.deb /tmp/prometheus-deb)';
if (!PROMTOOL && !process.env.CI) console.warn(`skipped: ${NOT_FOUND}`);
const maybe = PROMTOOL || process.env.CI ? test : test.skip;

maybe(
  `when /metrics is scraped after requests, then promtool check metrics finds no problem${PROMTOOL ? '' : ` (${NOT_FOUND})`}`,
  async () => {
    if (!PROMTOOL) throw new Error(NOT_FOUND);
    const t = await startTestServer();
    try {
      const made = await t.http.post('/api/v2/service-accounts').set(bearer(t.admin.secret)).send({ name: 'Linted' });
      expect(made.status).toBe(201);
      await t.http.get(`/api/v2/service-accounts/${made.body.data.id}`).set(bearer(t.admin.secret));
      await t.http.get('/api/v2/service-accounts').set(bearer('iamg_wrong'));
      await t.http.get('/v1/service-accounts').set(bearer(t.admin.secret));
      await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`).set(bearer(t.admin.secret));
      await t.http
        .post('/oauth2/token')
        .set(basic(t.admin.clientId, t.admin.secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      await t.http.get('/no/such/route');
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(200);
      // Samples of what promtool is to judge: a labelled counter, a labelled histogram, the build info.
      expect(res.text).toMatch(/^iamgate_http_requests_total\{.*status="201"\} 1$/m);
      expect(res.text).toMatch(/^iamgate_http_request_duration_seconds_bucket\{le="[^"]+",dialect="v2",.*status="200"\} 1$/m);
      expect(res.text).toMatch(/^iamgate_auth_failures_total\{reason="[^"]+"\} [1-9]/m);
      expect(res.text).toMatch(/^iamgate_build_info\{version="[^"]+",node_version="[^"]+"\} 1$/m);

      const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: res.text, encoding: 'utf8', timeout: 20_000 });
      expect(lint.error).toBeUndefined();
      expect({ status: lint.status, output: `${lint.stdout}${lint.stderr}`.trim() }).toEqual({ status: 0, output: '' });
    } finally {
      await t.close();
    }
  },
);
