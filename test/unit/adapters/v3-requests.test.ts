// v3 request reading without a server: query parameters (include, fields, sort, page), pagination
// links, request documents, content negotiation.
import { checkAccept, checkContentType } from '../../../adapters/v3/media-type';
import { paginate, parsePage } from '../../../adapters/v3/pagination';
import { parseFields, parseInclude, parseSort } from '../../../adapters/v3/query';
import { assertTarget, readCreateAccount, readCreateKey, readUpdateAccount } from '../../../adapters/v3/request-documents';

const refused = (code: string, field?: string) =>
  expect.objectContaining({ code, ...(field ? { fields: expect.arrayContaining([expect.objectContaining({ field })]) } : {}) });

describe('query parameters', () => {
  test('when include names relationship paths, then the known ones are taken and an unknown one is a 400 on include', () => {
    expect([...parseInclude('keys,groups', 'service-accounts')]).toEqual(['keys', 'groups']);
    expect(parseInclude(undefined, 'service-accounts').size).toBe(0);
    expect(() => parseInclude('keys,owner', 'service-accounts')).toThrow(refused('VALIDATION_ERROR', 'include'));
    expect(() => parseInclude('keys', 'service-account-keys')).toThrow(refused('VALIDATION_ERROR', 'include'));
  });

  test('when fields[TYPE] names fields, then each type gets its set; an unknown field is a 400 naming the parameter', () => {
    const fields = parseFields({ 'fields[service-accounts]': 'name, email', 'fields[groups]': '' });
    expect([...fields['service-accounts']!]).toEqual(['name', 'email']);
    expect(fields.groups?.size).toBe(0);
    expect(() => parseFields({ 'fields[service-accounts]': 'name,secret' })).toThrow(
      refused('VALIDATION_ERROR', 'fields[service-accounts]'),
    );
  });

  test.each([
    [undefined, 'id'],
    ['name', 'name'],
    ['-name', '-name'],
    ['created_at', 'id'],
    ['-created_at,name', '-id'],
  ])('when sort is %j, then accounts are sorted by %j', (raw, sort) => {
    expect(parseSort(raw)).toBe(sort);
  });

  test('when sort names an unknown field or nothing, then it is a 400 on sort', () => {
    expect(() => parseSort('email')).toThrow(refused('VALIDATION_ERROR', 'sort'));
    expect(() => parseSort('')).toThrow(refused('VALIDATION_ERROR', 'sort'));
  });

  test('when a page is asked for in either spelling, then it is read; both spellings at once is a 400', () => {
    expect(parsePage({})).toEqual({ limit: 10, offset: 0 });
    expect(parsePage({ limit: 5, offset: 10 })).toEqual({ limit: 5, offset: 10 });
    expect(parsePage({ 'page[limit]': 3 })).toEqual({ limit: 3, offset: 0 });
    expect(() => parsePage({ limit: 5, 'page[limit]': 5 })).toThrow(refused('VALIDATION_ERROR', 'limit'));
  });
});

describe('pagination links', () => {
  /** What paginate reads of a request: the public origin, the routed path and the query as sent. */
  const request = (query: Record<string, string>) => ({
    publicBase: 'https://iam.example',
    path: '/v3/orgs/o/iam/service-accounts',
    rawQuery: query,
  });
  const link = (query: string) => `https://iam.example/v3/orgs/o/iam/service-accounts?${query}`;

  test('when a counted list is paged, then first, prev, next and last use page[…] whatever spelling came in, and the counts are given', () => {
    const parts = paginate(request({ sort: 'name', limit: '2', offset: '2' }), { limit: 2, offset: 2 }, { total: 5 });
    expect(parts.links).toEqual({
      self: link('sort=name&limit=2&offset=2'),
      first: link('sort=name&page%5Blimit%5D=2&page%5Boffset%5D=0'),
      prev: link('sort=name&page%5Blimit%5D=2&page%5Boffset%5D=0'),
      next: link('sort=name&page%5Blimit%5D=2&page%5Boffset%5D=4'),
      last: link('sort=name&page%5Blimit%5D=2&page%5Boffset%5D=4'),
    });
    expect(parts.meta.pagination).toEqual({
      current_page: 2,
      counts: { resources: 5, pages: 3 },
      requested: { limit: 2, offset: 2 },
      offsets: { next: 4, previous: 0 },
    });
  });

  test('when an uncounted list has no more, then there is no next, no last and no counts', () => {
    const parts = paginate(request({}), { limit: 10, offset: 0 }, { hasMore: false });
    expect(parts.links).toMatchObject({ prev: null, next: null });
    expect(parts.links).not.toHaveProperty('last');
    expect(parts.meta.pagination).not.toHaveProperty('counts');
  });
});

