// Contraforce's C# and Python integration samples against iamgate's v2, on the wire as they talk:
// a base URL ending in `/api/v2/`, relative paths (C# resolves `service-accounts` against it,
// Python pastes `/service-accounts` after it, giving `//`), `Authorization: Basic` on every call,
// JSON bodies (C# writes every null member and `charset=utf-8`), every body parsed as JSON, and
// errors read as RFC 7807 problems whose `code` they switch on and whose `type` is a URL to read.
import type { Response } from 'supertest';
import { checkAgainstOpenApi } from '../support/openapi-check';
import { basic, startTestServer, useTestServer } from '../support/server';

const t = useTestServer();
const origin = () => `http://127.0.0.1:${t.running.port}`;

type Style = 'csharp' | 'python';

interface Answer<T = any> {
  status: number;
  type: string;
  body: T;
}

/** Every value of a member named `key`, at any depth of a parsed body. */
function valuesNamed(key: string, body: unknown): unknown[] {
  if (Array.isArray(body)) return body.flatMap((item) => valuesNamed(key, item));
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([name, value]) => [...(name === key ? [value] : []), ...valuesNamed(key, value)]);
}

/** One sample client: how it joins paths, what it sends, and JSON parsing of every answer. */
class ContraforceClient {
  /** Every `accountId` the client was sent: in v2 it names the organization, only (issue 26). */
  readonly accountIds: unknown[] = [];

  constructor(
    private readonly style: Style,
    private readonly clientId: string,
    private readonly secret: string,
    private readonly base = `${origin()}/api/v2/`,
  ) {}

  url(path: string): string {
    return this.style === 'csharp' ? new URL(path, this.base).toString() : `${this.base}/${path}`;
  }

  async send<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...basic(this.clientId, this.secret), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = this.style === 'csharp' ? 'application/json; charset=utf-8' : 'application/json';
    const url = this.url(path);
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed = res.status === 204 ? undefined : (JSON.parse(text) as T);
    checkAgainstOpenApi(method, new URL(url).pathname, { status: res.status, text, body: parsed } as unknown as Response);
    this.accountIds.push(...valuesNamed('accountId', parsed));
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed as T };
  }
}

const admin = (style: Style) => new ContraforceClient(style, t.admin.clientId, t.admin.secret);

test.each<Style>(['csharp', 'python'])(
  'when the %s sample runs the whole lifecycle, then every call answers as without the extra slash',
  async (style) => {
    const c = admin(style);
    expect((await c.send('GET', 'service-accounts')).status).toBe(200);
    const made = await c.send('POST', 'service-accounts', {
      name: `Sample ${style}`,
      description: null,
      organizationalRole: 'Member',
      workspaceAssignments: null,
      expirationDate: null,
      scopes: ['org:service-accounts:read'],
    });
    expect(made.status).toBe(201);
    const { id, clientId, clientSecret } = made.body.data;
    expect(Object.keys(made.body.data).slice(0, 3)).toEqual(['clientId', 'clientSecret', 'id']);

    // The new account's own credential, Basic as the samples send it.
    const own = new ContraforceClient(style, clientId, clientSecret);
    const listed = await own.send('GET', 'service-accounts?limit=100');
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(id);
    expect(listed.body.pagination).toEqual({ continuationToken: null, hasMore: false });

    expect((await c.send('GET', `service-accounts/${id}`)).body.data.name).toBe(`Sample ${style}`);
    const put = await c.send('PUT', `service-accounts/${id}`, {
      name: null,
      description: 'changed',
      organizationalRole: null,
      workspaceAssignments: null,
    });
    expect(put.body.data).toMatchObject({ name: `Sample ${style}`, description: 'changed', organizationalRole: 'Member' });

    // Rotation: add a credential, then revoke the old one.
    const oldId = made.body.data.credentials[0].id;
    const added = await c.send('POST', `service-accounts/${id}/credentials`, {
      expirationDate: '2031-01-01T00:00:00Z',
      scopes: ['org:service-accounts:read'],
    });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ clientId, status: 'Active', expirationDate: '2031-01-01T00:00:00.000Z' });
    const revoked = await c.send('POST', `service-accounts/${id}/credentials/${oldId}/revoke`);
    expect(revoked.body.data).toMatchObject({ id: oldId, status: 'Revoked' });
    expect((await own.send('GET', 'service-accounts')).status).toBe(401);
    const rotated = new ContraforceClient(style, clientId, added.body.data.clientSecret);
    expect((await rotated.send('GET', `service-accounts/${id}/credentials`)).body.data.map((k: { status: string }) => k.status)).toEqual([
      'Revoked',
      'Active',
    ]);

    expect((await c.send('POST', `service-accounts/${id}/disable`)).body.data.isActive).toBe(false);
    expect((await rotated.send('GET', 'service-accounts')).status).toBe(401);
    expect((await c.send('POST', `service-accounts/${id}/enable`)).body.data.isActive).toBe(true);
    expect((await c.send('GET', `service-accounts/${id}/audit-events`)).body.data.length).toBeGreaterThan(3);
    expect((await c.send('POST', 'workspaces', { name: `Workspace ${style}` })).status).toBe(201);
    expect((await c.send('GET', 'workspaces')).status).toBe(200);
    // Who called v2: each row names the service account as serviceAccountId (issue 26; was accountId).
    await t.running.runtime.requestLogs!.flush();
    const users = await c.send('GET', 'usage?dialect=v2&sinceDays=1&limit=100');
    expect(users.body.data.map((u: { serviceAccountId: string }) => u.serviceAccountId)).toContain(t.admin.serviceAccountId);
    expect((await c.send('DELETE', `service-accounts/${id}`)).status).toBe(204);
    expect((await c.send('GET', `service-accounts/${id}`)).body.code).toBe('NOT_FOUND');
    // Every accountId the samples were sent is the organization's id.
    const seen = [c, own, rotated].flatMap((client) => client.accountIds);
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen)).toEqual(new Set([t.admin.organizationId]));
  },
);

