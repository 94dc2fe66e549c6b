// Issue 25, item 5: no single request holds the database for long. Beside DB_TIMEOUT_MS per wait,
// each request has a budget of store calls (REQUEST_DB_QUERIES) and of their time (REQUEST_DB_MS);
// past it the request is 503 with Retry-After in its dialect's shape, and whatever it was writing
// rolls back. On SQLite, a read lets the event loop and other requests' statements in between its
// own.
import { DomainError } from '../../src/core/errors';
import { TypeOrmStore } from '../../src/store/typeorm-store';
import { jsonApi } from '../support/jsonapi';
import { freshDatabase, useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';

describe('the store', () => {
  let store: TypeOrmStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    // sliceMs 0: SQLite work lets the event loop turn between every two calls, so what it lets in is seen at once.
    store = await TypeOrmStore.open(db.url, { requestLimits: { queries: 3, ms: 60_000 }, sliceMs: 0 });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  test('a request makes its share of calls; the next one is UNAVAILABLE with a Retry-After, in a later run too', async () => {
    const scoped = store.forRequest();
    await scoped.run(async (repos) => {
      await repos.organizations.count();
      await repos.organizations.count();
    });
    const refused = scoped.run(async (repos) => {
      await repos.organizations.count();
      await repos.organizations.count();
    });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
    // Another request has a budget of its own; the store itself has none.
    await expect(store.forRequest().run((repos) => repos.organizations.count())).resolves.toBeGreaterThanOrEqual(0);
  });

  test('a transaction that runs out of its budget writes nothing', async () => {
    const before = await store.run((repos) => repos.organizations.count());
    const at = new Date().toISOString();
    const refused = store.forRequest().transaction(async (repos) => {
      await repos.organizations.insert({ id: '0190a6b2-5c3e-7d4f-8a1b-000000000001', name: 'half done', createdAt: at });
      for (;;) await repos.organizations.count();
    });
    await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await store.run((repos) => repos.organizations.count())).toBe(before);
  });

  test('time counts too: calls that add up to REQUEST_DB_MS are refused', async () => {
    const db = await freshDatabase();
    const timed = await TypeOrmStore.open(db.url, { requestLimits: { queries: 1_000_000, ms: 1 } });
    try {
      const refused = timed.forRequest().run(async (repos) => {
        for (;;) await repos.organizations.count();
      });
      await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await timed.close();
      await db.drop();
    }
  });

  // SQLite's one connection, which better-sqlite3 drives synchronously; on PostgreSQL each read has a pooled connection of its own.
  const onSqlite = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? test.skip : test;
  onSqlite("a long read lets others' reads and the event loop in before it ends", async () => {
    const order: string[] = [];
    const long = store
      .forRequest()
      .run(async (repos) => {
        await repos.organizations.count();
        await repos.organizations.count();
        await repos.organizations.count();
      })
      .then(() => order.push('long read'));
    const other = store.run((repos) => repos.organizations.count()).then(() => order.push('other read'));
    setImmediate(() => order.push('event loop'));
    await Promise.all([long, other]);
    expect(order.indexOf('other read')).toBeLessThan(order.indexOf('long read'));
    expect(order.indexOf('event loop')).toBeLessThan(order.indexOf('long read'));
  });
});

describe('through HTTP, a request over its budget', () => {
  // Four store calls a request: reading a group takes two; creating an account, or reading groups with their members, more.
  const t = useTestServer({ requestLogs: false, requestDbLimits: { queries: 4, ms: 60_000 } });
  const group = '0190a6b2-5c3e-7d4f-8a1b-00000000c0de';
  beforeAll(async () => {
    // Straight into the tables: making a group and adding a member through the API take more calls than this server allows.
    const at = new Date().toISOString();
    const org = t.admin.organizationId;
    await t.query(
      `INSERT INTO groups (id, organization_id, name, name_key, description, bindings, created_at, updated_at, version)
       VALUES ('${group}', '${org}', 'crew', 'crew', NULL, '[]', '${at}', '${at}', 1)`,
    );
    await t.query(
      `INSERT INTO group_members (group_id, service_account_id, organization_id) VALUES ('${group}', '${t.admin.serviceAccountId}', '${org}')`,
    );
  });

  test('is 503 with Retry-After in v3 (JSON:API errors), while a smaller request answers', async () => {
    const res = await jsonApi(t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/groups?include=service_accounts`).set(t.adminBearer));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.errors[0]).toMatchObject({ status: '503', code: 'UNAVAILABLE' });
    const small = await jsonApi(t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/groups/${group}`).set(t.adminBearer));
    expect(small.status).toBe(200);
  });

  test('is 503 with Retry-After in v2 (problem document) and v1 (envelope), and changes nothing', async () => {
    const v2 = await changesNothing(t, () => t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'too costly' }));
    expect(v2.status).toBe(503);
    expect(v2.headers['retry-after']).toBe('5');
    expect(v2.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(v2.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    const v1 = await changesNothing(t, () =>
      t.http.post('/v1/service-accounts').set(t.adminBearer).send({ name: 'too costly', permissions: [] }),
    );
    expect(v1.status).toBe(503);
    expect(v1.headers['retry-after']).toBe('5');
    expect(v1.body).toMatchObject({ code: 503, data: null });
  });
});
