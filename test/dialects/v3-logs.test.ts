// v3 /service-accounts/{id}/logs are request logs, as Ctrl-Hub's are (issue 14; this file asserted
// the old audit-based logs before): every request the account made, in every dialect and on /oauth2
// and /auth/verify, newest first, with request and response as they went over the wire — secrets
// redacted — paged and filtered like Ctrl-Hub's, and one by id.
import { expectErrors, parametersOf } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
let api: V3Client;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  admin = bearer(t.admin.secret);
  api = v3Client(t, admin);
});
afterAll(async () => {
  await t.close();
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Log {
  type: string;
  id: string;
  attributes: {
    actor: { type: string; id: string };
    duration: number;
    request: {
      time: string;
      headers: Record<string, string[]>;
      body: string;
      path: string;
      query: Record<string, string[]>;
      raw_query: string;
      method: string;
      content_length: number;
    };
    response: { time: string; body: string; headers: Record<string, string[]>; status: number };
  };
  meta: Record<string, unknown>;
  relationships: Record<string, { data: { type: string; id: string } }>;
  links: { self: string };
}

/** A fresh account made through v3 (by the Admin), and a client that acts as it. */
async function newAccount(name: string) {
  const res = await api.post('/service-accounts', accountDocument({ name }));
  expect(res.status).toBe(201);
  const id = res.body.data.id as string;
  const secret = res.body.included[0].attributes.client_secret as string;
  return {
    id,
    secret,
    clientId: res.body.included[0].attributes.client_id as string,
    keyId: res.body.included[0].id as string,
    as: v3Client(t, bearer(secret)),
  };
}

/** A fresh account that may read (made through v2 with the read scope), and a v3 client acting as it. */
async function newReader(name: string) {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(admin)
    .send({ name, scopes: ['service-accounts:read'] });
  expect(res.status).toBe(201);
  const d = res.body.data;
  return {
    id: d.id as string,
    secret: d.clientSecret as string,
    clientId: d.clientId as string,
    keyId: d.credentials[0].id as string,
    as: v3Client(t, bearer(d.clientSecret)),
  };
}

/** The account's logs, newest first (read by the Admin, so reading adds none to them). */
async function logsOf(id: string, query = ''): Promise<Log[]> {
  const res = await api.get(`/service-accounts/${id}/logs?limit=100${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

describe('what a log holds', () => {
  test('when an account calls v3, then its log shows the request and response as Ctrl-Hub shows them', async () => {
    const { id, keyId, as } = await newReader('Logged caller');
    const read = await as.get(`/service-accounts/${id}?fields[service-accounts]=name&include=keys`, {
      'User-Agent': 'ctrl-hub-sdk/1.0',
      'X-Request-Id': 'logged-read',
    });
    expect(read.status).toBe(200);

    const [log] = await logsOf(id);
    expect(log).toEqual({
      type: 'logs',
      id: expect.any(String),
      attributes: {
        actor: { type: 'service-accounts', id },
        duration: expect.any(Number),
        request: {
          time: expect.stringMatching(ISO_MS),
          headers: expect.objectContaining({
            Authorization: ['redacted'],
            'User-Agent': ['ctrl-hub-sdk/1.0'],
            'X-Request-Id': ['logged-read'],
          }),
          body: '',
          path: `${api.base}/service-accounts/${id}`,
          query: { 'fields[service-accounts]': ['name'], include: ['keys'] },
          raw_query: expect.any(String),
          method: 'GET',
          content_length: 0,
        },
        response: {
          time: expect.stringMatching(ISO_MS),
          body: read.text,
          headers: expect.objectContaining({
            'Content-Type': ['application/vnd.api+json'],
            'X-Request-Id': ['logged-read'],
            'X-Trace-Id': ['logged-read'],
          }),
          status: 200,
        },
      },
      meta: {
        created_at: log.attributes.request.time,
        request_id: 'logged-read',
        dialect: 'v3',
        route: '/v3/orgs/:orgId/iam/service-accounts/:id',
        key_id: keyId,
        client_ip: expect.any(String),
      },
      relationships: {
        service_account: { data: { type: 'service-accounts', id }, links: { related: expect.stringContaining(`/service-accounts/${id}`) } },
        actor: { data: { type: 'service-accounts', id }, links: { related: expect.stringContaining(`/service-accounts/${id}`) } },
      },
      links: { self: expect.stringMatching(new RegExp(`/service-accounts/${id}/logs/${log.id}$`)) },
    });
    expect(decodeURIComponent(log.attributes.request.raw_query)).toBe('fields[service-accounts]=name&include=keys');
    expect(log.attributes.duration).toBeGreaterThan(0);
    expect(Date.parse(log.attributes.response.time)).toBeGreaterThanOrEqual(Date.parse(log.attributes.request.time));

    const one = await api.get(`/service-accounts/${id}/logs/${log.id}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(log);
  });

  test('when an account calls v1, v2, /oauth2 and /auth/verify, then each request is in its log, newest first, with its dialect', async () => {
    const { id, clientId, secret } = await newReader('Everywhere');
    const auth = bearer(secret);
    await t.http.get('/v1/service-accounts?limit=1').set(auth);
    await t.http.get(`/api/v2/service-accounts/${id}`).set(basic(clientId, secret));
    const token = await t.http
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
    expect(token.status).toBe(200);
    await t.http.get('/auth/verify').set(bearer(token.body.access_token));
    await t.http.post('/oauth2/introspect').set(auth).type('form').send({ token: token.body.access_token });

    const logs = await logsOf(id);
    expect(logs.map((l) => [l.meta.dialect, l.attributes.request.method, l.attributes.request.path, l.attributes.response.status])).toEqual(
      [
        ['oauth2', 'POST', '/oauth2/introspect', 200],
        ['forward-auth', 'GET', '/auth/verify', 200],
        ['oauth2', 'POST', '/oauth2/token', 200],
        ['v2', 'GET', `/api/v2/service-accounts/${id}`, 200],
        ['v1', 'GET', '/v1/service-accounts', 200],
      ],
    );
    expect(logs.map((l) => l.meta.route)).toEqual([
      '/oauth2/introspect',
      '/auth/verify',
      '/oauth2/token',
      '/api/v2/service-accounts/:id',
      '/v1/service-accounts',
    ]);
    const [introspect, verify, tokenLog] = logs;
    expect(tokenLog.attributes.request.body).toBe(
      'grant_type=client_credentials&client_id=' + encodeURIComponent(clientId) + '&client_secret=redacted',
    );
    expect(JSON.parse(tokenLog.attributes.response.body)).toMatchObject({ access_token: 'redacted', token_type: 'Bearer' });
    expect(verify.attributes.request.headers.Authorization).toEqual(['redacted']);
    expect(introspect.attributes.request.body).toBe('token=redacted');
    const text = JSON.stringify(logs);
    expect(text).not.toContain(secret.slice(12));
    expect(text).not.toContain(token.body.access_token.slice(12));
  });

  test('when a write carries a body, then the log holds it, its Content-Length and the response body, secrets redacted', async () => {
    const { id, as } = await newAccount('Writer of logs');
    await api.get(`/service-accounts/${id}`); // by the Admin: in the Admin's log, not this account's
    const body = JSON.stringify({ data: { type: 'service-account-keys' } });
    const key = await as.post(`/service-accounts/${id}/keys`, JSON.parse(body), { 'Idempotency-Key': 'log-idem-1', Cookie: 'session=abc' });
    expect(key.status).toBe(403); // a Member without scopes: the refusal is logged too

    const [log] = await logsOf(id);
    expect(log.attributes.request).toMatchObject({ method: 'POST', body, content_length: Buffer.byteLength(body) });
    expect(log.attributes.request.headers).toMatchObject({
      'Idempotency-Key': ['redacted'],
      Cookie: ['redacted'],
      Authorization: ['redacted'],
    });
    expect(log.attributes.response.status).toBe(403);
    expect(JSON.parse(log.attributes.response.body).errors[0].status).toBe('403');
  });

  test('when a response shows a secret, then its log says "redacted" in its place', async () => {
    const { id, secret, as } = await newAccount('Self-rotating');
    // The Admin gives it write access through v2, then it rotates its own key in every dialect.
    const grant = await t.http.put(`/api/v2/service-accounts/${id}`).set(admin).send({ organizationalRole: 'UserAdmin' });
    expect(grant.status).toBe(200);
    const v3Key = await as.post(`/service-accounts/${id}/keys`, { data: { type: 'service-account-keys' } });
    const v2Key = await t.http.post(`/api/v2/service-accounts/${id}/credentials`).set(bearer(secret)).send({});
    const v1Key = await t.http.post('/v1/api-keys').set(bearer(secret)).send({ serviceAccountId: id });
    const issued = [v3Key.body.data.attributes.client_secret, v2Key.body.data.clientSecret, v1Key.body.data.key];
    for (const s of issued) expect(s).toMatch(/^iamg_/);

    const logs = await logsOf(id);
    const bodies = logs.slice(0, 3).map((l) => JSON.parse(l.attributes.response.body));
    expect(bodies[0].data.key).toBe('redacted');
    expect(bodies[1].data.clientSecret).toBe('redacted');
    expect(bodies[2].data.attributes.client_secret).toBe('redacted');
    const text = JSON.stringify(logs);
    for (const s of [secret, ...issued]) expect(text).not.toContain(s.slice(12));
  });

  test('when a body is larger than 4 KiB, then the log keeps its first 4 KiB', async () => {
    for (let i = 0; i < 8; i++) await api.post('/service-accounts', accountDocument({ name: `Filler ${i}`, description: 'x'.repeat(900) }));
    const { id, as } = await newReader('Big reader');
    const list = await as.get('/service-accounts?limit=100');
    expect(list.text.length).toBeGreaterThan(8192);
    const [log] = await logsOf(id);
    expect(Buffer.byteLength(log.attributes.response.body)).toBeLessThanOrEqual(4096);
    expect(list.text.startsWith(log.attributes.response.body.slice(0, 4000))).toBe(true);
  });

  test('when a request is not authenticated, then no account logs it', async () => {
    const { id } = await newAccount('Never called');
    await t.http.get(`${api.base}/service-accounts/${id}`).set('Authorization', 'Bearer iamg_nope');
    expect(await logsOf(id)).toEqual([]);
  });
});

