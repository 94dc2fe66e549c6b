// Issue 25, item 5: no tenant can stall another. One organization holds 300 service accounts, each
// in 50 groups; `GET …/groups?limit=1&include=service_accounts` read members × groups rows one
// query at a time (24 s of SQLite's event loop, 30 s of PostgreSQL's pool). Every include and
// relationship read is batched: a response costs a bounded number of statements whatever the data
// (counted at the drivers), relationships and `included` are capped with `meta.truncated` and a
// `links.related` that pages the rest, and another tenant's requests answer while it runs.
import { MAX_INCLUDED, withinIncluded } from '../../adapters/v3/compound';
import { JSONAPI, jsonApi } from '../support/jsonapi';
import { bearer, useTestServer } from '../support/server';
import { statementsDuring } from '../support/statement-count';

// No request logs: their batched writes would land among the statements counted.
const t = useTestServer({ requestLogs: false });
const ACCOUNTS = 300;
const GROUPS = 50;
const v3 = (path: string) => `/v3/orgs/${t.admin.organizationId}/iam${path}`;
const get = (path: string) => jsonApi(t.http.get(path).set(t.adminBearer));
const post = (path: string, body: object) =>
  jsonApi(t.http.post(path).set(t.adminBearer).set('Content-Type', JSONAPI).send(JSON.stringify(body)));
type Identifier = { type: string; id: string };

const accounts: string[] = [];
const groups: string[] = [];
/** A group with two members: what a heavy read is compared with. */
let small: string;
/** An account in 120 groups: more than a relationship names. */
let joiner: string;

async function inParallel<T>(n: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (queue.length) await work(queue.shift()!);
    }),
  );
}

async function newGroup(name: string): Promise<string> {
  const res = await post(v3('/groups'), { data: { type: 'groups', attributes: { name } } });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

beforeAll(async () => {
  const workspaces: string[] = [];
  for (const name of ['east', 'west']) {
    const ws = await t.http.post('/api/v2/workspaces').set(t.adminBearer).send({ name });
    workspaces.push(ws.body.data.id);
  }
  await inParallel(4, [...Array(ACCOUNTS).keys()], async (i) => {
    const res = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: `member ${i}`, workspaceAssignments: workspaces.map((workspaceId) => ({ workspaceId, role: 'Owner' })) });
    expect(res.status).toBe(201);
    accounts.push(res.body.data.id);
  });
  accounts.sort();
  for (let g = 0; g < GROUPS; g++) groups.push(await newGroup(`wide ${g}`));
  // Every account in every group, straight into the table: 15,000 rows through the API would take
  // minutes, and what is measured is reading them (the API's own way in is tested below).
  await t.query(
    `INSERT INTO group_members (group_id, service_account_id, organization_id)
     SELECT g.id, a.id, a.organization_id FROM groups g CROSS JOIN service_accounts a
     WHERE g.name LIKE 'wide %' AND a.name LIKE 'member %'`,
  );
  small = await newGroup('small');
  expect((await post(v3(`/groups/${small}/relationships/service-accounts`), ids(accounts.slice(0, 2)))).status).toBe(200);
  joiner = accounts[0];
  const more: string[] = [];
  for (let g = 0; g < 70; g++) more.push(await newGroup(`more ${g}`));
  await t.query(
    `INSERT INTO group_members (group_id, service_account_id, organization_id)
     SELECT g.id, '${joiner}', g.organization_id FROM groups g WHERE g.name LIKE 'more %'`,
  );
}, 120_000);

const ids = (list: string[]) => ({ data: list.map((id) => ({ type: 'service-accounts', id })) });
const idsOf = (data: Identifier[]) => data.map((d) => d.id);

