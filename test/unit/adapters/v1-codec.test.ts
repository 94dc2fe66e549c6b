// v1's codec without a server: each binding reads the core's input from a plain WireRequest and
// makes its envelope (status, headers in wire order, body) from a plain core result; errors keep
// the envelope's shape; the X-Org-ID guard reads the request's headers. The HTTP kernel writes these
// answers as they are (api tests check the socket).
import { dialect } from '../../../adapters/v1';
import { serializeV1Error } from '../../../adapters/v1/errors';
import { requireOwnOrgHeader } from '../../../adapters/v1/org-header';
import type { Principal } from '../../../src/core/authorization';
import { DomainError, invalidField } from '../../../src/core/errors';
import type { WireRequest } from '../../../src/http/kernel/wire';
import { boundOperation, exchange as exchangeIn, wireRequest } from '../support/codec';
import { accountView, issued } from '../support/views';

const JSON_TYPE = 'application/json; charset=utf-8';
const view = accountView({ version: 4, permissions: ['service_account:read'] });
const ACCOUNT_ID = view.account.id;
const KEY_ID = view.keys[0].id;

const request = (fields: Partial<WireRequest> = {}) => wireRequest('/v1/service-accounts', fields);

const operation = (operationId: string) => boundOperation(dialect, operationId);
/** Parses the request with the operation's codec, then answers `result` with it. */
const exchange = (operationId: string, req: WireRequest, result: unknown) => exchangeIn(dialect, operationId, req, result);
const envelope = (data: unknown) => ({ code: 200, data, message: 'success', requestId: 'req_1' });

test('when v1 is served, then every one of its operations is bound from the catalogue, under v1’s own names where its clients know them so', () => {
  const renamed = {
    createApiKey: 'createCredential',
    listApiKeys: 'listCredentials',
    revokeApiKey: 'revokeCredential',
    rollApiKey: 'rollCredential',
  };
  for (const op of dialect.operations) {
    expect(op.bound?.entry.operationId).toBe(renamed[op.operationId as keyof typeof renamed] ?? op.operationId);
    expect(op.needs).toBe(op.bound?.entry.needs);
  }
});

test('when an account is created, then the core gets its permissions and no key; the envelope is 200 with the ETag before Content-Type', () => {
  const req = request({ method: 'POST', body: { name: 'Bot', permissions: ['service_account:read'] } });
  const { parsed, answer } = exchange('createServiceAccount', req, { view });
  expect(parsed).toEqual({ name: 'Bot', description: null, permissions: ['service_account:read'], firstKey: null });
  expect(answer.status).toBe(200);
  expect(Object.entries(answer.headers)).toEqual([
    ['ETag', '"4"'],
    ['Content-Type', JSON_TYPE],
  ]);
  expect(answer.body).toEqual(envelope(expect.objectContaining({ id: ACCOUNT_ID, permissions: ['service_account:read'] })));
});

test('when accounts are listed, then the page asked for (default 20 from 0) is what the envelope says', () => {
  const first = exchange('listServiceAccounts', request(), { items: [view], hasMore: true });
  expect(first.parsed).toEqual({ filter: {}, limit: 20, offset: 0 });
  expect(first.answer.body).toEqual(
    envelope({ items: [expect.objectContaining({ id: ACCOUNT_ID })], limit: 20, offset: 0, hasMore: true }),
  );
  expect(exchange('listServiceAccounts', request({ query: { limit: 5, offset: 10 } }), { items: [], hasMore: false }).parsed).toEqual({
    filter: {},
    limit: 5,
    offset: 10,
  });
});

test('when an account is changed, then only the fields sent are changes; deleting answers data null without an ETag', () => {
  const params = { id: ACCOUNT_ID };
  expect(operation('updateServiceAccount').bound.parse(request({ params, body: { description: null } }))).toEqual({
    id: ACCOUNT_ID,
    changes: { description: null },
  });
  const deleted = exchange('deleteServiceAccount', request({ params }), undefined).answer;
  expect(deleted).toEqual({ status: 200, headers: { 'Content-Type': JSON_TYPE }, body: envelope(null) });
});

test('when an api key is made, then its account id is read in any case and the secret is answered no-store before Content-Type', () => {
  const accountId = ACCOUNT_ID.toUpperCase();
  const { parsed, answer } = exchange('createApiKey', request({ body: { serviceAccountId: accountId, scope: 'read' } }), issued(view));
  expect(parsed).toEqual({ accountId: ACCOUNT_ID, request: { name: null, description: null, readOnly: true } });
  expect(Object.keys(answer.headers)).toEqual(['Cache-Control', 'Pragma', 'Content-Type']);
  expect(answer.body).toEqual(envelope(expect.objectContaining({ id: KEY_ID, key: 'iamg_secret', clientId: view.account.clientId })));
});

test('when api keys are listed, then revoked ones are left out by the core; revoking answers data null', () => {
  const { parsed } = exchange('listApiKeys', request({ query: { serviceAccountId: ACCOUNT_ID.toUpperCase() } }), {
    items: view.keys,
    hasMore: false,
  });
  expect(parsed).toEqual({ accountId: ACCOUNT_ID, excludeRevoked: true, limit: 20, offset: 0 });
  const revoked = exchange('revokeApiKey', request({ params: { id: KEY_ID } }), undefined);
  expect(revoked.parsed).toEqual({ keyId: KEY_ID });
  expect(revoked.answer.body).toEqual(envelope(null));
});

test('when the organizations are listed, then the caller’s is on the page at offset 0 only', () => {
  const own = { id: view.account.organizationId, name: 'ACME Corp.', createdAt: '2030-01-01T00:00:00.000Z' };
  const first = exchange('listOrganizations', request(), own).answer.body as { data: { items: { slug: string }[] } };
  expect(first.data.items.map((o) => o.slug)).toEqual(['acme-corp']);
  const later = exchange('listOrganizations', request({ query: { offset: 1 } }), own).answer.body as { data: { items: unknown[] } };
  expect(later.data).toEqual({ items: [], limit: 20, offset: 1, hasMore: false });
});

test('when an error is answered, then it keeps the envelope: code is the status, data null, errors only for a validation error', () => {
  const invalid = serializeV1Error(invalidField('name', 'is required'), request());
  expect(invalid).toEqual({
    status: 400,
    headers: { 'Content-Type': JSON_TYPE },
    body: {
      code: 400,
      data: null,
      message: 'The request is not valid',
      requestId: 'req_1',
      errors: [{ field: 'name', message: 'is required' }],
    },
  });
  const conflict = serializeV1Error(new DomainError('CONFLICT', 'Taken'), request());
  expect(conflict.body).toEqual({ code: 409, data: null, message: 'Taken', requestId: 'req_1' });
});

test('when X-Org-ID names another organization, then the guard refuses; the caller’s own (any case) or none goes on', () => {
  const principal = { organizationId: view.account.organizationId } as Principal;
  const withHeader = (value?: string) => request({ headers: value === undefined ? {} : { 'x-org-id': value } });
  expect(() => requireOwnOrgHeader(withHeader(), principal)).not.toThrow();
  expect(() => requireOwnOrgHeader(withHeader(` ${principal.organizationId.toUpperCase()} `), principal)).not.toThrow();
  expect(() => requireOwnOrgHeader(withHeader('0198f0a0-0000-7000-8000-000000000999'), principal)).toThrow(
    expect.objectContaining({ code: 'FORBIDDEN' }),
  );
});
