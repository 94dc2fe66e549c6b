// Races through every dialect (concurrency.test.ts covers v2 names and PUTs): the database decides,
// one request wins, the others get the dialect's 409/412, retries replay, and a revoked key is
// refused from the moment the revocation is acknowledged.
import { performance } from 'node:perf_hooks';
import type { Response, Test } from 'supertest';
import { integrityViolations, NO_VIOLATIONS } from '../support/integrity';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

const JSONAPI = 'application/vnd.api+json';
type DialectName = 'v1' | 'v2' | 'v3';
const DIALECTS: DialectName[] = ['v1', 'v2', 'v3'];
/** The status each dialect answers a create with. */
const CREATED: Record<DialectName, number> = { v1: 200, v2: 201, v3: 201 };

let t: TestServer;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  auth = bearer(t.admin.secret);
});
afterAll(async () => {
  await t.close();
});

const v3 = () => `/v3/orgs/${t.admin.organizationId}/iam`;
const jsonApi = (test: Test, doc: object) => test.type(JSONAPI).send(JSON.stringify(doc));
let serial = 0;
const unique = (prefix: string) => `${prefix} ${serial++}`;

function create(dialect: DialectName, name: string): Test {
  if (dialect === 'v1') return t.http.post('/v1/service-accounts').set(auth).send({ name, permissions: [] });
  if (dialect === 'v2') return t.http.post('/api/v2/service-accounts').set(auth).send({ name });
  return jsonApi(t.http.post(`${v3()}/service-accounts`).set(auth), { data: { type: 'service-accounts', attributes: { name } } });
}

/** The id of the account a create response describes, in any dialect. */
const idOf = (res: Response): string => res.body.data.id;

async function madeAccount(): Promise<{ id: string; keyId: string; secret: string; clientId: string; etag: string }> {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: unique('racing'), scopes: ['service-accounts:read'] });
  expect(res.status).toBe(201);
  const d = res.body.data;
  return { id: d.id, keyId: d.credentials[0].id, secret: d.clientSecret, clientId: d.clientId, etag: res.headers.etag };
}

const statusesOf = (results: Response[]) => results.map((r) => r.status);
const countOf = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
const auditCount = async (targetId: string, action: string) =>
  Number(
    (
      await t.query<{ n: string | number }>(
        `SELECT COUNT(*) AS n FROM audit_events WHERE target_id = '${targetId}' AND action = '${action}'`,
      )
    )[0].n,
  );

afterEach(async () => {
  expect(await integrityViolations(t.query)).toEqual(NO_VIOLATIONS);
});

describe('when 50 creates with one name race', () => {
  test.each(DIALECTS)(
    'through %s, then exactly one succeeds and 49 are 409, with one account, one audit event and its key',
    async (dialect) => {
      const name = unique(`Same ${dialect}`);
      const statuses = statusesOf(await Promise.all(Array.from({ length: 50 }, () => create(dialect, name))));
      expect(countOf(statuses, CREATED[dialect])).toBe(1);
      expect(countOf(statuses, 409)).toBe(49);
      const rows = await t.query<{ id: string }>(`SELECT id FROM service_accounts WHERE name_key = '${name.toLowerCase()}'`);
      expect(rows).toHaveLength(1);
      expect(await auditCount(rows[0].id, 'service-account.create')).toBe(1);
      const keys = await t.query(`SELECT id FROM keys WHERE service_account_id = '${rows[0].id}'`);
      expect(keys).toHaveLength(dialect === 'v1' ? 0 : 1);
    },
  );

  test('through all three dialects at once, then still exactly one succeeds', async () => {
    const name = unique('Same everywhere');
    const results = await Promise.all(Array.from({ length: 51 }, (_, i) => create(DIALECTS[i % 3], name)));
    const winners = results.filter((r, i) => r.status === CREATED[DIALECTS[i % 3]]);
    expect(winners).toHaveLength(1);
    expect(countOf(statusesOf(results), 409)).toBe(50);
  });
});

