// Issue 12: /auth/verify?scope= is validated before it can reach WWW-Authenticate (a quote forged
// parameters there, a line break gave a 500), a repeated scope is refused rather than ignored, and
// every core error keeps its status and Retry-After.
import { DomainError, rateLimited, unavailable } from '../../src/core/errors';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const admin = t.adminBearer;

const verify = (query: string, auth: Record<string, string> = admin) => t.http.get(`/auth/verify?${query}`).set(auth);

const expectInvalidRequest = (res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }) => {
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  expect(res.headers['www-authenticate']).toBeUndefined();
  expect(res.headers['cache-control']).toBe('no-store');
};

test('when scope carries a quote that would forge a WWW-Authenticate parameter, then 400 invalid_request and no header', async () => {
  expectInvalidRequest(await verify(`scope=${encodeURIComponent('x", error="invalid_token')}`));
});

test.each([
  ['a line feed', 'service-accounts:read%0aX-Injected:%201'],
  ['a carriage return', 'service-accounts:read%0d'],
  ['a tab', 'service-accounts:read%09service-accounts:write'],
  ['a comma', 'a:b,c:d'],
  ['a backslash', 'a:b%5c'],
  ['upper case', 'Service-Accounts:Read'],
  ['no colon', 'admin'],
  ['an over-long permission', `a:${'b'.repeat(200)}`],
])('when scope holds %s, then 400 invalid_request (never a 500)', async (_what, query) => {
  expectInvalidRequest(await verify(`scope=${query}`));
});

test('when scope is given twice, then 400 (it is not silently dropped)', async () => {
  expectInvalidRequest(await verify('scope=service-accounts:read&scope=service-accounts:write'));
});

test('when scope is bad and there is no credential, then still 400: the query is checked first', async () => {
  expectInvalidRequest(await t.http.get('/auth/verify?scope=%22'));
});

test('when scope is well formed, then extra spaces are fine and the 403 header names exactly the scopes asked for', async () => {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({ name: 'Verify reader', scopes: ['service-accounts:read'] });
  const reader = bearer(made.body.data.clientSecret);
  expect((await verify('scope=%20service-accounts:read%20%20', reader)).status).toBe(200);
  const denied = await verify('scope=service-accounts:read%20service-accounts:write', reader);
  expect(denied.status).toBe(403);
  expect(denied.headers['www-authenticate']).toBe(
    'Bearer realm="iamgate", error="insufficient_scope", scope="service-accounts:read service-accounts:write"',
  );
});

describe('when authentication fails with a core error', () => {
  const authenticator = () => t.running.runtime.authenticator as unknown as Record<string, unknown>;
  const failWith = (err: DomainError) => {
    authenticator().authenticate = async () => {
      throw err;
    };
  };
  afterEach(() => {
    delete authenticator().authenticate;
  });

  test('UNAVAILABLE, then 503 temporarily_unavailable with its Retry-After (it was a 500)', async () => {
    failWith(unavailable(7));
    const res = await verify('scope=service-accounts:read');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  });

  test('RATE_LIMITED, then 429 with its own Retry-After', async () => {
    failWith(rateLimited(11));
    const res = await verify('');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('11');
  });

  test('any other code, then the status HTTP_STATUS gives it (FORBIDDEN → 403), without Retry-After', async () => {
    failWith(new DomainError('FORBIDDEN', 'no'));
    const res = await verify('');
    expect(res.status).toBe(403);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
