// Issue 18: a retiring dialect says so on every response (Deprecation, Sunset, Link), in its
// OpenAPI document and in /metrics; during a brownout window it answers 410 in its own shape
// (exempt accounts pass, other dialects are untouched); after its sunset, 410 always.
import { retirementFromEnv } from '../../src/retirement/config';

// The package's types need node16 module resolution; its CommonJS build is what jest loads.
const { parseItem } = require('structured-headers') as { parseItem(text: string): [unknown, Map<string, unknown>] };
import { bearer, useTestServer } from '../support/server';

const HOUR = 3600_000;
const now = Date.now();
const at = (ms: number) => new Date(ms).toISOString();
const exempt = { id: '' };

// The brownout is set around "now"; the server's clock is then moved, instead of sleeping.
const env = {
  DIALECT_DEPRECATION_V1: '2026-01-01T00:00:00Z',
  DIALECT_SUNSET_V1: at(now + 48 * HOUR),
  DIALECT_DEPRECATION_LINK_V1: 'https://example.com/retiring-v1',
  DIALECT_BROWNOUTS_V1: `${at(now + HOUR)}/PT1H,${at(now + 3 * HOUR)}/${at(now + 4 * HOUR)}`,
};
const t = useTestServer({ retirement: retirementFromEnv(env) });

beforeAll(async () => {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: 'partner', scopes: ['service-accounts:read'] });
  exempt.id = made.body.data.id;
  // Exemptions name accounts; set after the fact here because the account is made by the test.
  t.running.runtime.config.retirement!.v1.exempt.push(exempt.id);
  (exempt as { secret?: string }).secret = made.body.data.clientSecret;
});

test('every v1 response carries Deprecation, Sunset and Link in their standard formats; v2 none', async () => {
  for (const res of [
    await t.http.get('/v1/service-accounts').set(t.adminBearer),
    await t.http.get('/v1/nothing-here').set(t.adminBearer),
  ]) {
    // RFC 9745: an sf-date (`@` and integer seconds), read by a structured-field parser; RFC 8594: an IMF-fixdate.
    expect(res.headers.deprecation).toBe(`@${Date.parse('2026-01-01T00:00:00Z') / 1000}`);
    const [deprecatedAt] = parseItem(res.headers.deprecation);
    expect((deprecatedAt as Date).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(res.headers.sunset).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
    expect(Math.abs(Date.parse(res.headers.sunset) - Date.parse(env.DIALECT_SUNSET_V1))).toBeLessThan(1000);
    expect(res.headers.link).toBe(
      '<https://example.com/retiring-v1>; rel="deprecation"; type="text/html", <https://example.com/retiring-v1>; rel="sunset"; type="text/html"',
    );
  }
  const v2 = await t.http.get('/api/v2/service-accounts').set(t.adminBearer);
  expect(v2.headers.deprecation).toBeUndefined();
  expect(v2.headers.sunset).toBeUndefined();
});

test('the OpenAPI document marks every v1 operation deprecated and gives the dates', async () => {
  type Responses = Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
  const doc = (await t.http.get('/openapi/v1.json')).body as {
    info: { description: string };
    paths: Record<string, Record<string, { deprecated?: boolean; responses: Responses }>>;
    components: { headers: Record<string, unknown>; responses: Responses };
  };
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
  expect(ops.every((op) => op.deprecated === true)).toBe(true);
  // Every response, success or error, names the headers the dialect's retirement puts on it.
  expect(Object.keys(doc.components.headers)).toEqual(expect.arrayContaining(['Deprecation', 'Sunset', 'Link']));
  const responses = [...ops.flatMap((op) => Object.values(op.responses)), ...Object.values(doc.components.responses)].filter(
    (r) => !r.$ref,
  );
  for (const r of responses) expect(Object.keys(r.headers ?? {})).toEqual(expect.arrayContaining(['Deprecation', 'Sunset', 'Link']));
  expect(doc.info.description).toContain('deprecated since 2026-01-01T00:00:00Z');
  expect(doc.info.description).toContain('use v3 instead');
  const v2 = (await t.http.get('/openapi/v2.json')).body as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
  expect(
    Object.values(v2.paths)
      .flatMap((p) => Object.values(p))
      .some((op) => op.deprecated),
  ).toBe(false);
});

test('calls to the deprecated dialect are counted in /metrics', async () => {
  await t.http.get('/v1/service-accounts').set(t.adminBearer);
  const metrics = (await t.http.get('/metrics')).text;
  expect(metrics).toMatch(/iamgate_deprecated_requests_total\{dialect="v1"\} [1-9]/);
  expect(metrics).not.toMatch(/iamgate_deprecated_requests_total\{dialect="v2"\}/);
});

test('during a brownout, v1 answers 410 in the v1 shape naming the successor, exempt accounts pass, v2 and v3 are untouched', async () => {
  expect((await t.http.get('/v1/service-accounts').set(t.adminBearer)).status).toBe(200);
  t.clock.advance(HOUR + 60_000);
  try {
    const refused = await t.http.get('/v1/service-accounts').set(t.adminBearer);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 410, data: null });
    expect(refused.body.message).toMatch(/brownout until .*Z.*sunset.*Use v3 instead\. See https:\/\/example\.com\/retiring-v1/);
    const partner = await t.http.get('/v1/service-accounts').set(bearer((exempt as { secret?: string }).secret!));
    expect(partner.status).toBe(200);
    expect((await t.http.get('/api/v2/service-accounts').set(t.adminBearer)).status).toBe(200);
    expect((await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`).set(t.adminBearer)).status).toBe(200);
  } finally {
    t.clock.advance(HOUR);
  }
  expect((await t.http.get('/v1/service-accounts').set(t.adminBearer)).status).toBe(200);
});

test('after the sunset, v1 answers 410 to everyone, exempt or not, even without credentials', async () => {
  t.clock.advance(48 * HOUR);
  for (const auth of [t.adminBearer, bearer((exempt as { secret?: string }).secret!), {}]) {
    const res = await t.http.get('/v1/service-accounts').set(auth);
    expect(res.status).toBe(410);
    expect(res.body.message).toMatch(/v1 was retired on/);
  }
  expect((await t.http.get('/api/v2/service-accounts').set(t.adminBearer)).status).toBe(200);
});

test('the configuration refuses what it cannot read', () => {
  expect(() => retirementFromEnv({ DIALECT_SUNSET_V1: 'next tuesday' })).toThrow(/DIALECT_SUNSET_V1/);
  expect(() => retirementFromEnv({ DIALECT_BROWNOUTS_V1: '2026-12-10T10:00:00Z/P1Q' })).toThrow(/duration/);
  expect(() => retirementFromEnv({ DIALECT_DEPRECATION_LINK_V1: 'javascript:alert(1)' })).toThrow(/http/);
  expect(
    retirementFromEnv({ DIALECT_BROWNOUTS_V2: '2026-12-10T10:00:00Z/PT1H30M' }).v2.brownouts[0].end - Date.parse('2026-12-10T10:00:00Z'),
  ).toBe(90 * 60_000);
});
