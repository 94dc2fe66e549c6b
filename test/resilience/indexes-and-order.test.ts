// Issue 16: the foreign keys have indexes (migration 1733000000000), and names sort the same on
// every engine: by code point, as SQLite does, also on a PostgreSQL database whose collation is an
// ICU locale (which would put `a_d` before `a-c`). On PostgreSQL this test makes such a database.
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { nameKey } from '../../src/core/rules';
import { bearer, startTestServer, type TestServer } from '../support/server';

const base = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? process.env.TEST_DATABASE_URL : undefined;
const icuDb = `iamgate_icu_${randomBytes(4).toString('hex')}`;
let t: TestServer;

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!base) {
    t = await startTestServer();
    return;
  }
  await admin(`CREATE DATABASE ${icuDb} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  const url = new URL(base);
  url.pathname = `/${icuDb}`;
  t = await startTestServer({ databaseUrl: url.toString() });
});
afterAll(async () => {
  await t?.close();
  if (base) await admin(`DROP DATABASE IF EXISTS ${icuDb} WITH (FORCE)`);
});

const NAMES = ['a-c', 'a_d', 'a.b', 'a b', 'ab', 'aB2', 'Zed', 'zz', 'ä', '_x', '-y', '~t', '0a', 'A-Z', 'a'];

test('when the migrations ran, then access_tokens.key_id, access_tokens.service_account_id and keys(organization_id, id) are indexed', async () => {
  const names =
    t.engine === 'postgres'
      ? (
          await t.query<{ name: string }>(
            "SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('access_tokens', 'keys', 'service_accounts')",
          )
        ).map((r) => r.name)
      : (await t.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'")).map((r) => r.name);
  expect(names).toEqual(expect.arrayContaining(['ix_access_tokens_key', 'ix_access_tokens_account', 'ix_keys_org_id']));
  if (t.engine === 'postgres') expect(names).toContain('ix_service_accounts_name_c');
});

test('when accounts are listed by name, then the order is by code point, the same as on SQLite, in both directions', async () => {
  if (base) {
    // The database really would sort otherwise.
    const [{ first }] = await t.query<{ first: string }>("SELECT x AS first FROM (VALUES ('a-c'), ('a_d')) v(x) ORDER BY x LIMIT 1");
    expect(first).toBe('a_d');
  }
  const auth = bearer(t.admin.secret);
  for (const name of NAMES) expect((await t.http.post('/api/v2/service-accounts').set(auth).send({ name, scopes: [] })).status).toBe(201);
  const list = async (sort: string) => {
    const res = await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts?sort=${sort}&page[limit]=100`).set(auth);
    expect(res.status).toBe(200);
    return (res.body.data as { attributes: { name: string } }[]).map((d) => d.attributes.name);
  };
  const ascending = await list('name');
  expect(ascending).toEqual(expect.arrayContaining(NAMES)); // and the bootstrap admin
  const byCodePoint = [...ascending].sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : 0));
  expect(ascending).toEqual(byCodePoint);
  expect(ascending.indexOf('a-c')).toBeLessThan(ascending.indexOf('a_d'));
  expect(await list('-name')).toEqual([...byCodePoint].reverse());
  // v1 and v2 list by id (time-ordered hex), which every collation orders alike: the same accounts in the same order.
  const v2 = (await t.http.get('/api/v2/service-accounts?limit=100').set(auth)).body.data.map((a: { id: string }) => a.id);
  expect(v2).toEqual([...v2].sort());
});
