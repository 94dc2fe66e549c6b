// GET /service-accounts: Ctrl-Hub pagination (both spellings), links, meta.pagination, sorting,
// filtering, include and sparse fieldsets — and 400 for anything JSON:API says to refuse.
import { expectErrors, parametersOf } from '../support/jsonapi';
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
let api: V3Client;
/** Names in creation order: the bootstrapped admin, then 12 more; "Gamma 11" is disabled. */
const NAMES = ['Default admin', ...Array.from({ length: 12 }, (_, i) => `${['Alpha', 'Beta', 'Gamma'][i % 3]} ${i}`)];

beforeAll(async () => {
  api = v3Client(t, bearer(t.admin.secret));
  for (const name of NAMES.slice(1)) {
    const res = await api.post('/service-accounts', {
      data: { type: 'service-accounts', attributes: { name, enabled: name !== 'Gamma 11' } },
    });
    expect(res.status).toBe(201);
  }
});

type Account = { id: string; attributes: { name: string } };
const names = (res: { body: { data: Account[] } }) => res.body.data.map((a) => a.attributes.name);
/** The path and query of a link, decoded, for comparing with what a client would type. */
const pathOf = (link: string | null) => (link === null ? null : decodeURIComponent(new URL(link).search));

describe('pagination', () => {
  test('when no page is asked, then 10 come, with meta.pagination and first/prev/next/last links', async () => {
    const res = await api.get('/service-accounts');
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(NAMES.slice(0, 10));
    expect(res.body.meta.pagination).toEqual({
      current_page: 1,
      counts: { resources: 13, pages: 2 },
      requested: { limit: 10, offset: 0 },
      offsets: { next: 10, previous: null },
    });
    expect(res.body.links.self).toMatch(/\/service-accounts$/);
    expect(pathOf(res.body.links.first)).toBe('?page[limit]=10&page[offset]=0');
    expect(res.body.links.prev).toBeNull();
    expect(pathOf(res.body.links.next)).toBe('?page[limit]=10&page[offset]=10');
    expect(pathOf(res.body.links.last)).toBe('?page[limit]=10&page[offset]=10');
  });

  test('when paging with limit/offset (Ctrl-Hub), then each account comes once, in creation order, and the links agree', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 13; offset += 5) {
      const res = await api.get(`/service-accounts?limit=5&offset=${offset}`);
      expect(res.body.meta.pagination).toEqual({
        current_page: offset / 5 + 1,
        counts: { resources: 13, pages: 3 },
        requested: { limit: 5, offset },
        offsets: { next: offset + 5 < 13 ? offset + 5 : null, previous: offset > 0 ? offset - 5 : null },
      });
      expect(pathOf(res.body.links.last)).toBe('?page[limit]=5&page[offset]=10');
      seen.push(...names(res));
    }
    expect(seen).toEqual(NAMES);
  });

  test('when following next links with page[limit]/page[offset], then the whole list comes once', async () => {
    const seen: string[] = [];
    let next: string | null = `${api.base}/service-accounts?page[limit]=4&filter[enabled]=true`;
    while (next) {
      const res = await api.get(next.slice(next.indexOf('/service-accounts')));
      seen.push(...names(res));
      next = res.body.links.next;
      if (next) expect(decodeURIComponent(next)).toContain('filter[enabled]=true');
    }
    expect(seen).toEqual(NAMES.filter((n) => n !== 'Gamma 11'));
  });

  test('when the offset is past the end, then the data is empty and next is null', async () => {
    const res = await api.get('/service-accounts?page[offset]=50');
    expect(res.body.data).toEqual([]);
    expect(res.body.links.next).toBeNull();
    expect(pathOf(res.body.links.prev)).toBe('?page[limit]=10&page[offset]=40');
    expect(res.body.meta.pagination.current_page).toBe(6);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1000', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
    ['page[limit]=0', 'page[limit]'],
    ['page[limit]=101', 'page[limit]'],
    ['page[offset]=-3', 'page[offset]'],
    ['limit=5&page[limit]=5', 'limit'],
    ['limit=5&limit=6', 'limit'],
  ])('when %s, then 400 names %s', async (query, parameter) => {
    const res = await api.get(`/service-accounts?${query}`);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toContain(parameter);
  });
});

describe('sort', () => {
  const sorted = [...NAMES].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  test.each([
    ['name', sorted],
    ['-name', [...sorted].reverse()],
    ['created_at', NAMES],
    ['-created_at', [...NAMES].reverse()],
    ['name,-created_at', sorted],
  ])('when sort=%s, then the accounts come in that order', async (sort, expected) => {
    const res = await api.get(`/service-accounts?sort=${sort}&limit=100`);
    expect(names(res)).toEqual(expected);
    expect(decodeURIComponent(res.body.links.first)).toContain(`sort=${sort}`);
  });

  test.each(['email', 'updated_at', '-', 'name,', 'role', 'constructor', 'toString'])(
    'when sort=%s, then 400 names the sort parameter',
    async (sort) => {
      const res = await api.get(`/service-accounts?sort=${encodeURIComponent(sort)}`);
      expectErrors(res, 400, 'VALIDATION_ERROR');
      expect(parametersOf(res)).toEqual(['sort']);
    },
  );
});

