// Issue 12: after a failed commit the store recovers, and it never acknowledges what it did not write.
// Failures are injected into TypeORM's query runner (SQLite or PostgreSQL, whichever the tests run
// on) the way the engines fail on a full disk; every check of what is stored uses a second
// connection, which sees only what was really committed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response, Test } from 'supertest';
import { QueryFailedError, type DataSource } from 'typeorm';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createDataSource } from '../../src/store/data-source';
import { bearer, startTestServer, type TestServer } from '../support/server';

const { SqliteError } = require('better-sqlite3') as { SqliteError: new (message: string, code: string) => Error };

const JSONAPI = 'application/vnd.api+json';
const onPostgres = !!process.env.TEST_DATABASE_URL?.startsWith('postgres');

/**
 * `commit`: COMMIT fails and the engine has rolled the transaction back (SQLITE_FULL, 53100).
 * `statement`: an account INSERT fails, the transaction stays open (SQLite undoes one statement).
 * `stuck`: COMMIT fails and so does the ROLLBACK after it: the connection is left inside the transaction.
 */
type Failure = 'commit' | 'statement' | 'stuck';
const armed: Failure[] = [];
const arm = (...failures: Failure[]) => armed.push(...failures);

type RawDb = { inTransaction: boolean; exec(sql: string): unknown };
const rawDb = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: RawDb }).databaseConnection;

function engineError(storage: boolean): Error {
  if (!onPostgres)
    return storage ? new SqliteError('database or disk is full', 'SQLITE_FULL') : new SqliteError('disk I/O error', 'SQLITE_IOERR');
  return Object.assign(new Error(storage ? 'could not extend file: No space left on device' : 'connection failure'), {
    code: storage ? '53100' : '08006',
  });
}
const failed = (sql: string, storage = true) => new QueryFailedError(sql, [], engineError(storage));

type Query = (this: QueryRunnerLike, sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
interface QueryRunnerLike {
  dataSource: DataSource;
}
const Runner = (onPostgres ? PostgresQueryRunner : BetterSqlite3QueryRunner) as unknown as { prototype: { query: Query } };
const originalQuery = Runner.prototype.query;
let stuckRunner: QueryRunnerLike | null = null;

// Background batches (rate-limit counts, the sweeper's deletes, request logs and usage sums) commit
// on timers; an armed COMMIT failure is meant for a request's write, so it waits for a transaction
// that wrote something else.
const BACKGROUND_WRITE = /\b(rate_limits|request_logs|usage_daily)\b|^DELETE FROM "?(access_tokens|idempotency_records)/i;
const wroteForRequest = new WeakSet<QueryRunnerLike>();

Runner.prototype.query = async function (this: QueryRunnerLike, sql, params, structured) {
  const next = armed[0];
  if (/^(BEGIN|START TRANSACTION)/i.test(sql)) wroteForRequest.delete(this);
  else if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql) && !BACKGROUND_WRITE.test(sql)) wroteForRequest.add(this);
  if (stuckRunner === this && sql === 'ROLLBACK') {
    stuckRunner = null;
    throw failed(sql, false);
  }
  if (next === 'commit' && /^(COMMIT|RELEASE SAVEPOINT)/.test(sql) && wroteForRequest.has(this)) {
    armed.shift();
    if (onPostgres) await originalQuery.call(this, 'ROLLBACK');
    else rawDb(this.dataSource).exec('ROLLBACK'); // what SQLite does itself on SQLITE_FULL
    throw failed(sql);
  }
  if (next === 'statement' && /^INSERT INTO service_accounts/.test(sql)) {
    armed.shift();
    throw failed(sql);
  }
  if (next === 'stuck' && sql === 'COMMIT') {
    armed.shift();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the runner itself is what must fail next
    stuckRunner = this; // TypeORM's own ROLLBACK fails next
    if (!onPostgres) failNextRawRollback(this.dataSource); // and so does the store's
    throw failed(sql);
  }
  return originalQuery.call(this, sql, params, structured);
};

function failNextRawRollback(ds: DataSource): void {
  const db = rawDb(ds);
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    if (sql !== 'ROLLBACK') return exec(sql);
    db.exec = exec;
    throw new SqliteError('disk I/O error', 'SQLITE_IOERR');
  };
}

let t: TestServer;
let other: DataSource;
let auth: Record<string, string>;
beforeAll(async () => {
  const sqliteFile = join(mkdtempSync(join(tmpdir(), 'iamgate-commit-')), 'db.sqlite');
  // No request logs: their batches commit on a timer and would take a failure armed for the request's write.
  t = await startTestServer({ requestLogs: false, ...(onPostgres ? {} : { databaseUrl: `sqlite:${sqliteFile}` }) });
  auth = bearer(t.admin.secret);
  other = createDataSource(t.running.runtime.config.databaseUrl).dataSource;
  await other.initialize();
});
afterAll(async () => {
  Runner.prototype.query = originalQuery;
  await other?.destroy();
  await t?.close();
});
afterEach(() => {
  expect(armed.splice(0)).toEqual([]); // every injected failure was hit
  if (!onPostgres) expect(rawDb(t.running.runtime.store.dataSource).inTransaction).toBe(false);
});

let serial = 0;
const unique = () => `commit ${serial++}`;
const createV2 = (name: string) =>
  t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name, scopes: ['service-accounts:read'] });
