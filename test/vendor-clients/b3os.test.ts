// The B3OS client (their MCP package) against iamgate's v1, on the wire as that client talks:
// fetch with `Authorization: Bearer <key>` and JSON headers on every call, `X-Org-ID` on setup
// calls only, every body parsed as JSON, `code` read as an integer, and a missing or null `data`
// taken as an error. Its setup flow pages accounts by offset to find one by name, creates it when
// absent (a 409 sends it back to the lookup), makes a read-write api key and then runs on that key.
import type { Response } from 'supertest';
import { checkAgainstOpenApi } from '../support/openapi-check';
import { useTestServer } from '../support/server';

const t = useTestServer();

class B3osError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Call {
  method: string;
  path: string;
}

/** What the vendor's client does per request, and a log of the calls it made. */
class B3osClient {
  readonly calls: Call[] = [];

  constructor(
    private readonly apiKey: string,
    private readonly orgId?: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.apiKey}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (this.orgId) headers['X-Org-ID'] = this.orgId;
    this.calls.push({ method, path });
    const res = await fetch(`http://127.0.0.1:${t.running.port}/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = JSON.parse(text) as { code: unknown; data?: T | null; message?: string };
    checkAgainstOpenApi(method, `/v1${path}`, { status: res.status, text, body: json } as unknown as Response);
    expect(Number.isInteger(json.code)).toBe(true);
    expect(json.code).toBe(res.status);
    if (!res.ok || json.data === undefined || json.data === null) throw new B3osError(res.status, json.code as number, json.message ?? '');
    return json.data;
  }
}

interface Account {
  id: string;
  name: string;
  permissions: string[];
}
interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  hasMore: boolean;
}

/** The client's lookup: pages of 100, `offset += items.length`, until `hasMore` is false. */
async function findAccountByName(client: B3osClient, name: string): Promise<Account | undefined> {
  let offset = 0;
  for (;;) {
    const page = await client.request<Page<Account>>('GET', `/service-accounts?limit=100&offset=${offset}`);
    const found = page.items.find((a) => a.name === name);
    if (found) return found;
    if (!page.hasMore) return undefined;
    offset += page.items.length;
  }
}

/** The setup flow: find or create the account (a 409 means someone made it meanwhile: look again), then a key. */
async function setUp(client: B3osClient, name: string, permissions: string[]) {
  let account = await findAccountByName(client, name);
  if (!account) {
    try {
      account = await client.request<Account>('POST', '/service-accounts', { name, description: 'B3OS agent', permissions });
    } catch (err) {
      if (!(err instanceof B3osError) || err.code !== 409) throw err;
      account = await findAccountByName(client, name);
    }
  }
  const key = await client.request<{ id: string; key: string; name: string }>('POST', '/api-keys', {
    name: `${name} key`,
    description: 'made by setup',
    scope: 'read-write',
    serviceAccountId: account!.id,
  });
  return { account: account!, key };
}

/** The org owner's read-write key, as the B3OS dashboard would hand it out. */
async function setupKey(): Promise<string> {
  const res = await t.http
    .post('/v1/api-keys')
    .set(t.adminBearer)
    .send({ name: 'setup', scope: 'read-write', serviceAccountId: t.admin.serviceAccountId });
  expect(res.status).toBe(200);
  return res.body.data.key as string;
}

/** Enough accounts that a lookup needs a second page of 100. */
async function fillOrganization(count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      t.http
        .post('/v1/service-accounts')
        .set(t.adminBearer)
        .send({ name: `Filler ${i + j}`, permissions: [] }),
    );
    for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
  }
}

// This agent also reads its own account record at runtime (a service-account read); the rest are B3OS's own.
const AGENT_PERMISSIONS = ['workflow:read', 'apikey:read', 'service_account:read'];

test('when the setup flow runs with a read-write key as Bearer, then it pages, creates, mints a key and the key works', async () => {
  const setup = new B3osClient(await setupKey(), t.admin.organizationId);
  // The docs' token check and the client's diagnose call.
  const orgs = await setup.request<Page<{ id: string }>>('GET', '/organizations');
  expect(orgs.items.map((o) => o.id)).toEqual([t.admin.organizationId]);
  expect((await setup.request<{ scope: string }>('GET', '/whoami')).scope).toBe('read-write');
  await fillOrganization(120);

  setup.calls.length = 0;
  const first = await setUp(setup, 'B3OS agent', AGENT_PERMISSIONS);
  // Two pages of lookup (0, then 0 + 100) before it made the account.
  expect(setup.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
    'GET /service-accounts?limit=100&offset=0',
    'GET /service-accounts?limit=100&offset=100',
    'POST /service-accounts',
    'POST /api-keys',
  ]);
  expect(first.account).toMatchObject({ name: 'B3OS agent', permissions: AGENT_PERMISSIONS });
  expect(first.key).toMatchObject({ name: 'B3OS agent key', key: expect.stringMatching(/^iamg_/) });

  // A second run finds the account on the second page and only adds a key.
  setup.calls.length = 0;
  const second = await setUp(setup, 'B3OS agent', AGENT_PERMISSIONS);
  expect(second.account.id).toBe(first.account.id);
  expect(setup.calls.map((c) => c.method)).toEqual(['GET', 'GET', 'POST']);

  // Runtime: the new key alone, no X-Org-ID.
  const agent = new B3osClient(first.key.key);
  const me = await agent.request<Record<string, unknown>>('GET', '/whoami');
  expect(me).toEqual({
    serviceAccountId: first.account.id,
    organizationId: t.admin.organizationId,
    name: 'B3OS agent',
    permissions: AGENT_PERMISSIONS,
    keyId: first.key.id,
    scope: 'read-write',
  });
  expect((await agent.request<Account>('GET', `/service-accounts/${first.account.id}`)).name).toBe('B3OS agent');
});

// What B3OS's own setup gives its agent: its own permissions only, none of iamgate's (issue 26).
const OWN_PERMISSIONS_ONLY = ['workflow:*', 'apikey:read', 'workflow:read'];

test("when the whoami tool runs on the key its setup made for an account holding only B3OS's own permissions, then it succeeds", async () => {
  const setup = new B3osClient(await setupKey(), t.admin.organizationId);
  const { account, key } = await setUp(setup, 'B3OS own-permissions agent', OWN_PERMISSIONS_ONLY);
  expect(account.permissions).toEqual(OWN_PERMISSIONS_ONLY);

  // The MCP client's whoami tool: GET /v1/organizations with that key, no X-Org-ID.
  const agent = new B3osClient(key.key);
  const orgs = await agent.request<Page<{ id: string; name: string }>>('GET', '/organizations');
  expect(orgs).toMatchObject({ items: [{ id: t.admin.organizationId, name: 'Default' }], offset: 0, hasMore: false });
  expect((await agent.request<{ id: string }>('GET', `/organizations/${t.admin.organizationId}`)).id).toBe(t.admin.organizationId);
  // The diagnose call too; and what the key may not do stays refused.
  expect(await agent.request('GET', '/whoami')).toMatchObject({ serviceAccountId: account.id, permissions: OWN_PERMISSIONS_ONLY });
  await expect(agent.request('GET', `/service-accounts/${account.id}`)).rejects.toMatchObject({ status: 403, code: 403 });
  // Another organization's record stays out of reach (404), whatever the key.
  const other = await t.newOrg('B3OS neighbour');
  await expect(agent.request('GET', `/organizations/${other.organizationId}`)).rejects.toMatchObject({ status: 404, code: 404 });
});

test('when the account is created twice by name, then the second is a 409 with an integer code and the client reuses the first', async () => {
  const setup = new B3osClient(await setupKey(), t.admin.organizationId);
  const made = await setup.request<Account>('POST', '/service-accounts', { name: 'Raced agent', permissions: AGENT_PERMISSIONS });
  const again = setup.request('POST', '/service-accounts', { name: 'raced AGENT', permissions: AGENT_PERMISSIONS });
  await expect(again).rejects.toMatchObject({ status: 409, code: 409 });
  // setUp's own recovery: a 409 on create leads back to the lookup, which finds the first one.
  const reused = await setUp(setup, 'Raced agent', AGENT_PERMISSIONS);
  expect(reused.account.id).toBe(made.id);
});

test('when whoami is asked with a read key, then it says scope read and only the permissions that key can use', async () => {
  const setup = new B3osClient(await setupKey(), t.admin.organizationId);
  const account = await setup.request<Account>('POST', '/service-accounts', {
    name: 'Reader agent',
    permissions: ['service_account:read', 'service_account:write', 'workflow:read'],
  });
  const key = await setup.request<{ id: string; key: string }>('POST', '/api-keys', { scope: 'read', serviceAccountId: account.id });
  expect(await new B3osClient(key.key).request('GET', '/whoami')).toEqual({
    serviceAccountId: account.id,
    organizationId: t.admin.organizationId,
    name: 'Reader agent',
    permissions: ['service_account:read', 'workflow:read'],
    keyId: key.id,
    scope: 'read',
  });
});

describe('GET /v1/organizations', () => {
  test("when listed, then the page holds the caller's organization in B3OS's shape", async () => {
    const client = new B3osClient(await setupKey(), t.admin.organizationId);
    const page = await client.request<Page<Record<string, unknown>>>('GET', '/organizations');
    expect(page).toEqual({ items: [expect.any(Object)], limit: 20, offset: 0, hasMore: false });
    const org = page.items[0];
    expect(org).toEqual({
      id: t.admin.organizationId,
      slug: 'default',
      name: 'Default',
      description: null,
      createdBy: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: org.createdAt,
    });
    expect(await client.request('GET', `/organizations/${t.admin.organizationId}`)).toEqual(org);
    expect(await client.request('GET', `/organizations/${t.admin.organizationId.toUpperCase()}`)).toEqual(org);
    expect(await client.request('GET', '/organizations?limit=100&offset=1')).toEqual({ items: [], limit: 100, offset: 1, hasMore: false });
  });

  test("when another organization's id (or an unknown or malformed one) is asked for, then 404; another org in X-Org-ID is 403", async () => {
    const other = await t.newOrg('Acme Widgets, Inc.');
    const mine = new B3osClient(await setupKey());
    for (const id of [other.organizationId, '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b', 'not-a-uuid']) {
      await expect(mine.request('GET', `/organizations/${id}`)).rejects.toMatchObject({ status: 404, code: 404 });
    }
    await expect(new B3osClient(await setupKey(), other.organizationId).request('GET', '/organizations')).rejects.toMatchObject({
      code: 403,
    });
    // Their own credentials see theirs, slugged from the name.
    const theirs = await new B3osClient(other.secret, other.organizationId).request<Page<{ slug: string }>>('GET', '/organizations');
    expect(theirs.items.map((o) => o.slug)).toEqual(['acme-widgets-inc']);
  });
});

test('when a call fails, then the body is still the JSON envelope: integer code, null data, a message', async () => {
  const bad = new B3osClient('b3sk_not_a_key');
  for (const path of ['/whoami', '/organizations']) {
    await expect(bad.request('GET', path)).rejects.toMatchObject({ status: 401, code: 401 });
  }
  const res = await t.http.get('/v1/whoami');
  expect(res.body).toMatchObject({ code: 401, data: null, message: expect.any(String), requestId: res.headers['x-request-id'] });
});

test('when the base URL and the path both bring a slash, then v1 answers the same route', async () => {
  const client = new B3osClient(await setupKey(), t.admin.organizationId);
  const me = await client.request<{ serviceAccountId: string }>('GET', '//whoami');
  expect(me.serviceAccountId).toBe(t.admin.serviceAccountId);
  expect((await client.request<Page<unknown>>('GET', '/service-accounts/?limit=1')).limit).toBe(1);
});
