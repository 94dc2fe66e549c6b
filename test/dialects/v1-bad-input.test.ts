// Every failure through /v1 comes in the v1 envelope: malformed JSON, wrong media types, oversized
// bodies, missing credentials, unknown routes, a foreign X-Org-ID — never a 500, nothing written.
import { bearer, startTestServer, useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> & { errors?: { field: string }[] } };

function expectV1Error(res: Res, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(
    field === undefined ? ['code', 'data', 'message', 'requestId'] : ['code', 'data', 'errors', 'message', 'requestId'],
  );
  expect(res.body).toMatchObject({ code: status, data: null, message: expect.any(String), requestId: res.headers['x-request-id'] });
  if (field !== undefined) expect(res.body.errors!.map((e) => e.field)).toContain(field);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

const count = async () => Number((await t.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM service_accounts'))[0].n);
const postRaw = (type: string, raw: string) => t.http.post('/v1/service-accounts').set(auth).set('Content-Type', type).send(raw);

test.each([
  ['{"name": "x"', 'truncated'],
  ["{'name': 'x'}", 'single quotes'],
  [' ', 'blank'],
])('when the body is malformed JSON (%j, %s), then 400 without field errors and nothing is written', async (raw) => {
  const before = await count();
  expectV1Error(await postRaw('application/json', raw), 400);
  expect(await count()).toBe(before);
});

test.each(['null', '[]', '"name"', '42'])(
  'when the body is the JSON value %s, then 400 names the body and nothing is written',
  async (raw) => {
    const before = await count();
    expectV1Error(await postRaw('application/json', raw), 400, 'body');
    expect(await count()).toBe(before);
  },
);

test('when no body is sent at all, then 400 names the body', async () => {
  expectV1Error(await t.http.post('/v1/service-accounts').set(auth), 400, 'body');
});

test.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/vnd.api+json'])(
  'when the body is sent as %s, then 415 and nothing is written',
  async (type) => {
    const before = await count();
    expectV1Error(await postRaw(type, '{"name":"typed","permissions":[]}'), 415);
    expect(await count()).toBe(before);
  },
);

test('when the charset is not UTF-8, then 415', async () => {
  expectV1Error(await postRaw('application/json; charset=latin-9', '{"name":"x","permissions":[]}'), 415);
});

test('when the body is over 64 KiB, then 413 and nothing is written', async () => {
  const before = await count();
  expectV1Error(
    await t.http
      .post('/v1/service-accounts')
      .set(auth)
      .send({ name: 'big', permissions: [], description: 'x'.repeat(70 * 1024) }),
    413,
  );
  expect(await count()).toBe(before);
});

test.each([
  ['no Authorization header', {}],
  ['a made-up bearer', { Authorization: 'Bearer hello' }],
  ['an unknown scheme', { Authorization: 'Token abc' }],
])('when the request has %s, then 401 with WWW-Authenticate in the v1 shape and nothing is written', async (_label, headers) => {
  const before = await count();
  const res = await t.http.post('/v1/service-accounts').set(headers).send({ name: 'Anon', permissions: [] });
  expectV1Error(res, 401);
  expect(res.headers['www-authenticate']).toMatch(/Bearer realm="iamgate"/);
  expect(await count()).toBe(before);
});

test.each([
  ['GET', '/v1/nothing-here'],
  ['POST', '/v1/service-accounts/0198f0a0-0000-7000-8000-000000000000/explode'],
])('when %s %s is not a v1 route, then 404 in the v1 shape', async (method, path) => {
  expectV1Error(await t.http[method.toLowerCase() as 'get' | 'put' | 'post'](path).set(auth), 404);
});

// Issue 17: a path that exists, asked with a method it does not take, is 405 with Allow.
test.each([
  ['PUT', '/v1/service-accounts/0198f0a0-0000-7000-8000-000000000000', 'GET, PATCH, DELETE, HEAD'],
  ['GET', '/v1/api-keys/0198f0a0-0000-7000-8000-000000000000', 'DELETE'],
])('when %s %s names a v1 path with another method, then 405 with Allow in the v1 shape', async (method, path, allow) => {
  const res = await t.http[method.toLowerCase() as 'get' | 'put'](path).set(auth);
  expectV1Error(res, 405);
  expect(res.headers.allow).toBe(allow);
});

describe('X-Org-ID', () => {
  test('when it names the caller org (in any case), then the request goes through', async () => {
    const res = await t.http
      .post('/v1/service-accounts')
      .set(auth)
      .set('X-Org-ID', t.admin.organizationId.toUpperCase())
      .send({ name: 'Org header ok', permissions: [] });
    expect(res.status).toBe(200);
    expect(res.body.data.organizationId).toBe(t.admin.organizationId);
  });

  test('when it names another org, a made-up one or nothing, then 403 and nothing is written', async () => {
    const other = await t.newOrg('Header neighbour');
    for (const named of [other.organizationId, 'not-an-org', '']) {
      const before = await count();
      expectV1Error(
        await t.http.post('/v1/service-accounts').set(auth).set('X-Org-ID', named).send({ name: 'Org header bad', permissions: [] }),
        403,
      );
      expectV1Error(await t.http.get('/v1/service-accounts').set(auth).set('X-Org-ID', named), 403);
      expect(await count()).toBe(before);
    }
    // The other org's own key with its own org id is fine, and sees nothing of ours.
    const theirs = await t.http.get('/v1/service-accounts').set(bearer(other.secret)).set('X-Org-ID', other.organizationId);
    expect(theirs.body.data.items.map((a: { organizationId: string }) => a.organizationId)).toEqual([other.organizationId]);
  });
});

test('when the client sends X-Request-Id, then the header and the envelope echo it; otherwise one is made', async () => {
  const given = await t.http.get('/v1/service-accounts').set(auth).set('X-Request-Id', 'legacy-123');
  expect(given.headers['x-request-id']).toBe('legacy-123');
  expect(given.body.requestId).toBe('legacy-123');
  const failed = await t.http.get('/v1/service-accounts/nope').set(auth).set('X-Request-Id', 'legacy-456');
  expect(failed.body.requestId).toBe('legacy-456');
  const made = await t.http.get('/v1/service-accounts').set(auth);
  expect(made.body.requestId).toBe(made.headers['x-request-id']);
  expect(made.body.requestId).toMatch(/^req_[0-9a-f]{32}$/);
});

test('when failed authentications pass the limit, then 429 with Retry-After in the v1 shape', async () => {
  const limited = await startTestServer({ rateLimits: { authFailuresPerMinute: 2, tokenRequestsPerMinute: 100 } });
  try {
    const statuses: number[] = [];
    let last: Res | undefined;
    for (let i = 0; i < 4; i++) {
      last = await limited.http.get('/v1/service-accounts').set(bearer('wrong-secret'));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
    expectV1Error(last!, 429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  } finally {
    await limited.close();
  }
});