describe('a read across members × groups', () => {
  test('costs the statements a two-member group does, however many members and groups', async () => {
    const heavy = await statementsDuring(() => get(v3(`/groups?limit=1&include=service_accounts`)));
    expect(heavy.result.status).toBe(200);
    expect(heavy.result.body.included).toHaveLength(100);
    const light = await statementsDuring(() => get(v3(`/groups/${small}?include=service_accounts`)));
    expect(light.result.status).toBe(200);
    expect(light.result.body.included).toHaveLength(2);
    expect(heavy.statements).toBeLessThanOrEqual(light.statements + 1); // + the list's count
    expect(heavy.statements).toBeLessThanOrEqual(12);
  });

  test("answers while another tenant's requests (and /healthz) keep answering", async () => {
    const other = await t.newOrg(`Other tenant ${Date.now()}`);
    const theirs = () => jsonApi(t.http.get(`/v3/orgs/${other.organizationId}/iam/service-accounts`).set(bearer(other.secret)));
    const [heavy, ...others] = await Promise.all([
      get(v3(`/groups?limit=${GROUPS}&include=service_accounts`)),
      ...Array.from({ length: 5 }, () => theirs()),
      ...Array.from({ length: 5 }, () => t.http.get('/healthz')),
    ]);
    expect(heavy.status).toBe(200);
    expect(others.map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  test('a group names 100 members, says it cut the list, and its related link pages them all', async () => {
    const res = await get(v3(`/groups/${groups[0]}`));
    const members = res.body.data.relationships.service_accounts;
    expect(idsOf(members.data)).toEqual(accounts.slice(0, 100));
    expect(members.meta).toEqual({ truncated: true });
    const seen: string[] = [];
    let next: string | null = `${members.links.related}&page[limit]=100`;
    while (next) {
      const page = await get(next.replace(/^https?:\/\/[^/]+/, ''));
      expect(page.status).toBe(200);
      expect(page.body.meta.pagination.counts.resources).toBe(ACCOUNTS);
      seen.push(...idsOf(page.body.data));
      next = page.body.links.next;
    }
    expect(seen.sort()).toEqual(accounts);
    // A group with fewer members names them all and says nothing more.
    const whole = await get(v3(`/groups/${small}`));
    expect(whole.body.data.relationships.service_accounts.meta).toBeUndefined();
  });

  test('the relationship endpoint pages the members, 100 at a time by default', async () => {
    const seen: string[] = [];
    let next: string | null = v3(`/groups/${groups[1]}/relationships/service-accounts`);
    let pages = 0;
    while (next) {
      const page = await get(next.replace(/^https?:\/\/[^/]+/, ''));
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(100);
      seen.push(...idsOf(page.body.data));
      next = page.body.links.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(accounts);
  });

  test('an account names 100 of its 120 groups, says so, and its related link pages them all', async () => {
    const res = await get(v3(`/service-accounts/${joiner}`));
    const named = res.body.data.relationships.groups;
    expect(named.data).toHaveLength(100);
    expect(named.meta).toEqual({ truncated: true });
    const page = await get(`${named.links.related.replace(/^https?:\/\/[^/]+/, '')}&page[limit]=100&page[offset]=100`);
    expect(page.status).toBe(200);
    expect(page.body.meta.pagination.counts.resources).toBe(GROUPS + 70 + 1);
    expect(page.body.data).toHaveLength(21);
    // Ids match in either case, in filters too.
    const upper = await get(v3(`/groups?filter[service_account]=${joiner.toUpperCase()}&page[limit]=1`));
    expect(upper.body.meta.pagination.counts.resources).toBe(GROUPS + 70 + 1);
    const members = await get(v3(`/service-accounts?filter[group]=${groups[0].toUpperCase()}&page[limit]=1`));
    expect(members.body.meta.pagination.counts.resources).toBe(ACCOUNTS);
  });

  test('included holds exactly the resources the relationships name', async () => {
    // 50 groups × the first 100 of the same 300 members: 100 accounts, within the 1,000 a document includes.
    const res = await get(v3(`/groups?limit=${GROUPS}&include=service_accounts`));
    const named = new Set(
      res.body.data.flatMap((g: { relationships: { service_accounts: { data: Identifier[] } } }) =>
        idsOf(g.relationships.service_accounts.data),
      ),
    );
    expect(new Set(idsOf(res.body.included))).toEqual(named);
    expect(res.body.included.length).toBeLessThanOrEqual(1000);
  });
});

test('past 1,000 included resources, relationships stop naming more and say they were cut', () => {
  // 15 groups of 100 distinct members each would include 1,500 accounts.
  const groupsOf100 = Array.from({ length: 15 }, (_, g) => ({
    ids: Array.from({ length: 100 }, (_, m) => `${String(g).padStart(2, '0')}-${String(m).padStart(3, '0')}`),
    truncated: g === 0,
  }));
  const { shown, ids: included } = withinIncluded(groupsOf100);
  expect(included).toHaveLength(MAX_INCLUDED);
  expect(new Set(shown.flatMap((r) => r.ids))).toEqual(new Set(included));
  expect(shown.map((r) => r.ids.length)).toEqual([...Array(10).fill(100), ...Array(5).fill(0)]);
  expect(shown.map((r) => r.truncated)).toEqual([true, ...Array(9).fill(false), ...Array(5).fill(true)]);
  // An id already included costs nothing more: a group naming only those is whole.
  const again = withinIncluded([...groupsOf100.slice(0, 10), groupsOf100[3]]);
  expect(again.shown[10]).toEqual({ ids: groupsOf100[3].ids, truncated: false });
});

describe('every list and include is batched', () => {
  const cost = async (path: string) => {
    const { result, statements } = await statementsDuring(() => t.http.get(path).set(t.adminBearer));
    expect(result.status).toBe(200);
    return statements;
  };

  // Pages that hold members (the first account, the Admin, has no workspaces and no groups).
  test('v3: a page of 100 accounts with their keys and groups costs what a page of 2 does', async () => {
    const two = await cost(v3('/service-accounts?page[limit]=2&page[offset]=1&include=keys,groups'));
    expect(await cost(v3('/service-accounts?page[limit]=100&page[offset]=1&include=keys,groups'))).toBe(two);
    expect(two).toBeLessThanOrEqual(12);
  });

  test('v2 and v1: a page of 100 accounts with their credentials and workspaces costs what a page of 2 does', async () => {
    const v2 = await cost('/api/v2/service-accounts?limit=2');
    expect(await cost('/api/v2/service-accounts?limit=100')).toBe(v2);
    const v1 = await cost('/v1/service-accounts?limit=2&offset=1');
    expect(await cost('/v1/service-accounts?limit=100&offset=1')).toBe(v1);
    expect(Math.max(v1, v2)).toBeLessThanOrEqual(6);
  });

  test('adding 100 members to a group, and deleting it, cost a bounded number of statements', async () => {
    const group = await newGroup('batch');
    const added = await statementsDuring(() => post(v3(`/groups/${group}/relationships/service-accounts`), ids(accounts.slice(100, 200))));
    expect(added.result.status).toBe(200);
    expect(added.statements).toBeLessThanOrEqual(25);
    const deleted = await statementsDuring(() => t.http.delete(v3(`/groups/${group}`)).set(t.adminBearer));
    expect(deleted.result.status).toBeLessThan(300);
    expect(deleted.statements).toBeLessThanOrEqual(20);
  });

  test('emptying a group of 300 costs a bounded number of statements, and records each member leaving', async () => {
    const group = groups[GROUPS - 1];
    const emptied = await statementsDuring(() =>
      jsonApi(
        t.http
          .patch(v3(`/groups/${group}/relationships/service-accounts`))
          .set(t.adminBearer)
          .set('Content-Type', JSONAPI)
          .send(JSON.stringify({ data: [] })),
      ),
    );
    expect(emptied.result.status).toBe(200);
    expect(emptied.result.body.data).toEqual([]);
    expect(emptied.statements).toBeLessThanOrEqual(30);
    const left = await t.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM audit_events WHERE action = 'group.member.remove' AND target_id = '${group}'`,
    );
    expect(Number(left[0].n)).toBe(ACCOUNTS);
  });
});
