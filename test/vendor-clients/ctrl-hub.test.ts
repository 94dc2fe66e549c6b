// Ctrl-Hub's published clients against iamgate's v3, on the wire as they talk (issue 14). The
// TypeScript SDK (ctrl-hub/sdk.ts: Client.ts, JsonSerializer.ts, RequestOptions.ts) gets a token
// with a form body (`…; charset=utf-8`), then sends `Content-Type: application/json` and
// `Authorization: Bearer` on every request, GET included; builds create bodies as
// {data:{type, attributes, relationships:{}}} and updates as {data:{type, attributes,
// relationships:{}, id}}; builds queries as sort, filter[…], include, limit, offset (in that
// order, a 0 offset left out); and parses a JSON body from every response. Its Kotlin SDK sends
// X-Session-Token instead. Every response is also checked against JSON:API and /openapi/v3.json.
import { assertV3Exchange } from '../support/jsonapi';
import { useTestServer } from '../support/server';

const t = useTestServer();
const origin = () => `http://127.0.0.1:${t.running.port}`;

interface Answer<T = any> {
  ok: boolean;
  statusCode: number;
  headers: Headers;
  data: T;
  included: any[] | null;
  meta: any;
  links: any;
  errors: { api: any[] };
}

type Sort = { key: string; direction?: 'asc' | 'desc' };
interface RequestOptions {
  sort?: Sort[];
  filters?: { key: string; value: string }[];
  include?: string[];
  limit?: number;
  offset?: number;
}

/** RequestOptions.toURLSearchParams, as the SDK writes it. */
function searchOf(o: RequestOptions): string {
  const params = new URLSearchParams();
  if (o.sort?.length) params.append('sort', o.sort.map((s) => (s.direction === 'desc' ? '-' : '') + s.key).join(','));
  for (const f of o.filters ?? []) params.append(`filter[${f.key}]`, f.value);
  if (o.include?.length) params.append('include', o.include.join(','));
  if (o.limit) params.append('limit', String(o.limit));
  if (o.offset) params.append('offset', String(o.offset));
  return params.toString();
}

/** The SDK's Client: its token, its four request methods, and buildInternalResponse. */
class CtrlHubClient {
  bearerToken = '';
  /** Every X-Trace-Id seen (the vendor tells clients to capture it). */
  readonly traces: string[] = [];

  constructor(private readonly config: { clientId: string; clientSecret: string; organisationId: string; sessionToken?: boolean }) {}