/** Every write a client may pin with If-Match, as one request against `a`. */
function pinnedWrites(a: { id: string; keyId: string }, etag: string, i: number): Record<string, () => Test> {
  const account = `${v3()}/service-accounts/${a.id}`;
  return {
    'v1 PATCH': () =>
      t.http
        .patch(`/v1/service-accounts/${a.id}`)
        .set(auth)
        .set('If-Match', etag)
        .send({ description: `v1 ${i}` }),
    'v2 PUT': () =>
      t.http
        .put(`/api/v2/service-accounts/${a.id}`)
        .set(auth)
        .set('If-Match', etag)
        .send({ description: `v2 ${i}` }),
    'v3 PATCH': () =>
      jsonApi(t.http.patch(account).set(auth).set('If-Match', etag), {
        data: { type: 'service-accounts', id: a.id, attributes: { description: `v3 ${i}` } },
      }),
    'v1 disable': () => t.http.post(`/v1/service-accounts/${a.id}/disable`).set(auth).set('If-Match', etag),
    'v2 disable': () => t.http.post(`/api/v2/service-accounts/${a.id}/disable`).set(auth).set('If-Match', etag),
    'v3 key PATCH': () =>
      jsonApi(t.http.patch(`${account}/keys/${a.keyId}`).set(auth).set('If-Match', etag), {
        data: { type: 'service-account-keys', id: a.keyId, attributes: { enabled: false } },
      }),
    'v3 key DELETE': () => t.http.delete(`${account}/keys/${a.keyId}`).set(auth).set('If-Match', etag),
  };
}

describe('when concurrent writes carry one ETag', () => {
  const KINDS = ['v1 PATCH', 'v2 PUT', 'v3 PATCH', 'v1 disable', 'v2 disable', 'v3 key PATCH', 'v3 key DELETE'];

  test.each(KINDS)('%s × 20, then one succeeds, 19 are 412, and only the winner is stored', async (kind) => {
    const a = await madeAccount();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pinnedWrites(a, a.etag, i)[kind]()));
    const statuses = statusesOf(results);
    expect(statuses.filter((s) => s < 300)).toHaveLength(1);
    // A revoked key is gone for v3: a DELETE that looks for it after the winner's may say 404 instead.
    const losers = kind.endsWith('DELETE') ? [412, 404] : [412];
    expect(statuses.filter((s) => s >= 300 && !losers.includes(s))).toEqual([]);
    const now = await t.http.get(`/api/v2/service-accounts/${a.id}`).set(auth);
    expect(now.headers.etag).toBe(`"${Number(JSON.parse(a.etag)) + 1}"`);
    const winner = results.findIndex((r) => r.status < 300);
    if (/PATCH|PUT/.test(kind) && !kind.includes('key')) {
      expect(now.body.data.description).toBe(`${kind.split(' ')[0]} ${winner}`);
      expect(await auditCount(a.id, 'service-account.update')).toBe(1);
    }
    if (kind.includes('key')) expect(await auditCount(a.keyId, kind.endsWith('DELETE') ? 'key.revoke' : 'key.disable')).toBe(1);
  });

  test('across dialects and operations (account updates, disables, key disable and revoke), then exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await madeAccount();
      const writes = Object.entries(pinnedWrites(a, a.etag, round));
      const results = await Promise.all([...writes, ...writes].map(([, send]) => send()));
      const statuses = statusesOf(results);
      const succeeded = results.map((r, i) => [writes[i % writes.length][0], r.status] as const).filter(([, s]) => s < 300);
      expect(succeeded).toHaveLength(1);
      expect(statuses.filter((s) => s >= 300 && s !== 412 && s !== 404)).toEqual([]);
      const now = await t.http.get(`/api/v2/service-accounts/${a.id}`).set(auth);
      expect(now.headers.etag).toBe(`"${Number(JSON.parse(a.etag)) + 1}"`);
    }
  });
});

