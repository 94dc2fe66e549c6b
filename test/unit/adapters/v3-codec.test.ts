// v3's codec without a server: bindings read JSON:API documents and queries into the core's terms
// and make documents (Content-Type exactly application/vnd.api+json, headers in wire order, links
// from the public origin and the routed path) from plain core results; errors are error documents.
import { dialect } from '../../../adapters/v3';
import { serializeV3Error } from '../../../adapters/v3/errors';
import { requireCallersOrganization } from '../../../adapters/v3/org-scope';
import type { Principal } from '../../../src/core/authorization';
import { DomainError, invalid } from '../../../src/core/errors';
import type { WireRequest } from '../../../src/http/kernel/wire';
import { boundOperation, exchange as exchangeIn, wireRequest } from '../support/codec';
import { accountView, issued } from '../support/views';

const JSONAPI = 'application/vnd.api+json';
const view = accountView({ version: 2 });
const ORG = view.account.organizationId;
const ACCOUNT_ID = view.account.id;
const IAM = `/v3/orgs/${ORG}/iam`;
const BASE = `https://iam.example${IAM}`;
const request = (path: string, fields: Partial<WireRequest> = {}) => wireRequest(`${IAM}${path}`, { params: { orgId: ORG }, ...fields });
const exchange = (operationId: string, req: WireRequest, result: unknown) => exchangeIn(dialect, operationId, req, result);
const operation = (operationId: string) => boundOperation(dialect, operationId);

test('when v3 is served, then every one of its operations is bound from the catalogue', () => {
  for (const op of dialect.operations) {
    expect([op.method, op.path, Boolean(op.bound)]).toEqual([op.method, op.path, true]);
    expect(op.needs).toBe(op.bound?.entry.needs);
  }
});

test('when an account is created, then the answer is 201 with Location, ETag and no-store before the JSON:API type, its first key included', () => {
  const body = { data: { type: 'service-accounts', attributes: { name: 'Bot' } } };
  const { parsed, answer } = exchange('createServiceAccount', request('/service-accounts', { method: 'POST', body }), {
    view,
    issued: issued(view),
  });
  expect(parsed).toMatchObject({ name: 'Bot', description: null, firstKey: {} });
  expect(answer.status).toBe(201);
  expect(Object.entries(answer.headers)).toEqual([
    ['Location', `${BASE}/service-accounts/${ACCOUNT_ID}`],
    ['ETag', '"2"'],
    ['Cache-Control', 'no-store'],
    ['Pragma', 'no-cache'],
    ['Content-Type', JSONAPI],
  ]);
  expect(answer.body).toMatchObject({
    data: { type: 'service-accounts', id: ACCOUNT_ID },
    included: [{ type: 'service-account-keys', attributes: { client_secret: 'iamg_secret' } }],
    meta: { request_id: 'req_1' },
    jsonapi: { version: '1.1' },
  });
});

test('when accounts are listed, then the core is asked for the page, its count and the groups to include; links keep the query as sent', () => {
  const query = { 'page[limit]': 1, include: 'groups', 'filter[name]': 'a b' };
  const rawQuery = { 'page[limit]': '1', include: 'groups', 'filter[name]': 'a b' };
  const req = request('/service-accounts', { query, rawQuery });
  const { parsed, answer } = exchange('listServiceAccounts', req, { items: [view], hasMore: true, total: 3, includedGroups: [] });
  expect(parsed).toMatchObject({ limit: 1, offset: 0, count: true, includeGroups: true, filter: { nameContains: 'a b' } });
  const { links, meta } = answer.body as { links: Record<string, string | null>; meta: { pagination: object } };
  expect(links.self).toBe(`${BASE}/service-accounts?page%5Blimit%5D=1&include=groups&filter%5Bname%5D=a+b`);
  expect(links.next).toBe(`${BASE}/service-accounts?include=groups&filter%5Bname%5D=a+b&page%5Blimit%5D=1&page%5Boffset%5D=1`);
  expect(meta.pagination).toMatchObject({ counts: { resources: 3, pages: 3 } });
});

test('when a fetched account is sent back with a changed email, then the check carried in the input refuses it with 403', () => {
  const body = { data: { type: 'service-accounts', id: ACCOUNT_ID, attributes: { email: 'other@example' } } };
  const parsed = operation('updateServiceAccount').bound.parse(
    request(`/service-accounts/${ACCOUNT_ID}`, { params: { orgId: ORG, id: ACCOUNT_ID }, body }),
  ) as {
    unchanged: (current: unknown) => void;
  };
  expect(() => parsed.unchanged(view)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  const same = { data: { type: 'service-accounts', id: ACCOUNT_ID, attributes: { email: view.account.email } } };
  const again = operation('updateServiceAccount').bound.parse(request('', { params: { orgId: ORG, id: ACCOUNT_ID }, body: same })) as {
    unchanged: (current: unknown) => void;
  };
  expect(() => again.unchanged(view)).not.toThrow();
});

test('when a key is revoked, then v3 honours If-Match and a revoked key counts as gone; the answer names what is deleted', () => {
  const params = { orgId: ORG, id: ACCOUNT_ID, keyId: view.keys[0].id };
  expect(operation('revokeKey').ifMatch).toBe(true);
  const { parsed, answer } = exchange('revokeKey', request('', { params }), undefined);
  expect(parsed).toEqual({ keyId: params.keyId, accountId: ACCOUNT_ID, notRevoked: true });
  expect(answer).toMatchObject({
    status: 200,
    headers: { 'Content-Type': JSONAPI },
    body: { meta: { deleted: { type: 'service-account-keys', id: params.keyId } } },
  });
});

test('when an error is answered, then it is an error document naming each field where the client sent it', () => {
  const answer = serializeV3Error(
    invalid([
      { field: 'name', message: 'is required' },
      { field: 'limit', parameter: 'limit', message: 'is too big' },
    ]),
    request(''),
  );
  expect(answer.status).toBe(400);
  expect(answer.headers).toEqual({ 'Content-Type': JSONAPI });
  const { errors } = answer.body as { errors: { source: object; detail: string }[] };
  expect(errors.map((e) => e.source)).toEqual([{ pointer: '/data/attributes/name' }, { parameter: 'limit' }]);
  expect(serializeV3Error(new DomainError('NOT_FOUND', 'Gone'), request('')).body).toMatchObject({
    errors: [{ status: '404', detail: 'Gone' }],
  });
});

test('when the path names another organization, then the guard answers not found', () => {
  const principal = { organizationId: ORG } as Principal;
  expect(() => requireCallersOrganization(request('', { params: { orgId: ORG } }), principal)).not.toThrow();
  expect(() => requireCallersOrganization(request('', { params: { orgId: '0198f0a0-0000-7000-8000-000000000999' } }), principal)).toThrow(
    expect.objectContaining({ code: 'NOT_FOUND' }),
  );
});

test('when the first steps read the headers, then X-Trace-Id and Vary are given and a foreign media type is refused', () => {
  const [trace, contentType, vary, accept] = dialect.before!;
  const headers = { 'content-type': `${JSONAPI}; charset=utf-8`, accept: 'text/html' };
  expect(trace({ headers, requestId: 'req_1' })).toEqual({ 'X-Trace-Id': 'req_1' });
  expect(() => contentType({ headers, requestId: 'req_1' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  expect(vary({ headers, requestId: 'req_1' })).toEqual({ Vary: 'Accept' });
  expect(() => accept({ headers, requestId: 'req_1' })).toThrow(expect.objectContaining({ code: 'NOT_ACCEPTABLE' }));
});
