// Failed authentications and token requests are limited per client and per address (429 + Retry-After).
import { awayFromMinuteBoundary, basic, bearer, startTestServer, type TestServer } from '../support/server';

// Counts live in one-minute windows: start each test well inside one.
beforeEach(() => awayFromMinuteBoundary(10_000), 20_000);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ rateLimits: { authFailuresPerMinute: 3, tokenRequestsPerMinute: 4 } });
});
afterAll(async () => {
  await t.close();
});

test('when failures pass the limit, then the failing credential gets 429 with Retry-After until the window ends, and a right secret still passes', async () => {
  const wrong = bearer(`iamg_${'A'.repeat(43)}${'0'.repeat(32)}`);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await t.http.get('/api/v2/service-accounts').set(wrong)).status);
  // Three failures are allowed in the window; the fourth attempt is refused before any bcrypt runs.
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
  // A right secret never verified by this process is still checked, and passes (issue 25: until
  // then the address was refused everything that needed bcrypt, whoever sent it).
  expect((await t.http.get('/api/v2/service-accounts').set(bearer(t.admin.secret))).status).toBe(200);
  const limited = await t.http.get('/api/v2/service-accounts').set(wrong);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(limited.body.code).toBe('RATE_LIMITED');
});

test('when token requests pass the limit, then 429 slow_down with Retry-After', async () => {
  const other = await startTestServer({ rateLimits: { authFailuresPerMinute: 100, tokenRequestsPerMinute: 2 } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await other.http
        .post('/oauth2/token')
        .set(basic(other.admin.clientId, other.admin.secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.body.error).toBe('slow_down');
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
  } finally {
    await other.close();
  }
});