describe('request documents', () => {
  const ID = '0198f0a0-0000-7000-8000-0000000000ab';

  test('when a document creates an account, then its attributes become the request and a first key is asked for', () => {
    expect(readCreateAccount({ data: { type: 'service-accounts', attributes: { name: 'Bot', enabled: false } } })).toEqual({
      name: 'Bot',
      description: null,
      enabled: false,
      firstKey: {},
    });
  });

  test('when the type is another, the id differs from the URL, or a create brings its own id, then it is 409, 409 and 403', () => {
    expect(() => assertTarget({ type: 'groups' }, 'service-accounts')).toThrow(refused('CONFLICT', 'type'));
    expect(() => assertTarget({ type: 'service-accounts', id: 'x' }, 'service-accounts', ID)).toThrow(refused('CONFLICT', 'id'));
    expect(() => assertTarget({ type: 'service-accounts', lid: 'l1' }, 'service-accounts')).toThrow(refused('FORBIDDEN', 'lid'));
    expect(() => assertTarget({ type: 'service-accounts', id: ID.toUpperCase() }, 'service-accounts', ID)).not.toThrow();
  });

  test('when an update document leaves attributes out, then they are not changed', () => {
    expect(readUpdateAccount({ data: { type: 'service-accounts', id: ID, attributes: { description: null } } }, ID)).toEqual({
      description: null,
    });
  });

  test("when a key document names another account than the URL's, then it is 403; its own is accepted", () => {
    const doc = (id: string) => ({
      data: {
        type: 'service-account-keys',
        attributes: { expires_at: null },
        relationships: { 'service-account': { data: { type: 'service-accounts', id } } },
      },
    });
    expect(readCreateKey(doc(ID), ID)).toEqual({ expiresAt: null });
    expect(() => readCreateKey(doc('0198f0a0-0000-7000-8000-0000000000ff'), ID)).toThrow(refused('FORBIDDEN'));
  });
});

describe('content negotiation', () => {
  /** A first step of the dialect is a pure check of the headers: it goes on (true) or throws. */
  const run = (step: typeof checkAccept, headers: Record<string, string>) => {
    step({ headers, requestId: 'req_1' });
    return true;
  };

  test.each([
    ['no Accept', {}],
    ['JSON:API', { accept: 'application/vnd.api+json' }],
    ['JSON:API with a profile', { accept: 'application/vnd.api+json; profile="https://example.com/p"' }],
    ['plain JSON', { accept: 'application/json' }],
    ['anything', { accept: '*/*;q=0.1' }],
    ['one acceptable JSON:API instance among others', { accept: 'application/vnd.api+json;charset=utf-8, application/vnd.api+json' }],
  ])('when the client accepts %s, then the request goes on', (_case, headers) => {
    expect(run(checkAccept, headers)).toBe(true);
  });

  test.each([
    ['only JSON:API with a foreign parameter', { accept: 'application/vnd.api+json;charset=utf-8' }],
    ['only an extension', { accept: 'application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"' }],
    ['nothing we send', { accept: 'text/html' }],
    ['JSON at weight zero', { accept: 'application/json;q=0' }],
  ])('when the client accepts %s, then it is 406', (_case, headers) => {
    expect(() => run(checkAccept, headers)).toThrow(refused('NOT_ACCEPTABLE'));
  });

  test('when a body is JSON:API with a foreign parameter or an extension, then it is 415; plain JSON:API goes on', () => {
    expect(() => run(checkContentType, { 'content-type': 'application/vnd.api+json; charset=utf-8' })).toThrow(
      refused('UNSUPPORTED_MEDIA_TYPE'),
    );
    expect(() => run(checkContentType, { 'content-type': 'application/vnd.api+json; ext=x' })).toThrow(refused('UNSUPPORTED_MEDIA_TYPE'));
    expect(run(checkContentType, { 'content-type': 'application/vnd.api+json' })).toBe(true);
  });
});