describe('paging and filters', () => {
  let id: string;
  let all: Log[];
  beforeAll(async () => {
    const made = await newReader('Paged logs');
    id = made.id;
    for (let i = 0; i < 4; i++) await made.as.get(`/service-accounts/${id}`);
    await made.as.get('/service-accounts/0198f0a0-0000-7000-8000-000000000000');
    await made.as.patch(`/service-accounts/${id}`, { data: { type: 'service-accounts', id, attributes: { description: 'x' } } });
    all = await logsOf(id);
  });

  test('when every log is read, then they come newest first with ids in that order', () => {
    expect(all.map((l) => [l.attributes.request.method, l.attributes.response.status])).toEqual([
      ['PATCH', 403],
      ['GET', 404],
      ['GET', 200],
      ['GET', 200],
      ['GET', 200],
      ['GET', 200],
    ]);
    expect([...all.map((l) => l.id)].sort().reverse()).toEqual(all.map((l) => l.id));
  });

  test('when paged with limit/offset or page[…], then each log comes once and meta.pagination says where the page is', async () => {
    const middle = await api.get(`/service-accounts/${id}/logs?limit=2&offset=2`);
    expect(middle.body.data.map((l: Log) => l.id)).toEqual(all.slice(2, 4).map((l) => l.id));
    expect(middle.body.meta.pagination).toEqual({ current_page: 2, requested: { limit: 2, offset: 2 }, offsets: { next: 4, previous: 0 } });
    expect(middle.body.meta.features).toEqual({ include: { options: [] } });
    const last = await api.get(`/service-accounts/${id}/logs?page[limit]=2&page[offset]=4`);
    expect(last.body.data.map((l: Log) => l.id)).toEqual(all.slice(4).map((l) => l.id));
    expect(last.body.links.next).toBeNull();
    const first = await api.get(`/service-accounts/${id}/logs`);
    expect(first.body.meta.pagination.requested).toEqual({ limit: 10, offset: 0 });
  });

  test.each([
    ['filter[status]=200', [200, 200, 200, 200]],
    ['filter[status]=4xx', [403, 404]],
    ['filter[method]=patch', [403]],
    ['filter[method]=GET&filter[status]=404', [404]],
  ])('when %s, then only those logs come', async (query, statuses) => {
    const logs = await logsOf(id, `&${query}`);
    expect(logs.map((l) => l.attributes.response.status)).toEqual(statuses);
  });

  test('when fields[logs] names some fields, then each log keeps only those', async () => {
    const res = await api.get(`/service-accounts/${id}/logs?fields[logs]=request,service_account&limit=2`);
    for (const l of res.body.data) {
      expect(Object.keys(l.attributes)).toEqual(['request']);
      expect(Object.keys(l.relationships)).toEqual(['service_account']);
    }
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=10001', 'offset'],
    ['limit=5&page[limit]=5', 'limit'],
    ['filter[status]=2x', 'filter[status]'],
    ['filter[status]=600', 'filter[status]'],
    ['filter[method]=FETCH', 'filter[method]'],
    ['sort=-created_at', 'sort'],
    ['include=actor', 'include'],
    ['fields[logs]=secret', 'fields[logs]'],
    ['foo=1', 'foo'],
  ])('when %s, then 400 names %s', async (query, parameter) => {
    const res = await api.get(`/service-accounts/${id}/logs?${query}`);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toEqual([parameter]);
  });
});