test("when the v2 OpenAPI document is walked, then every field named accountId is the organization's id, described so", async () => {
  const doc = (await (await fetch(`${origin()}/openapi/v2.json`)).json()) as Record<string, any>;
  const resolve = (node: any): any =>
    node?.$ref
      ? resolve(
          node.$ref
            .slice(2)
            .split('/')
            .reduce((o: any, k: string) => o[k], doc),
        )
      : node;
  const found: { where: string; schema: any }[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (n.properties?.accountId) found.push({ where: `${where}/properties/accountId`, schema: resolve(n.properties.accountId) });
    if (n.in && n.name === 'accountId') found.push({ where, schema: { description: n.description, ...resolve(n.schema) } });
    for (const [key, value] of Object.entries(n)) walk(value, `${where}/${key}`);
  };
  walk(doc, '#');
  expect(found.length).toBeGreaterThan(0);
  for (const { where, schema } of found) {
    expect([where, schema.format, schema.description]).toEqual([
      where,
      'uuid',
      'The organization it belongs to (Contraforce calls it the account).',
    ]);
  }
  // The usage rows name their service account otherwise.
  const page = resolve(doc.paths['/api/v2/usage'].get.responses['200'].content['application/json'].schema);
  const row = resolve(resolve(page.properties.data).items);
  expect(Object.keys(row.properties)).toEqual(expect.arrayContaining(['serviceAccountId', 'name', 'requests']));
  expect(row.properties.accountId).toBeUndefined();
});

