// v2's codec without a server: each binding reads the core's input from a plain WireRequest and
// makes its answer (status, headers in wire order, body) from a plain core result; errors become
// problem documents. The HTTP kernel writes these answers as they are (api tests check the socket).
import { dialect } from '../../../adapters/v2';
import { serializeV2Error } from '../../../adapters/v2/errors';
import { DomainError, invalidField } from '../../../src/core/errors';
import type { FederatedCredential } from '../../../src/core/federation-rules';
import type { AccountView, IssuedKey, KeyView } from '../../../src/core/model';
import type { WireRequest, WireResponse } from '../../../src/http/kernel/wire';
import { boundOperation, exchange as exchangeIn, wireRequest } from '../support/codec';

const ACCOUNT_ID = '0198f0a0-0000-7000-8000-00000000000f';
const KEY_ID = '0198f0a0-0000-7000-8000-0000000000a1';
const AT = '2030-06-01T00:00:00.000Z';

const request = (fields: Partial<WireRequest> = {}) => wireRequest('/api/v2/service-accounts', fields);

function keyView(fields: Partial<KeyView> = {}): KeyView {
  return {
    id: KEY_ID,
    organizationId: 'org',
    serviceAccountId: ACCOUNT_ID,
    name: null,
    description: null,
    secretPrefix: 'iamg_abcd',
    scopes: [],
    scopesExplicit: false,
    readOnly: false,
    enabled: true,
    expiresAt: null,
    lastUsedAt: null,
    createdAt: AT,
    revokedAt: null,
    revokedReason: null,
    status: 'Active',
    ...fields,
  };
}

function accountView(version = 3): AccountView {
  const account = {
    id: ACCOUNT_ID,
    organizationId: 'org',
    name: 'Bot',
    description: null,
    role: 'Member' as const,
    permissions: [],
    workspaceAssignments: [],
    status: 'active' as const,
    disabledAt: null,
    email: 'bot@example',
    clientId: '0198f0a0-0000-7000-8000-0000000000c1',
    createdAt: AT,
    createdBy: null,
    updatedAt: AT,
    version,
    inheritedPermissions: [],
  };
  return { account, keys: [keyView()], workspaces: new Map() };
}

const issued = (view: AccountView): IssuedKey => ({
  key: view.keys[0],
  secret: 'iamg_secret',
  account: { id: ACCOUNT_ID, clientId: view.account.clientId, version: view.account.version },
});

const operation = (operationId: string) => boundOperation(dialect, operationId);
/** Parses the request with the operation's codec, then answers `result` with it. */
const exchange = (operationId: string, req: WireRequest, result: unknown) => exchangeIn(dialect, operationId, req, result);
const bodyOf = (answer: WireResponse) =>
  answer.body as { data: never; pagination?: { continuationToken: string | null; hasMore: boolean } };

test('when v2 is served, then every one of its operations is bound from the catalogue under the same operationId', () => {
  for (const op of dialect.operations) {
    expect(op.bound?.entry.operationId).toBe(op.operationId);
    expect(op.needs).toBe(op.bound?.entry.needs);
  }
});

test('when an account is created, then the core gets the scopes as permissions and a first key, and the answer is 201 with ETag and no-store before Content-Type', () => {
  const view = accountView(1);
  const req = request({ method: 'POST', body: { name: 'Bot', scopes: ['a:read'], expirationDate: AT } });
  const { parsed, answer } = exchange('createServiceAccount', req, { view, issued: issued(view) });
  expect(parsed).toEqual({
    name: 'Bot',
    description: null,
    role: undefined,
    workspaceAssignments: [],
    permissions: ['a:read'],
    firstKey: { expiresAt: AT },
  });
  expect(answer.status).toBe(201);
  expect(Object.entries(answer.headers)).toEqual([
    ['ETag', '"1"'],
    ['Cache-Control', 'no-store'],
    ['Pragma', 'no-cache'],
    ['Content-Type', 'application/json; charset=utf-8'],
  ]);
  expect(bodyOf(answer).data).toMatchObject({ id: ACCOUNT_ID, clientSecret: 'iamg_secret', credentials: [{ id: KEY_ID }] });
  expect(answer.body).toMatchObject({ meta: { requestId: 'req_1' } });
});