  async getToken(): Promise<void> {
    const params = new URLSearchParams();
    params.append('grant_type', 'client_credentials');
    params.append('client_id', this.config.clientId);
    params.append('client_secret', this.config.clientSecret);
    const response = await fetch(`${origin()}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: params.toString(),
    });
    const tokenJson = (await response.json()) as { access_token?: string };
    if (tokenJson.access_token) this.bearerToken = tokenJson.access_token;
  }

  private url(endpoint: string): string {
    return `${origin()}${endpoint.replace(':orgId', this.config.organisationId)}`;
  }

  async request(method: string, endpoint: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    // The TypeScript SDK sends Authorization; the Kotlin SDK X-Session-Token.
    if (this.bearerToken)
      headers[this.config.sessionToken ? 'X-Session-Token' : 'Authorization'] = this.config.sessionToken
        ? this.bearerToken
        : `Bearer ${this.bearerToken}`;
    const url = this.url(endpoint);
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = JSON.parse(text); // the SDK's `await fetchResponse.json()`: every answer must be JSON
    assertV3Exchange({ method, url, status: response.status, headers: Object.fromEntries(response.headers), body: json, text });
    this.traces.push(response.headers.get('x-trace-id') ?? '');
    return {
      ok: response.ok,
      statusCode: response.status,
      headers: response.headers,
      meta: json?.meta || null,
      links: json?.links || null,
      data: json?.data || null,
      included: json?.included || null,
      errors: { api: json?.errors || [] },
    };
  }

  get(endpoint: string, param?: string | RequestOptions) {
    if (typeof param === 'string') return this.request('GET', `${endpoint}/${param}`);
    const search = param ? searchOf(param) : '';
    return this.request('GET', search ? `${endpoint}?${search}` : endpoint);
  }
}

const ACCOUNTS = '/v3/orgs/:orgId/iam/service-accounts';

/** JsonApiSerializer.buildPayload for ServiceAccount: attributes name and description, no relationships. */
function accountPayload(model: { id?: string; name: string; description: string }, isUpdate: boolean) {
  const payload: { data: Record<string, unknown> } = { data: { type: 'service-accounts', attributes: {}, relationships: {} } };
  if (isUpdate && model.id) payload.data.id = model.id;
  for (const attr of ['name', 'description'] as const) {
    const value = model[attr];
    if (value !== undefined && value !== '') (payload.data.attributes as Record<string, unknown>)[attr] = value;
  }
  return payload;
}

/** The SDK's Log model: what it reads of each log, with its defaults for what is missing. */
function logModel(data: any) {
  return {
    actor: data?.attributes?.actor ?? { type: '', id: '' },
    duration: data?.attributes?.duration ?? 0,
    request: data?.attributes?.request ?? {
      time: '',
      headers: {},
      body: '',
      path: '',
      query: {},
      raw_query: '',
      method: '',
      content_length: 0,
    },
    response: data?.attributes?.response ?? { time: '', body: '', headers: {}, status: 0 },
  };
}

async function adminClient(sessionToken = false): Promise<CtrlHubClient> {
  const c = new CtrlHubClient({
    clientId: t.admin.clientId,
    clientSecret: t.admin.secret,
    organisationId: t.admin.organizationId,
    sessionToken,
  });
  await c.getToken();
  expect(c.bearerToken).toMatch(/^iamgt_/);
  return c;
}

test('when the TypeScript SDK creates, updates, reads with include=keys, adds a key and reads the logs, then each call works as it expects', async () => {
  const c = await adminClient();

  const created = await c.request('POST', ACCOUNTS, accountPayload({ name: 'Ctrl SDK account', description: 'made by the SDK' }, false));
  expect([created.ok, created.statusCode]).toEqual([true, 201]);
  const account = created.data;
  expect(account).toMatchObject({
    type: 'service-accounts',
    attributes: { name: 'Ctrl SDK account', description: 'made by the SDK', enabled: true },
  });
  expect(created.included![0].attributes.client_secret).toMatch(/^iamg_/);
  const firstSecret = created.included![0].attributes.client_secret as string;

  const updated = await c.request(
    'PATCH',
    `${ACCOUNTS}/${account.id}`,
    accountPayload({ id: account.id, name: 'Ctrl SDK account', description: 'changed by the SDK' }, true),
  );
  expect([updated.statusCode, updated.data.attributes.description]).toEqual([200, 'changed by the SDK']);

  const key = await c.request('POST', `${ACCOUNTS}/${account.id}/keys`, { data: { type: 'service-account-keys' } });
  expect(key.statusCode).toBe(201);
  expect(key.data.attributes).toMatchObject({ enabled: true, client_secret: expect.stringMatching(/^iamg_/) });

  const read = await c.get(ACCOUNTS, { include: ['keys'] });
  expect(read.statusCode).toBe(200);
  const one = await c.request('GET', `${ACCOUNTS}/${account.id}?include=keys`);
  expect(one.data.relationships.keys.data).toHaveLength(2);
  expect(one.included!.map((k: { id: string }) => k.id).sort()).toEqual(
    one.data.relationships.keys.data.map((k: { id: string }) => k.id).sort(),
  );
  expect(JSON.stringify(one.included)).not.toContain('client_secret');

  const listed = await c.get(ACCOUNTS, {
    sort: [{ key: 'name' }, { key: 'created_at', direction: 'desc' }],
    filters: [{ key: 'name', value: 'Ctrl SDK' }],
    include: ['keys'],
    limit: 5,
    offset: 0,
  });
  expect(listed.statusCode).toBe(200);
  expect(listed.data.map((a: { id: string }) => a.id)).toEqual([account.id]);
  expect(listed.meta.pagination).toMatchObject({ current_page: 1, counts: { resources: 1, pages: 1 }, requested: { limit: 5, offset: 0 } });
  expect(listed.meta.features).toEqual({ include: { options: expect.arrayContaining(['keys']) } });

  // ServiceAccountsService.logs(id): the admin's own requests, each one's Log model filled.
  const logs = await c.request('GET', `${ACCOUNTS}/${t.admin.serviceAccountId}/logs`);
  expect(logs.statusCode).toBe(200);
  const models = (logs.data as unknown[]).map(logModel);
  expect(models.length).toBeGreaterThanOrEqual(5);
  const [newest] = models;
  expect(newest.request.method).toBe('GET');
  expect(newest.request.path).toBe(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`);
  expect(newest.request.query).toMatchObject({ 'filter[name]': ['Ctrl SDK'], limit: ['5'], sort: ['name,-created_at'] });
  expect(newest.response.status).toBe(200);
  expect(newest.duration).toBeGreaterThan(0);
  expect(newest.actor).toEqual({ type: 'service-accounts', id: t.admin.serviceAccountId });
  for (const m of models) {
    expect(m.request.path).not.toBe('');
    expect(m.request.method).not.toBe('');
    expect(m.response.status).toBeGreaterThanOrEqual(200);
    expect(m.duration).toBeGreaterThan(0);
    if (m.request.path === '/oauth2/token') expect(m.request.body).toMatch(/&client_secret=redacted$/);
    else expect(m.request.headers.Authorization).toEqual(['redacted']);
  }
  const byPath = models.map((m) => `${m.request.method} ${m.request.path} ${m.response.status}`);
  expect(byPath).toEqual(
    expect.arrayContaining([
      `POST /v3/orgs/${t.admin.organizationId}/iam/service-accounts 201`,
      `PATCH /v3/orgs/${t.admin.organizationId}/iam/service-accounts/${account.id} 200`,
      `POST /v3/orgs/${t.admin.organizationId}/iam/service-accounts/${account.id}/keys 201`,
      'POST /oauth2/token 200',
    ]),
  );
  const text = JSON.stringify(logs.data);
  for (const secret of [t.admin.secret, firstSecret, key.data.attributes.client_secret, c.bearerToken])
    expect(text).not.toContain(secret.slice(12));

  const log = await c.request('GET', `${ACCOUNTS}/${t.admin.serviceAccountId}/logs/${logs.data[0].id}`);
  expect(logModel(log.data)).toEqual(newest);
  expect(c.traces.every((id) => id.length > 0)).toBe(true);
});