describe('logs that are not there (404)', () => {
  test("when another account's log id or another organization's account is asked for, then 404", async () => {
    const a = await newReader('Log owner');
    await a.as.get(`/service-accounts/${a.id}`);
    const [log] = await logsOf(a.id);
    const b = await newAccount('Log neighbour');
    expectErrors(await api.get(`/service-accounts/${b.id}/logs/${log.id}`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`/service-accounts/${a.id}/logs/0198f0a0-0000-7000-8000-000000000000`), 404, 'NOT_FOUND');
    expectErrors(await api.get(`/service-accounts/${a.id}/logs/not-a-uuid`), 404, 'NOT_FOUND');
    const other = await t.newOrg('Log strangers');
    const stranger = v3Client(t, bearer(other.secret), other.organizationId);
    expectErrors(await stranger.get(`/service-accounts/${a.id}/logs`), 404, 'NOT_FOUND');
    expectErrors(await stranger.get(`/service-accounts/${a.id}/logs/${log.id}`), 404, 'NOT_FOUND');
  });

  test('when the account has been deleted, then its logs are gone with it (404)', async () => {
    const { id } = await newAccount('Deleted log');
    expect((await api.delete(`/service-accounts/${id}`)).status).toBe(200);
    expectErrors(await api.get(`/service-accounts/${id}/logs`), 404, 'NOT_FOUND');
  });
});