test('when paths repeat or end in a slash, then the same route answers, not a 404', async () => {
  const auth = basic(t.admin.clientId, t.admin.secret);
  const id = t.admin.serviceAccountId;
  for (const path of [
    '/api/v2/service-accounts',
    '/api/v2//service-accounts',
    '/api/v2/service-accounts/',
    '/api/v2//service-accounts//',
    '//api/v2/service-accounts',
  ]) {
    const res = await fetch(`${origin()}${path}?limit=1`, { headers: auth });
    expect([path, res.status]).toEqual([path, 200]);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
  }
  for (const path of [`/api/v2/service-accounts/${id}/`, `/api/v2//service-accounts//${id}`]) {
    expect((await t.http.get(path).set(auth)).body.data.id).toBe(id);
  }
  // The normalising is shared: the other dialects and the non-dialect routes answer through it too.
  expect((await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam//service-accounts`).set(auth)).status).toBe(200);
  expect((await t.http.get('/v1//service-accounts/').set(auth)).status).toBe(200);
  expect((await t.http.get('/openapi//v2.json')).body.openapi).toBe('3.1.0');
  expect((await t.http.get('/auth//verify').set(auth)).status).toBe(200);
});

test('when a slash form is answered, then the OpenAPI check still holds it to its route', () => {
  const path = `/api/v2//service-accounts/${t.admin.serviceAccountId}/`;
  const fake = { status: 200, body: { data: {} }, text: '{"data":{}}' } as unknown as Response;
  expect(() => checkAgainstOpenApi('get', path, fake)).toThrow(/does not match/);
});

describe('problem documents', () => {
  const c = () => admin('python');

  /** What the samples rely on: problem+json, the code, and a `type` that is a readable page with the code's anchor. */
  async function expectProblem(answer: Answer, status: number, code: string, target?: string) {
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status, code, type: `${origin()}/docs/errors#${code}` });
    if (target === undefined) expect(answer.body).not.toHaveProperty('target');
    else expect(answer.body.target).toBe(target);
    const page = await fetch(answer.body.type);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(`id="${code}"`);
  }

  test('when a body field is wrong, then VALIDATION_ERROR with target naming it in v2 words', async () => {
    await expectProblem(await c().send('POST', 'service-accounts', { name: '' }), 400, 'VALIDATION_ERROR', 'name');
    await expectProblem(
      await c().send('PUT', `service-accounts/${t.admin.serviceAccountId}`, { organizationalRole: 'Boss' }),
      400,
      'VALIDATION_ERROR',
      'organizationalRole',
    );
    const extra = await c().send('POST', 'service-accounts', { name: 'Extra', clientSecret: 'x' });
    await expectProblem(extra, 400, 'VALIDATION_ERROR', 'clientSecret');
    expect(extra.body.errors).toEqual({ clientSecret: ['is read-only and cannot be set'] });
    // A core check (a credential's scopes beyond the account's) is named in v2 words too.
    const made = await c().send('POST', 'service-accounts', { name: 'Scoped', scopes: ['org:service-accounts:read'] });
    const wider = await c().send('POST', `service-accounts/${made.body.data.id}/credentials`, { scopes: ['org:service-accounts:manage'] });
    await expectProblem(wider, 400, 'VALIDATION_ERROR', 'scopes');
  });

  test('when a query parameter is wrong, then target names the parameter', async () => {
    await expectProblem(await c().send('GET', 'service-accounts?limit=1000'), 400, 'VALIDATION_ERROR', 'limit');
    await expectProblem(await c().send('GET', 'service-accounts?continuationToken=nope'), 400, 'VALIDATION_ERROR', 'continuationToken');
  });

  test('when nothing names a field, then no target; every code the samples switch on has its anchor', async () => {
    await expectProblem(await c().send('GET', 'service-accounts/0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b'), 404, 'NOT_FOUND');
    await expectProblem(
      await new ContraforceClient('csharp', t.admin.clientId, 'iamg_wrong').send('GET', 'service-accounts'),
      401,
      'UNAUTHORIZED',
    );
    const reader = (await c().send('POST', 'service-accounts', { name: 'Reader', scopes: ['org:service-accounts:read'] })).body.data;
    await expectProblem(
      await new ContraforceClient('csharp', reader.clientId, reader.clientSecret).send('POST', 'workspaces', { name: 'No' }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(await c().send('POST', 'service-accounts', { name: 'reader' }), 409, 'CONFLICT', 'name');
    const page = await (await fetch(`${origin()}/docs/errors`)).text();
    for (const code of [
      'VALIDATION_ERROR',
      'BAD_REQUEST',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'PRECONDITION_FAILED',
      'UNSUPPORTED_MEDIA_TYPE',
      'PAYLOAD_TOO_LARGE',
      'RATE_LIMITED',
      'UNAVAILABLE',
      'INTERNAL_ERROR',
      'NOT_ACCEPTABLE',
      'GONE',
      'METHOD_NOT_ALLOWED',
    ]) {
      expect([code, page.includes(`id="${code}"`)]).toEqual([code, true]);
    }
  });

  test('when the Host header is not a host (or any untrusted one), then type does not carry it: it names the address reached', async () => {
    for (const host of ['x"><script>', 'evil.example.com']) {
      const res = await t.http
        .get('/api/v2/service-accounts/0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b')
        .set('Host', host)
        .set(basic(t.admin.clientId, t.admin.secret));
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', type: `${origin()}/docs/errors#NOT_FOUND` });
    }
  });

  test('when PUBLIC_URL is set, then type is under it', async () => {
    const pub = await startTestServer({ publicUrl: 'https://iam.example.com' });
    try {
      const res = await pub.http
        .get('/api/v2/service-accounts/0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b')
        .set(basic(pub.admin.clientId, pub.admin.secret));
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', type: 'https://iam.example.com/docs/errors#NOT_FOUND' });
    } finally {
      await pub.close();
    }
  });
});