test('when the SDK gets an error, then the body is JSON:API errors it can read, with the trace id', async () => {
  const c = await adminClient();
  const missing = await c.get(ACCOUNTS, '0198f0a0-0000-7000-8000-000000000000');
  expect([missing.ok, missing.statusCode, missing.errors.api[0].status]).toEqual([false, 404, '404']);
  expect(missing.headers.get('x-trace-id')).toBe(missing.meta.request_id);
  const badToken = new CtrlHubClient({ clientId: t.admin.clientId, clientSecret: 'wrong', organisationId: t.admin.organizationId });
  await badToken.getToken();
  expect(badToken.bearerToken).toBe('');
  const unauthenticated = await badToken.get(ACCOUNTS);
  expect([unauthenticated.statusCode, unauthenticated.errors.api[0].code]).toEqual([401, 'UNAUTHORIZED']);
});

test('when the Kotlin SDK authenticates with X-Session-Token, then every call works the same', async () => {
  const c = await adminClient(true);
  const created = await c.request('POST', ACCOUNTS, accountPayload({ name: 'Kotlin SDK account', description: 'by session token' }, false));
  expect(created.statusCode).toBe(201);
  const read = await c.request('GET', `${ACCOUNTS}/${created.data.id}`);
  expect(read.data.attributes.name).toBe('Kotlin SDK account');
  const me = await c.request('GET', '/v3/iam/whoami');
  expect(me.data).toMatchObject({ id: t.admin.serviceAccountId, meta: { organisation_id: t.admin.organizationId, role: 'Admin' } });
  const audit = await c.request('GET', `/v3/audit-events?filter[resource.id]=${created.data.id}`);
  expect(audit.data[0].attributes).toMatchObject({
    operation: 'create',
    resource: { type: 'service-accounts', id: created.data.id, name: 'Kotlin SDK account' },
  });
  const logs = await c.request('GET', `${ACCOUNTS}/${t.admin.serviceAccountId}/logs?limit=1`);
  expect(logModel(logs.data[0]).request.headers['X-Session-Token']).toEqual(['redacted']);
});

// Issue 26: the SDK's delete, the IAM services it has that iamgate lacked, its key model and patchMembers.

/** Client.makeDeleteRequest: `Content-Type: application/json`, no body, and `await fetchResponse.json()` on the answer. */
const makeDeleteRequest = (c: CtrlHubClient, endpoint: string) => c.request('DELETE', endpoint);