describe('keeping logs', () => {
  test('when logs are older than the retention, then a purge removes them and keeps the rest', async () => {
    const { id, as } = await newReader('Aged');
    await as.get(`/service-accounts/${id}`);
    expect(await logsOf(id)).toHaveLength(1);
    t.clock.advance(31 * 86_400_000);
    await as.get(`/service-accounts/${id}`);
    await t.running.runtime.requestLogs!.flush();
    expect(await t.running.runtime.requestLogs!.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect((await logsOf(id)).map((l) => l.attributes.request.time)).toHaveLength(1);
  });
});

test('when REQUEST_LOGS is off, then nothing is recorded and the logs read empty', async () => {
  const off = await startTestServer({ requestLogs: false });
  try {
    const auth = bearer(off.admin.secret);
    await off.http.get(`/v3/orgs/${off.admin.organizationId}/iam/service-accounts`).set(auth);
    expect(off.running.runtime.requestLogs).toBeNull();
    const logs = await off.http
      .get(`/v3/orgs/${off.admin.organizationId}/iam/service-accounts/${off.admin.serviceAccountId}/logs`)
      .set(auth);
    expect([logs.status, logs.body.data]).toEqual([200, []]);
    expect(await off.query('SELECT id FROM request_logs')).toEqual([]);
  } finally {
    await off.close();
  }
});