describe('when one Idempotency-Key is retried 20 times at once', () => {
  test.each(DIALECTS)('through %s, then every retry gets the same response and one account exists', async (dialect) => {
    const name = unique(`Retried ${dialect}`);
    const key = `retry-${dialect}-${serial}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => create(dialect, name).set('Idempotency-Key', key)));
    expect(statusesOf(results)).toEqual(Array(20).fill(CREATED[dialect]));
    expect(new Set(results.map(idOf)).size).toBe(1);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    const rows = await t.query<{ id: string }>(`SELECT id FROM service_accounts WHERE name_key = '${name.toLowerCase()}'`);
    expect(rows.map((r) => r.id)).toEqual([idOf(results[0])]);
    expect(await auditCount(rows[0].id, 'service-account.create')).toBe(1);
  });
});

describe('when a key is used while it is revoked', () => {
  interface Use {
    sentAt: number;
    status: number;
    how: string;
  }

  /** Ways to use the key: each dialect's read, with the secret as Bearer, as Basic, and an access token. */
  function users(a: { secret: string; clientId: string }, token: string): Record<string, () => Test> {
    return {
      'v1 bearer secret': () => t.http.get('/v1/service-accounts').set(bearer(a.secret)),
      'v2 basic': () => t.http.get('/api/v2/service-accounts').set(basic(a.clientId, a.secret)),
      'v3 bearer secret': () => t.http.get(`${v3()}/service-accounts`).set(bearer(a.secret)),
      'v2 access token': () => t.http.get('/api/v2/service-accounts?limit=1').set(bearer(token)),
    };
  }

  const revokers: Record<DialectName, (a: { id: string; keyId: string }) => Test> = {
    v1: (a) => t.http.delete(`/v1/api-keys/${a.keyId}`).set(auth),
    v2: (a) => t.http.post(`/api/v2/service-accounts/${a.id}/credentials/${a.keyId}/revoke`).set(auth),
    v3: (a) => t.http.delete(`${v3()}/service-accounts/${a.id}/keys/${a.keyId}`).set(auth),
  };

  test.each(DIALECTS)('revoked through %s, then no use sent after the revocation was acknowledged succeeds', async (dialect) => {
    const a = await madeAccount();
    const token = (
      await t.http.post('/oauth2/token').set(basic(a.clientId, a.secret)).type('form').send({ grant_type: 'client_credentials' })
    ).body.access_token;
    const ways = Object.entries(users(a, token));
    for (const [, use] of ways) expect((await use()).status).toBe(200);

    const uses: Use[] = [];
    let ackedAt: number | undefined;
    const USERS = 8;
    const user = async (n: number) => {
      // Each user keeps going until it has sent three uses after the revocation was acknowledged.
      for (let i = n, sentAfter = 0; sentAfter < 3; i++) {
        const [how, use] = ways[i % ways.length];
        const sentAt = performance.now();
        if (ackedAt !== undefined && sentAt > ackedAt) sentAfter++;
        uses.push({ sentAt, status: (await use()).status, how });
      }
    };
    const revoke = async () => {
      await new Promise((r) => setTimeout(r, 20));
      const res = await revokers[dialect](a);
      ackedAt = performance.now();
      expect(res.status).toBeLessThan(300);
    };
    await Promise.all([revoke(), ...Array.from({ length: USERS }, (_, n) => user(n))]);

    const after = uses.filter((u) => u.sentAt > ackedAt!);
    expect(after.length).toBeGreaterThanOrEqual(3 * USERS);
    expect(after.filter((u) => u.status !== 401)).toEqual([]);
    // The race was real: uses were under way when the revocation went out.
    expect(uses.filter((u) => u.sentAt < ackedAt!).length).toBeGreaterThan(0);
  });
});