/** BaseService.stats(): GET `{endpoint}/stats`, no query unless options were set. */
const stats = (c: CtrlHubClient, endpoint: string) => c.request('GET', `${endpoint}/stats`);

/** GroupsService.patchMembers: JsonSerializer.buildRelationshipPayload(new User, members) types every member `users`. */
const patchMembers = (c: CtrlHubClient, groupId: string, members: { id: string }[]) =>
  c.request('PATCH', `/v3/orgs/:orgId/iam/groups/${groupId}/relationships/members`, {
    data: members.filter((m) => m.id !== undefined).map((m) => ({ type: 'users', id: m.id })),
  });

/** The SDK's Permission model: what it reads of each permission. */
const permissionModel = (data: any) => ({
  name: data?.attributes?.name ?? '',
  description: data?.attributes?.description ?? '',
  category: data?.attributes?.category ?? '',
  component: data?.attributes?.component ?? '',
  verb: data?.attributes?.verb,
});

/** The SDK's ServiceAccountKey model: client_id, enabled and created_at from attributes. */
const keyModel = (data: any) => ({
  client_id: data?.attributes?.client_id ?? '',
  enabled: data?.attributes?.enabled ?? false,
  created_at: data?.attributes?.created_at ? new Date(data.attributes.created_at) : undefined,
});

test('when the SDK deletes a key, a group, a role and an account, then every answer parses as JSON and reads as a success', async () => {
  const c = await adminClient();
  const account = (await c.request('POST', ACCOUNTS, accountPayload({ name: 'SDK doomed', description: 'to delete' }, false))).data;
  const key = (await c.request('POST', `${ACCOUNTS}/${account.id}/keys`, { data: { type: 'service-account-keys' } })).data;
  const role = (
    await c.request('POST', '/v3/orgs/:orgId/iam/roles', {
      data: { type: 'roles', attributes: { name: 'SDK role', permissions: ['x:read'] } },
    })
  ).data;
  const group = (await c.request('POST', '/v3/orgs/:orgId/iam/groups', { data: { type: 'groups', attributes: { name: 'SDK group' } } }))
    .data;
  for (const [endpoint, type, id] of [
    [`${ACCOUNTS}/${account.id}/keys/${key.id}`, 'service-account-keys', key.id],
    [`/v3/orgs/:orgId/iam/groups/${group.id}`, 'groups', group.id],
    [`/v3/orgs/:orgId/iam/roles/${role.id}`, 'roles', role.id],
    [`${ACCOUNTS}/${account.id}`, 'service-accounts', account.id],
  ]) {
    const deleted = await makeDeleteRequest(c, endpoint);
    // buildInternalResponse: ok, the status, no data, nothing in errors.
    expect([endpoint, deleted.ok, deleted.statusCode, deleted.data, deleted.errors.api]).toEqual([endpoint, true, 200, null, []]);
    expect(deleted.meta.deleted).toEqual({ type, id });
  }
  expect((await c.get(ACCOUNTS, account.id)).statusCode).toBe(404);
});