/** What a second connection sees: committed rows only. */
const storedNames = async (...names: string[]) =>
  ((await other.query('SELECT name FROM service_accounts')) as { name: string }[]).map((r) => r.name).filter((n) => names.includes(n));

function expectUnavailable(res: Response, type: string): void {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('30');
  expect(res.headers['content-type']).toContain(type);
}

test('when a COMMIT fails on a full disk, then the write is a v2 503 with Retry-After, and the next write really commits', async () => {
  const [lost, kept] = [unique(), unique()];
  arm('commit');
  const res = await createV2(lost);
  expectUnavailable(res, 'application/problem+json');
  expect(res.body).toMatchObject({
    status: 503,
    code: 'UNAVAILABLE',
    title: 'Service Unavailable',
    type: `http://127.0.0.1:${t.running.port}/docs/errors#UNAVAILABLE`,
  });
  expect((await createV2(kept)).status).toBe(201);
  expect(await storedNames(lost, kept)).toEqual([kept]);
});

test('when a COMMIT fails and then a statement fails, then later writes still commit and a revocation answered 200 is stored', async () => {
  const [a, b, c] = [unique(), unique(), unique()];
  arm('commit');
  expect((await createV2(a)).status).toBe(503);
  arm('statement');
  expect((await createV2(b)).status).toBe(503);
  const made = await createV2(c);
  expect(made.status).toBe(201);
  expect(await storedNames(a, b, c)).toEqual([c]);

  const {
    id,
    credentials: [key],
  } = made.body.data;
  expect((await t.http.post(`/api/v2/service-accounts/${id}/credentials/${key.id}/revoke`).set(auth)).status).toBe(200);
  const [row] = (await other.query(`SELECT revoked_at FROM keys WHERE id = '${key.id}'`)) as { revoked_at: string | null }[];
  expect(row.revoked_at).not.toBeNull();
});

test('when the ROLLBACK after a failed COMMIT fails too, then the connection is replaced and the failed write never lands', async () => {
  const [lost, kept] = [unique(), unique()];
  const before = rawDb(t.running.runtime.store.dataSource);
  arm('stuck');
  expect((await createV2(lost)).status).toBe(503);
  if (!onPostgres) expect(rawDb(t.running.runtime.store.dataSource)).not.toBe(before); // reopened
  for (let i = 0; i < 3; i++) expect((await createV2(`${kept} ${i}`)).status).toBe(201);
  expect(await storedNames(lost, `${kept} 0`, `${kept} 1`, `${kept} 2`)).toEqual([`${kept} 0`, `${kept} 1`, `${kept} 2`]);
});

test('when a write fails as unavailable, then v1 and v3 answer 503 in their own shapes', async () => {
  arm('commit');
  const v1 = await t.http.post('/v1/service-accounts').set(auth).send({ name: unique(), permissions: [] });
  expectUnavailable(v1, 'application/json');
  expect(v1.body).toEqual({ code: 503, data: null, message: expect.any(String), requestId: expect.any(String) });

  arm('commit');
  const v3 = await (t.http
    .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`)
    .set(auth)
    .type(JSONAPI)
    .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: unique() } } })) as Test);
  expectUnavailable(v3, JSONAPI);
  expect(v3.body.errors).toEqual([expect.objectContaining({ status: '503', code: 'UNAVAILABLE', title: 'Service Unavailable' })]);
});

// Issuing a token stores nothing since issue 19; revoking one is the token write that can fail.
test('when a revocation cannot be stored, then /oauth2/revoke answers temporarily_unavailable with Retry-After and the token still works', async () => {
  const credentials = { client_id: t.admin.clientId, client_secret: t.admin.secret };
  const token = (
    await t.http
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', ...credentials })
  ).body.access_token;
  await t.running.runtime.requestLogs?.flush(); // that request's log commits now, not in place of the revocation
  arm('commit');
  const res = await t.http
    .post('/oauth2/revoke')
    .type('form')
    .send({ token, ...credentials });
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('30');
  expect(res.body.error).toBe('temporarily_unavailable');
  expect((await t.http.get('/auth/verify').set(bearer(token))).status).toBe(200);
});

test('when a POST with an Idempotency-Key gets 503, then the key is released: the retry runs, and its 201 is replayed after', async () => {
  const name = unique();
  const key = `retry-${serial}`;
  const send = () => createV2(name).set('Idempotency-Key', key);
  arm('commit');
  expect((await send()).status).toBe(503);
  const retried = await send();
  expect(retried.status).toBe(201);
  const replayed = await send();
  expect([replayed.status, replayed.headers['idempotent-replayed'], replayed.body.data.id]).toEqual([201, 'true', retried.body.data.id]);
  expect(await storedNames(name)).toEqual([name]);
});

test('when writes fail as unavailable, then /readyz is 503 until a write commits again', async () => {
  expect((await t.http.get('/readyz')).status).toBe(200);
  arm('commit');
  expect((await createV2(unique())).status).toBe(503);
  arm('commit'); // the readiness probe's own write fails too
  expect((await t.http.get('/readyz')).status).toBe(503);
  expect((await t.http.get('/readyz')).status).toBe(200);
  expect((await createV2(unique())).status).toBe(201);
});
