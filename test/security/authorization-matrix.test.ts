// The authorization matrix over every route of every dialect: another org's caller gets 404, a
// caller without the needed scope 403, a read-only caller 403 on every write — whether read-only
// by its account's scopes, by a token narrowed to read, by explicit read scopes on an Admin's key,
// or as a v1 read key of an Admin — and no refused request changes anything.
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { DIALECTS } from '../../src/dialects';
import { openApiPath } from '../../src/http/dialect';
import { jsonApi, JSONAPI } from '../support/jsonapi';
import { basic, bearer, useTestServer } from '../support/server';

/** `open`: any working credential may call it (whoami). */
type Kind = 'read' | 'write' | 'open';
interface Route {
  name: string;
  kind: Kind;
  /** Only Admins and UserAdmins may call it (the organization's settings: issue 32). */
  adminOnly: boolean;
  /** Addresses something of org A (so another org must get 404); collection routes of v1/v2 do not. */
  targeted: boolean;
  send(auth: Record<string, string>): Promise<{ status: number }>;
}

const t = useTestServer();
let ids: { org: string; target: string; key: string; role: string; group: string; log: string; federated: string; webhook: string };
type Caller = 'admin' | 'reader' | 'noScope' | 'otherOrg' | 'narrowedToRead' | 'adminKeyScopedToRead' | 'v1ReadKeyOfAdmin';
let callers: Record<Caller, Record<string, string>>;