describe('filter', () => {
  test('when filter[enabled]=false, then only disabled accounts come, and the counts say so', async () => {
    const res = await api.get('/service-accounts?filter[enabled]=false');
    expect(names(res)).toEqual(['Gamma 11']);
    expect(res.body.meta.pagination.counts).toEqual({ resources: 1, pages: 1 });
  });

  test('when filter[name] is given, then names containing it (any case) come', async () => {
    expect(names(await api.get('/service-accounts?filter[name]=ALPHA'))).toEqual(['Alpha 0', 'Alpha 3', 'Alpha 6', 'Alpha 9']);
    expect(names(await api.get('/service-accounts?filter[name]=alpha%206&filter[enabled]=true'))).toEqual(['Alpha 6']);
    expect(names(await api.get('/service-accounts?filter[name]=%25'))).toEqual([]);
  });

  test.each([
    ['filter[enabled]=maybe', 'filter[enabled]'],
    ['filter[name]=', 'filter[name]'],
    ['filter[role]=Admin', 'filter[role]'],
  ])('when %s, then 400 names %s', async (query, parameter) => {
    const res = await api.get(`/service-accounts?${query}`);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toEqual([parameter]);
  });
});

describe('include and sparse fieldsets', () => {
  test('when include=keys, then each listed account has its keys in included, linked from its relationship', async () => {
    const res = await api.get('/service-accounts?include=keys&limit=3');
    const linked = res.body.data.flatMap((a: { relationships: { keys: { data: { id: string }[] } } }) =>
      a.relationships.keys.data.map((k) => k.id),
    );
    expect(res.body.included.map((k: { id: string }) => k.id).sort()).toEqual(linked.sort());
    expect(res.body.included).toHaveLength(3);
    for (const k of res.body.included) expect(k.attributes.client_secret).toBeUndefined();
  });

  test('when no include is asked, then there is no included member', async () => {
    expect((await api.get('/service-accounts')).body.included).toBeUndefined();
  });

  test('when fieldsets name attributes of both types, then each resource keeps only those', async () => {
    const res = await api.get(
      '/service-accounts?include=keys&fields[service-accounts]=enabled&fields[service-account-keys]=client_id&limit=2',
    );
    for (const a of res.body.data) {
      expect(a.attributes).toEqual({ enabled: expect.any(Boolean) });
      expect(a.relationships).toEqual({});
      expect(Object.keys(a.meta)).toEqual(['created_at', 'updated_at']);
    }
    for (const k of res.body.included) expect(k.attributes).toEqual({ client_id: expect.any(String) });
  });

  test('when a fieldset is empty, then the resources carry no attributes', async () => {
    const res = await api.get('/service-accounts?fields[service-accounts]=&limit=1');
    expect(res.body.data[0].attributes).toEqual({});
  });

  test.each([
    ['include=owner', 'include'],
    ['include=keys,owner', 'include'],
    ['include=keys.service-account', 'include'],
    ['fields[service-accounts]=name,role', 'fields[service-accounts]'],
    ['fields[widgets]=name', 'fields[widgets]'],
  ])('when %s, then 400 names %s', async (query, parameter) => {
    const res = await api.get(`/service-accounts?${query}`);
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toEqual([parameter]);
  });
});

describe('parameters this endpoint does not know', () => {
  test.each(['foo=1', 'search=alpha', 'page[size]=5', 'page[number]=2', 'include[keys]=1'])(
    'when the reserved (all lower-case) %s is sent, then 400 names it and says JSON:API reserves it',
    async (query) => {
      const res = await api.get(`/service-accounts?${query}`);
      const [error] = expectErrors(res, 400, 'VALIDATION_ERROR');
      expect(error.source).toEqual({ parameter: query.split('=')[0] });
      expect(error.detail).toBe(`Query parameter ${query.split('=')[0]} is reserved by JSON:API and not supported by this endpoint`);
    },
  );

  test.each(['fooBar=1', 'isActive=true', 'x-trace=1'])('when the custom %s is sent, then 400 names it', async (query) => {
    const res = await api.get(`/service-accounts?${query}`);
    const [error] = expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(error.source).toEqual({ parameter: query.split('=')[0] });
    expect(error.detail).toMatch(/is not a parameter this endpoint knows$/);
  });

  test('when several unknown parameters are sent, then one error names each', async () => {
    const res = await api.get('/service-accounts?foo=1&barBaz=2&limit=5');
    expectErrors(res, 400, 'VALIDATION_ERROR');
    expect(parametersOf(res)).toEqual(['foo', 'barBaz']);
  });
});
