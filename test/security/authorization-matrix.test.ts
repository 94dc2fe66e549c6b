// The authorization matrix over every route of every dialect: another org's caller gets 404, a
// caller without the needed scope 403, a read-only caller 403 on every write — whether read-only
// by its account's scopes, by a token narrowed to read, by explicit read scopes on an Admin's key,
// or as a v1 read key of an Admin — and no refused request changes anything.
import { jsonApi, JSONAPI } from '../support/jsonapi';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

type Kind = 'read' | 'write';
interface Route {
  name: string;
  kind: Kind;
  /** Addresses something of org A (so another org must get 404); collection routes of v1/v2 do not. */
  targeted: boolean;
  send(auth: Record<string, string>): Promise<{ status: number }>;
}

let t: TestServer;
let ids: { org: string; target: string; key: string; targetEtag: string };
type Caller = 'admin' | 'reader' | 'noScope' | 'otherOrg' | 'narrowedToRead' | 'adminKeyScopedToRead' | 'v1ReadKeyOfAdmin';
let callers: Record<Caller, Record<string, string>>;

beforeAll(async () => {
  t = await startTestServer();
  const admin = bearer(t.admin.secret);
  const make = async (body: object) => (await t.http.post('/api/v2/service-accounts').set(admin).send(body)).body.data;
  const target = await make({ name: 'Target', scopes: ['service-accounts:read'] });
  const reader = await make({ name: 'Reader', scopes: ['service-accounts:read'] });
  const noScope = await make({ name: 'No scope' });
  const other = await t.newOrg('Other org');
  ids = { org: t.admin.organizationId, target: target.id, key: target.credentials[0].id, targetEtag: '' };
  // Three ways an Admin's power is capped to reading.
  const narrowed = await t.http.post('/oauth2/token').set(basic(t.admin.clientId, t.admin.secret)).type('form')
    .send({ grant_type: 'client_credentials', scope: 'service-accounts:read' });
  const scoped = await t.http.post(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`).set(admin).send({ scopes: ['service-accounts:read'] });
  const v1Read = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: t.admin.serviceAccountId, scope: 'read' });
  callers = {
    admin, reader: bearer(reader.clientSecret), noScope: bearer(noScope.clientSecret), otherOrg: bearer(other.secret),
    narrowedToRead: bearer(narrowed.body.access_token),
    adminKeyScopedToRead: bearer(scoped.body.data.clientSecret),
    v1ReadKeyOfAdmin: bearer(v1Read.body.data.key),
  };
});
afterAll(async () => { await t.close(); });

function routes(): Route[] {
  const { target, key, org } = ids;
  const v1 = `/v1/service-accounts/${target}`;
  const v2 = `/api/v2/service-accounts/${target}`;
  const v3 = `/v3/orgs/${org}/iam/service-accounts`;
  const h = t.http;
  const json = (auth: Record<string, string>) => ({ ...auth, 'Content-Type': 'application/json' });
  const api = (auth: Record<string, string>) => ({ ...auth, 'Content-Type': JSONAPI, Accept: JSONAPI });
  const r = (name: string, kind: Kind, targeted: boolean, send: Route['send']): Route => ({ name, kind, targeted, send });
  return [
    r('v1 POST /service-accounts', 'write', false, (a) => h.post('/v1/service-accounts').set(json(a)).send({ name: 'm-v1', permissions: [] })),
    r('v1 GET /service-accounts', 'read', false, (a) => h.get('/v1/service-accounts').set(a)),
    r('v1 GET /service-accounts/{id}', 'read', true, (a) => h.get(v1).set(a)),
    r('v1 PATCH /service-accounts/{id}', 'write', true, (a) => h.patch(v1).set(json(a)).send({ description: 'm' })),
    r('v1 DELETE /service-accounts/{id}', 'write', true, (a) => h.delete(v1).set(a)),
    r('v1 POST /service-accounts/{id}/disable', 'write', true, (a) => h.post(`${v1}/disable`).set(a)),
    r('v1 POST /service-accounts/{id}/enable', 'write', true, (a) => h.post(`${v1}/enable`).set(a)),
    r('v1 POST /api-keys', 'write', true, (a) => h.post('/v1/api-keys').set(json(a)).send({ serviceAccountId: target, scope: 'read' })),
    r('v1 GET /api-keys', 'read', true, (a) => h.get(`/v1/api-keys?serviceAccountId=${target}`).set(a)),
    r('v1 DELETE /api-keys/{id}', 'write', true, (a) => h.delete(`/v1/api-keys/${key}`).set(a)),

    r('v2 POST /service-accounts', 'write', false, (a) => h.post('/api/v2/service-accounts').set(json(a)).send({ name: 'm-v2' })),
    r('v2 GET /service-accounts', 'read', false, (a) => h.get('/api/v2/service-accounts').set(a)),
    r('v2 GET /service-accounts/{id}', 'read', true, (a) => h.get(v2).set(a)),
    r('v2 PUT /service-accounts/{id}', 'write', true, (a) => h.put(v2).set(json(a)).send({ description: 'm' })),
    r('v2 DELETE /service-accounts/{id}', 'write', true, (a) => h.delete(v2).set(a)),
    r('v2 POST /service-accounts/{id}/disable', 'write', true, (a) => h.post(`${v2}/disable`).set(a)),
    r('v2 POST /service-accounts/{id}/enable', 'write', true, (a) => h.post(`${v2}/enable`).set(a)),
    r('v2 GET /service-accounts/{id}/credentials', 'read', true, (a) => h.get(`${v2}/credentials`).set(a)),
    r('v2 POST /service-accounts/{id}/credentials', 'write', true, (a) => h.post(`${v2}/credentials`).set(json(a)).send({})),
    r('v2 POST …/credentials/{id}/revoke', 'write', true, (a) => h.post(`${v2}/credentials/${key}/revoke`).set(a)),
    r('v2 GET /service-accounts/{id}/audit-events', 'read', true, (a) => h.get(`${v2}/audit-events`).set(a)),
    r('v2 GET /workspaces', 'read', false, (a) => h.get('/api/v2/workspaces').set(a)),
    r('v2 POST /workspaces', 'write', false, (a) => h.post('/api/v2/workspaces').set(json(a)).send({ name: 'm-ws' })),

    r('v3 POST /service-accounts', 'write', true, (a) => jsonApi(h.post(v3).set(api(a)).send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: 'm-v3' } } })))),
    r('v3 GET /service-accounts', 'read', true, (a) => jsonApi(h.get(v3).set(api(a)))),
    r('v3 GET /service-accounts/{id}', 'read', true, (a) => jsonApi(h.get(`${v3}/${target}`).set(api(a)))),
    r('v3 PATCH /service-accounts/{id}', 'write', true, (a) => jsonApi(h.patch(`${v3}/${target}`).set(api(a))
      .send(JSON.stringify({ data: { type: 'service-accounts', id: target, attributes: { description: 'm' } } })))),
    r('v3 DELETE /service-accounts/{id}', 'write', true, (a) => jsonApi(h.delete(`${v3}/${target}`).set(api(a)))),
    r('v3 GET /service-accounts/{id}/keys', 'read', true, (a) => jsonApi(h.get(`${v3}/${target}/keys`).set(api(a)))),
    r('v3 POST /service-accounts/{id}/keys', 'write', true, (a) => jsonApi(h.post(`${v3}/${target}/keys`).set(api(a))
      .send(JSON.stringify({ data: { type: 'service-account-keys' } })))),
    r('v3 GET /service-accounts/{id}/keys/{keyId}', 'read', true, (a) => jsonApi(h.get(`${v3}/${target}/keys/${key}`).set(api(a)))),
    r('v3 PATCH /service-accounts/{id}/keys/{keyId}', 'write', true, (a) => jsonApi(h.patch(`${v3}/${target}/keys/${key}`).set(api(a))
      .send(JSON.stringify({ data: { type: 'service-account-keys', id: key, attributes: { enabled: false } } })))),
    r('v3 DELETE /service-accounts/{id}/keys/{keyId}', 'write', true, (a) => jsonApi(h.delete(`${v3}/${target}/keys/${key}`).set(api(a)))),
    r('v3 GET /service-accounts/{id}/relationships/keys', 'read', true, (a) => jsonApi(h.get(`${v3}/${target}/relationships/keys`).set(api(a)))),
  ];
}

/** Everything a refused request must leave alone. */
async function snapshot(): Promise<string> {
  const tables = await Promise.all([
    t.query('SELECT id, name, description, role, permissions, workspace_assignments, status, version, updated_at FROM service_accounts ORDER BY id'),
    t.query('SELECT id, scopes, read_only, enabled, expires_at, revoked_at FROM keys ORDER BY id'),
    t.query('SELECT id, name FROM workspaces ORDER BY id'),
    t.query('SELECT id FROM audit_events ORDER BY id'),
  ]);
  return JSON.stringify(tables);
}

const READ_ONLY_CALLERS = ['reader', 'narrowedToRead', 'adminKeyScopedToRead', 'v1ReadKeyOfAdmin'] as const;

const expectations: [caller: Exclude<Caller, 'admin'>, expected: (r: Route) => number | null][] = [
  ['otherOrg', (r) => (r.targeted ? 404 : null)],
  ['noScope', () => 403],
  ...READ_ONLY_CALLERS.map((c): [Exclude<Caller, 'admin'>, (r: Route) => number | null] => [c, (r) => (r.kind === 'write' ? 403 : null)]),
];

test.each(expectations)('when %s calls every route, then each refusal has the right status and nothing changes', async (caller, expected) => {
  const before = await snapshot();
  const wrong: string[] = [];
  for (const route of routes()) {
    const want = expected(route);
    if (want === null) continue;
    const res = await route.send(callers[caller]);
    if (res.status !== want) wrong.push(`${route.name}: ${res.status} (wanted ${want})`);
  }
  expect(wrong).toEqual([]);
  expect(await snapshot()).toEqual(before);
});

test.each(READ_ONLY_CALLERS)('when the read-only caller %s reads every read route, then each answers 200', async (caller) => {
  const wrong: string[] = [];
  for (const route of routes().filter((r) => r.kind === 'read')) {
    const res = await route.send(callers[caller]);
    if (res.status !== 200) wrong.push(`${route.name}: ${res.status}`);
  }
  expect(wrong).toEqual([]);
});

test('when a Member with write access tries to create an Admin or grant what it lacks, then 403 in every dialect', async () => {
  const writer = (await t.http.post('/api/v2/service-accounts').set(callers.admin)
    .send({ name: 'Writer', scopes: ['service-accounts:read', 'service-accounts:write'] })).body.data;
  const w = bearer(writer.clientSecret);
  const before = await snapshot();
  expect((await t.http.post('/api/v2/service-accounts').set(w).send({ name: 'Would-be admin', organizationalRole: 'Admin' })).status).toBe(403);
  expect((await t.http.post('/v1/service-accounts').set(w).send({ name: 'Would-be biller', permissions: ['billing:write'] })).status).toBe(403);
  expect((await t.http.post(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`).set(w).send({})).status).toBe(403);
  expect((await t.http.post('/v1/api-keys').set(w).send({ serviceAccountId: t.admin.serviceAccountId })).status).toBe(403);
  const v3Key = await jsonApi(t.http.post(`/v3/orgs/${ids.org}/iam/service-accounts/${t.admin.serviceAccountId}/keys`).set(w)
    .set('Content-Type', JSONAPI).send(JSON.stringify({ data: { type: 'service-account-keys' } })));
  expect(v3Key.status).toBe(403);
  expect(await snapshot()).toEqual(before);
});