test('when a list has more, then its token brings the next page under the same filters, and is refused under others', () => {
  const req = request({ query: { limit: 1, isActive: true } });
  const view = accountView();
  const { answer } = exchange('listServiceAccounts', req, { items: [view], hasMore: true });
  const { pagination } = bodyOf(answer);
  expect(pagination).toEqual({ continuationToken: expect.any(String), hasMore: true });
  const next = operation('listServiceAccounts').bound.parse(
    request({ query: { isActive: true, continuationToken: pagination!.continuationToken } }),
  );
  expect(next).toEqual({ filter: { enabled: true, nameContains: undefined }, limit: 50, afterId: ACCOUNT_ID });
  expect(() =>
    operation('listServiceAccounts').bound.parse(request({ query: { continuationToken: pagination!.continuationToken } })),
  ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', fields: [expect.objectContaining({ field: 'continuationToken' })] }));
  const last = exchange('listServiceAccounts', request(), { items: [view], hasMore: false }).answer;
  expect(bodyOf(last).pagination).toEqual({ continuationToken: null, hasMore: false });
});

test('when an update is read, then null or absent fields are left out of the changes; the answer carries the new ETag', () => {
  const parse = operation('updateServiceAccount').bound.parse;
  const params = { id: ACCOUNT_ID };
  const body = { name: null, description: 'd', organizationalRole: 'Admin' };
  expect(parse(request({ params, body }))).toEqual({ id: ACCOUNT_ID, changes: { description: 'd', role: 'Admin' } });
  expect(exchange('updateServiceAccount', request({ params, body: {} }), accountView(8)).answer.headers).toEqual({
    ETag: '"8"',
    'Content-Type': 'application/json; charset=utf-8',
  });
});

test('when an account is deleted, then the answer is 204 with no body and no Content-Type', () => {
  const { parsed, answer } = exchange('deleteServiceAccount', request({ params: { id: ACCOUNT_ID } }), undefined);
  expect(parsed).toEqual({ id: ACCOUNT_ID });
  expect(answer).toEqual({ status: 204, headers: {} });
});

test('when disabling and enabling, then each asks the core for its own state and answers the account with its ETag', () => {
  for (const id of ['disableServiceAccount', 'enableServiceAccount']) {
    const { parsed, answer } = exchange(id, request({ params: { id: ACCOUNT_ID } }), accountView(3));
    expect(parsed).toEqual({ id: ACCOUNT_ID });
    expect(answer).toMatchObject({ status: 200, headers: { ETag: '"3"' } });
  }
});

test('when a credential is made with no body, then it never expires and follows the account; its secret is answered no-store', () => {
  const view = accountView();
  const { parsed, answer } = exchange('createCredential', request({ params: { id: ACCOUNT_ID }, body: null }), issued(view));
  expect(parsed).toEqual({ accountId: ACCOUNT_ID, request: { expiresAt: null, scopes: undefined } });
  expect(answer.status).toBe(201);
  expect(answer.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  expect(bodyOf(answer).data).toMatchObject({ clientSecret: 'iamg_secret', clientId: view.account.clientId, id: KEY_ID });
});

test('when a credential is revoked, then the core gets the key and its account from the path', () => {
  const params = { id: ACCOUNT_ID, credentialId: KEY_ID };
  const change = { key: keyView({ status: 'Revoked', revokedAt: AT }), account: { id: ACCOUNT_ID, clientId: 'c', version: 4 } };
  const { parsed, answer } = exchange('revokeCredential', request({ params }), change);
  expect(parsed).toEqual({ keyId: KEY_ID, accountId: ACCOUNT_ID });
  expect(bodyOf(answer).data).toMatchObject({ id: KEY_ID, status: 'Revoked' });
});

test('when the users of a dialect are paged, then v2 pages the core answer by offset in a token bound to the query', () => {
  const user = (n: number) => ({ accountId: `a${n}`, name: null, requests: 1, lastUsedAt: AT, keys: [], routes: [] });
  const users = [user(1), user(2), user(3)];
  const first = exchange('listDialectUsers', request({ query: { dialect: 'v1', limit: 2 } }), users);
  expect(first.parsed).toMatchObject({ dialect: 'v1', sinceDays: 30, offset: 0, limit: 2 });
  const { data, pagination } = bodyOf(first.answer) as unknown as {
    data: { serviceAccountId: string }[];
    pagination: { continuationToken: string };
  };
  expect(data.map((u) => u.serviceAccountId)).toEqual(['a1', 'a2']);
  const second = exchange(
    'listDialectUsers',
    request({ query: { dialect: 'v1', limit: 2, continuationToken: pagination.continuationToken } }),
    users,
  );
  expect(second.parsed).toMatchObject({ offset: 2 });
  expect(bodyOf(second.answer).pagination).toEqual({ continuationToken: null, hasMore: false });
  expect(() =>
    exchange('listDialectUsers', request({ query: { dialect: 'v3', continuationToken: pagination.continuationToken } }), users),
  ).toThrow(DomainError);
});

describe('federated credentials', () => {
  const RULE_ID = '0198f0a0-0000-7000-8000-0000000000f1';
  const rule = (version = 1): FederatedCredential => ({
    id: RULE_ID,
    organizationId: 'org',
    serviceAccountId: ACCOUNT_ID,
    name: 'deploy',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:acme/app:*',
    audiences: ['iamgate'],
    claims: {},
    jwks: null,
    allowTokenReuse: false,
    tokenKeyId: '0198f0a0-0000-7000-8000-0000000000f2',
    createdAt: AT,
    updatedAt: AT,
    version,
  });
  const minimal = {
    name: 'deploy',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:acme/app:*',
    audiences: ['iamgate'],
  };
  const whole = { ...minimal, claims: {}, jwks: null, allowTokenReuse: false };

  test('when a rule is made, then optional fields left out take their defaults, and the answer is 201 with its ETag and never its token key id', () => {
    const { parsed, answer } = exchange(
      'createFederatedCredential',
      request({ method: 'POST', params: { id: ACCOUNT_ID }, body: minimal }),
      rule(),
    );
    expect(parsed).toEqual({ accountId: ACCOUNT_ID, request: whole });
    expect(answer.status).toBe(201);
    expect(Object.entries(answer.headers)).toEqual([
      ['ETag', '"1"'],
      ['Content-Type', 'application/json; charset=utf-8'],
    ]);
    expect(bodyOf(answer).data).toEqual({
      id: RULE_ID,
      serviceAccountId: ACCOUNT_ID,
      ...whole,
      createdAt: AT,
      updatedAt: AT,
    });
  });

  test('when a rule is replaced, then the core gets the whole rule named by the path and the version If-Match names', () => {
    const op = operation('replaceFederatedCredential');
    expect(op.ifMatch).toBe(true);
    const params = { id: ACCOUNT_ID, federatedCredentialId: RULE_ID };
    const body = { ...minimal, claims: { repository: 'acme/app' }, allowTokenReuse: true };
    const { parsed, answer } = exchange('replaceFederatedCredential', request({ method: 'PUT', params, body }), rule(5));
    expect(parsed).toEqual({ accountId: ACCOUNT_ID, id: RULE_ID, request: { ...body, jwks: null } });
    expect(answer).toMatchObject({ status: 200, headers: { ETag: '"5"' } });
  });

  test('when rules are listed, read or deleted, then the path names them; a list is one page, a deletion 204 with no body', () => {
    const params = { id: ACCOUNT_ID, federatedCredentialId: RULE_ID };
    const listed = exchange('listFederatedCredentials', request({ params: { id: ACCOUNT_ID } }), [rule()]);
    expect(listed.parsed).toEqual({ accountId: ACCOUNT_ID });
    expect(bodyOf(listed.answer).pagination).toEqual({ continuationToken: null, hasMore: false });
    expect((bodyOf(listed.answer).data as unknown[]).length).toBe(1);
    const read = exchange('getFederatedCredential', request({ params }), rule(2));
    expect(read.parsed).toEqual({ accountId: ACCOUNT_ID, id: RULE_ID });
    expect(read.answer.headers).toMatchObject({ ETag: '"2"' });
    const gone = exchange('deleteFederatedCredential', request({ method: 'DELETE', params }), undefined);
    expect(gone.parsed).toEqual({ accountId: ACCOUNT_ID, id: RULE_ID });
    expect(gone.answer).toEqual({ status: 204, headers: {} });
  });
});

describe('errors', () => {
  test('when a request is refused field by field, then the problem names the fields in v2 words, the first as target', () => {
    const err = new DomainError('VALIDATION_ERROR', 'The request body is not valid', [
      { field: 'role', message: 'is not a role' },
      { field: 'workspaceAssignments[0].role', message: 'must be one of: Owner' },
      { field: 'role', message: 'is too high' },
    ]);
    const answer = serializeV2Error(err, request({ url: '/api/v2/service-accounts?x=1' }));
    expect(answer.status).toBe(400);
    expect(answer.headers).toEqual({ 'Content-Type': 'application/problem+json; charset=utf-8' });
    expect(answer.body).toEqual({
      type: 'https://iam.example/docs/errors#VALIDATION_ERROR',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is not valid',
      instance: '/api/v2/service-accounts?x=1',
      code: 'VALIDATION_ERROR',
      requestId: 'req_1',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      target: 'organizationalRole',
      errors: { organizationalRole: ['is not a role', 'is too high'], 'workspaceAssignments[0].role': ['must be one of: Owner'] },
    });
  });

  test('when an error names no field, then there is no target; a code v2 does not know is a bad request', () => {
    const notFound = serializeV2Error(new DomainError('NOT_FOUND', 'Service account not found'), request()).body;
    expect(notFound).not.toHaveProperty('target');
    expect(notFound).not.toHaveProperty('errors');
    const answer = serializeV2Error(new DomainError('NOT_ACCEPTABLE', 'No'), request());
    expect(answer.status).toBe(406);
    expect(answer.body).toMatchObject({ code: 'BAD_REQUEST', type: 'https://iam.example/docs/errors#BAD_REQUEST' });
    expect(serializeV2Error(invalidField('expiresAt', 'is in the past'), request()).body).toMatchObject({ target: 'expirationDate' });
  });
});