beforeAll(async () => {
  const admin = bearer(t.admin.secret);
  const make = async (body: object) => (await t.http.post('/api/v2/service-accounts').set(admin).send(body)).body.data;
  const target = await make({ name: 'Target', scopes: ['service-accounts:read'] });
  const reader = await make({ name: 'Reader', scopes: ['service-accounts:read'] });
  const noScope = await make({ name: 'No scope' });
  const other = await t.newOrg('Other org');
  const v3 = (path: string, body: object) =>
    t.http.post(`/v3/orgs/${t.admin.organizationId}/iam${path}`).set(admin).set('Content-Type', JSONAPI).send(JSON.stringify(body));
  // matrix-reports:read is known to org A only (its role names it): /v3/iam/permissions/{permission} is 404 to another org.
  const role = await v3('/roles', {
    data: { type: 'roles', attributes: { name: 'matrix role', permissions: ['service-accounts:read', 'matrix-reports:read'] } },
  });
  const group = await v3('/groups', {
    data: { type: 'groups', attributes: { name: 'matrix group', bindings: [{ role: role.body.data.id }] } },
  });
  // One request by the target, so it has a request log (issue 14) for …/logs/{logId}.
  await t.http.get(`/api/v2/service-accounts/${target.id}`).set(bearer(target.clientSecret));
  await t.running.runtime.requestLogs!.flush();
  const [log] = await t.query<{ id: string }>(`SELECT id FROM request_logs WHERE service_account_id = '${target.id}'`);
  // A federated credential of the target (issue 31), for …/federated-credentials/{federatedCredentialId}.
  const federated = await t.http
    .post(`/api/v2/service-accounts/${target.id}/federated-credentials`)
    .set(admin)
    .send({ name: 'matrix rule', issuer: 'https://issuer.matrix.test', subject: 'matrix', audiences: ['iamgate'] });
  // A webhook subscription (disabled: nothing is sent) for …/webhooks/{webhookId} (issue 32).
  const webhook = await t.http
    .post('/api/v2/webhooks')
    .set(admin)
    .send({ url: 'https://hooks.example.com/m', events: ['key.created'], enabled: false });
  ids = {
    org: t.admin.organizationId,
    target: target.id,
    key: target.credentials[0].id,
    role: role.body.data.id,
    group: group.body.data.id,
    log: log.id,
    federated: federated.body.data.id,
    webhook: webhook.body.data.id,
  };
  // Three ways an Admin's power is capped to reading.
  const narrowed = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', scope: 'service-accounts:read' });
  const scoped = await t.http
    .post(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`)
    .set(admin)
    .send({ scopes: ['service-accounts:read'] });
  const v1Read = await t.http.post('/v1/api-keys').set(admin).send({ serviceAccountId: t.admin.serviceAccountId, scope: 'read' });
  callers = {
    admin,
    reader: bearer(reader.clientSecret),
    noScope: bearer(noScope.clientSecret),
    otherOrg: bearer(other.secret),
    narrowedToRead: bearer(narrowed.body.access_token),
    adminKeyScopedToRead: bearer(scoped.body.data.clientSecret),
    v1ReadKeyOfAdmin: bearer(v1Read.body.data.key),
  };
});

/**
 * Every operation of every dialect, read from the dialects' operation tables (the same rows the
 * routes are built from), sent with its example body and the fixture's ids in place of the examples'.
 */
function routes(): Route[] {
  const { target, key, org, role, group, log, federated, webhook } = ids;
  const fill = (text: string) =>
    text
      .replaceAll(EXAMPLE_IDS.account, target)
      .replaceAll(EXAMPLE_IDS.key, key)
      .replaceAll(EXAMPLE_IDS.role, role)
      .replaceAll(EXAMPLE_IDS.group, group)
      .replaceAll(EXAMPLE_IDS.federatedCredential, federated)
      .replaceAll(EXAMPLE_IDS.webhook, webhook)
      .replaceAll(EXAMPLE_IDS.organization, org);
  return DIALECTS.flatMap((dialect) => {
    const base = openApiPath(dialect.basePath);
    return dialect.operations.map((op): Route => {
      const template = base + op.path;
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        if (name === 'orgId' || /\/organizations\/\{id\}/.test(template)) return org;
        if (name === 'roleId') return role;
        if (name === 'groupId') return group;
        if (name === 'logId') return log;
        if (name === 'federatedCredentialId') return federated;
        if (name === 'webhookId') return webhook;
        if (name === 'permission') return ORG_A_PERMISSION;
        if (name === 'keyId' || name === 'credentialId' || /\/api-keys\/\{id\}/.test(template)) return key;
        return target;
      });
      const body = op.example === undefined ? undefined : fill(JSON.stringify(op.example));
      const kind: Kind = op.needs === 'authenticated' ? 'open' : op.needs === 'read' ? 'read' : 'write';
      const targeted = template.includes('{') || (body ?? '').includes(target);
      const name = `${dialect.name} ${op.method.toUpperCase()} ${op.path}`;
      return {
        name,
        kind,
        adminOnly: op.roles !== undefined,
        targeted,
        send: (auth) => {
          const query = op.exampleQuery ? `?${new URLSearchParams(op.exampleQuery).toString()}` : '';
          const request = t.http[op.method](path + query).set({ ...auth, Accept: dialect.document.mediaType });
          return body === undefined ? request : request.set('Content-Type', dialect.mediaTypes[0]).send(body);
        },
      };
    });
  });
}

test('the matrix covers every operation of every dialect', () => {
  const count = DIALECTS.reduce((n, d) => n + d.operations.length, 0);
  expect(routes()).toHaveLength(count);
  expect(count).toBeGreaterThanOrEqual(34);
});

/** Everything a refused request must leave alone. */
async function snapshot(): Promise<string> {
  const tables = await Promise.all([
    t.query(
      'SELECT id, name, description, role, permissions, workspace_assignments, status, version, updated_at FROM service_accounts ORDER BY id',
    ),
    t.query('SELECT id, scopes, read_only, enabled, expires_at, revoked_at FROM keys ORDER BY id'),
    t.query('SELECT id, name FROM workspaces ORDER BY id'),
    t.query('SELECT id FROM audit_events ORDER BY id'),
    t.query('SELECT id, name, permissions, updated_at FROM roles ORDER BY id'),
    t.query('SELECT id, name, bindings, version FROM groups ORDER BY id'),
    t.query('SELECT group_id, service_account_id FROM group_members ORDER BY group_id, service_account_id'),
    t.query('SELECT id, inherited_permissions FROM service_accounts ORDER BY id'),
    t.query('SELECT id, name, issuer, subject, version, token_key_id FROM federated_credentials ORDER BY id'),
    t.query('SELECT * FROM credential_policies ORDER BY organization_id'),
    t.query('SELECT id, url, events, enabled, secret_sealed FROM webhook_subscriptions ORDER BY id'),
  ]);
  return JSON.stringify(tables);
}

const ORG_A_PERMISSION = 'matrix-reports:read';

const READ_ONLY_CALLERS = ['reader', 'narrowedToRead', 'adminKeyScopedToRead', 'v1ReadKeyOfAdmin'] as const;

const expectations: [caller: Exclude<Caller, 'admin'>, expected: (r: Route) => number | null][] = [
  ['otherOrg', (r) => (r.targeted ? 404 : null)],
  ['noScope', (r) => (r.kind === 'open' ? null : 403)],
  ...READ_ONLY_CALLERS.map((c): [Exclude<Caller, 'admin'>, (r: Route) => number | null] => [
    c,
    // `reader` is a Member: the organization's settings are closed to it, even to read.
    (r) => (r.kind === 'write' || (c === 'reader' && r.adminOnly) ? 403 : null),
  ]),
];

test.each(expectations)(
  'when %s calls every route, then each refusal has the right status and nothing changes',
  async (caller, expected) => {
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
  },
);

test.each(READ_ONLY_CALLERS)('when the read-only caller %s reads every read route, then each answers 200', async (caller) => {
  const wrong: string[] = [];
  for (const route of routes().filter((r) => r.kind !== 'write' && !(caller === 'reader' && r.adminOnly))) {
    const res = await route.send(callers[caller]);
    if (res.status !== 200) wrong.push(`${route.name}: ${res.status}`);
  }
  expect(wrong).toEqual([]);
});

test('when a caller without any scope calls what any credential may (whoami), then 200', async () => {
  const open = routes().filter((r) => r.kind === 'open');
  expect(open.length).toBeGreaterThan(0);
  for (const route of open) expect([route.name, (await route.send(callers.noScope)).status]).toEqual([route.name, 200]);
});

test('when a Member with write access tries to create an Admin or grant what it lacks, then 403 in every dialect', async () => {
  const writer = (
    await t.http
      .post('/api/v2/service-accounts')
      .set(callers.admin)
      .send({ name: 'Writer', scopes: ['service-accounts:read', 'service-accounts:write'] })
  ).body.data;
  const w = bearer(writer.clientSecret);
  const before = await snapshot();
  expect((await t.http.post('/api/v2/service-accounts').set(w).send({ name: 'Would-be admin', organizationalRole: 'Admin' })).status).toBe(
    403,
  );
  expect(
    (
      await t.http
        .post('/v1/service-accounts')
        .set(w)
        .send({ name: 'Would-be biller', permissions: ['billing:write'] })
    ).status,
  ).toBe(403);
  expect((await t.http.post(`/api/v2/service-accounts/${t.admin.serviceAccountId}/credentials`).set(w).send({})).status).toBe(403);
  expect((await t.http.post('/v1/api-keys').set(w).send({ serviceAccountId: t.admin.serviceAccountId })).status).toBe(403);
  const v3Key = await jsonApi(
    t.http
      .post(`/v3/orgs/${ids.org}/iam/service-accounts/${t.admin.serviceAccountId}/keys`)
      .set(w)
      .set('Content-Type', JSONAPI)
      .send(JSON.stringify({ data: { type: 'service-account-keys' } })),
  );
  expect(v3Key.status).toBe(403);
  expect(await snapshot()).toEqual(before);
});