test("when the SDK's permission, organisation, member and stats services are called, then each answers what its model reads", async () => {
  const c = await adminClient();
  const account = (await c.request('POST', ACCOUNTS, accountPayload({ name: 'SDK member', description: 'counted' }, false))).data;
  await c.request('POST', '/v3/orgs/:orgId/iam/roles', {
    data: { type: 'roles', attributes: { name: 'SDK billing', permissions: ['billing:invoices:read'] } },
  });

  // PermissionsService: get() and get(name).
  const permissions = await c.get('/v3/iam/permissions', { limit: 100 });
  expect(permissions.statusCode).toBe(200);
  const models = (permissions.data as any[]).map(permissionModel);
  expect(models).toContainEqual({
    name: 'service-accounts:write',
    description: expect.any(String),
    category: 'iam',
    component: 'service-accounts',
    verb: 'write',
  });
  expect(models).toContainEqual(expect.objectContaining({ name: 'billing:invoices:read', category: 'billing', verb: 'read' }));
  expect(permissionModel((await c.get('/v3/iam/permissions', 'billing:invoices:read')).data).component).toBe('billing');

  // OrganisationsService: get() and get(id); another id is 404.
  const orgs = await c.get('/v3/orgs');
  expect(orgs.data).toEqual([expect.objectContaining({ type: 'organisations', id: t.admin.organizationId })]);
  expect((await c.get('/v3/orgs', t.admin.organizationId)).data.attributes.name).toBe('Default');
  expect((await c.get('/v3/orgs', '0198f0a0-0000-7000-8000-000000000000')).statusCode).toBe(404);

  // OrganisationMembersService: get() with the SDK's options, and stats() as the OrganisationMemberStats model reads it.
  const members = await c.get('/v3/orgs/:orgId/iam/members', { filters: [{ key: 'name', value: 'SDK member' }], limit: 5 });
  expect(members.data.map((m: { type: string; id: string }) => [m.type, m.id])).toEqual([['service-accounts', account.id]]);
  const memberStats = await stats(c, '/v3/orgs/:orgId/iam/members');
  expect(memberStats.data.type).toBe('members-stats');
  const accountCount = (await c.get(ACCOUNTS, { limit: 1 })).meta.pagination.counts.resources;
  expect(memberStats.data.attributes.members).toEqual({ users: 0, service_accounts: accountCount });

  // ServiceAccountsService.stats().
  const accountStats = await stats(c, ACCOUNTS);
  expect(accountStats.data).toMatchObject({
    type: 'service-accounts-stats',
    id: t.admin.organizationId,
    attributes: { service_accounts: { total: accountCount, enabled: accountCount, disabled: 0 }, keys: { total: expect.any(Number) } },
  });

  // ServiceAccountKey: created_at read from attributes is the key's creation time.
  const keys = await c.request('GET', `${ACCOUNTS}/${account.id}/keys`);
  const [first] = keys.data as any[];
  expect(keyModel(first)).toEqual({ client_id: expect.any(String), enabled: true, created_at: new Date(first.meta.created_at) });
  expect(Number.isNaN(keyModel(first).created_at!.getTime())).toBe(false);
});

test('when patchMembers sends its members typed users, then 422 names each one and nothing changes; service accounts work there', async () => {
  const c = await adminClient();
  const account = (await c.request('POST', ACCOUNTS, accountPayload({ name: 'SDK group member', description: 'x' }, false))).data;
  const group = (await c.request('POST', '/v3/orgs/:orgId/iam/groups', { data: { type: 'groups', attributes: { name: 'SDK members' } } }))
    .data;
  const members = `/v3/orgs/:orgId/iam/groups/${group.id}/relationships/members`;

  // The same endpoint with service-account identifiers (makePatchRequest) works as …/relationships/service-accounts.
  const added = await c.request('PATCH', members, { data: [{ type: 'service-accounts', id: account.id }] });
  expect([added.statusCode, added.data]).toEqual([200, [{ type: 'service-accounts', id: account.id }]]);

  const refused = await patchMembers(c, group.id, [{ id: '0198f0a0-0000-7000-8000-0000000000bb' }, { id: account.id }]);
  expect([refused.ok, refused.statusCode]).toEqual([false, 422]);
  expect(refused.errors.api.map((e: { detail: string }) => e.detail)).toEqual([
    expect.stringContaining('0198f0a0-0000-7000-8000-0000000000bb'),
    expect.stringContaining(account.id),
  ]);
  expect((await c.request('GET', `/v3/orgs/:orgId/iam/groups/${group.id}`)).data.relationships.service_accounts.data).toEqual([
    { type: 'service-accounts', id: account.id },
  ]);

  // With no members the SDK's payload is `{data: []}`: the group is emptied.
  const emptied = await patchMembers(c, group.id, []);
  expect([emptied.ok, emptied.data]).toEqual([true, []]);
  expect((await c.request('GET', members)).data).toEqual([]);
});

test('when a Member with no permission asks whoami through the SDK, then it gets its identity', async () => {
  const admin = await adminClient();
  const created = await admin.request('POST', ACCOUNTS, accountPayload({ name: 'SDK no permission', description: 'none' }, false));
  const clientId = (await admin.request('GET', `${ACCOUNTS}/${created.data.id}/keys`)).data[0].attributes.client_id;
  const member = new CtrlHubClient({
    clientId,
    clientSecret: created.included![0].attributes.client_secret,
    organisationId: t.admin.organizationId,
  });
  await member.getToken();
  const me = await member.request('GET', '/v3/iam/whoami');
  expect([me.statusCode, me.data.id, me.data.meta.role, me.data.meta.scopes]).toEqual([200, created.data.id, 'Member', []]);
  expect((await member.get(ACCOUNTS)).statusCode).toBe(403);
});
