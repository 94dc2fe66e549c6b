// The checker every v3 response passes through must be able to fail: documents JSON:API forbids
// are refused by it, and so are responses the OpenAPI document does not describe, so "every
// response validated" means something.
import { assertJsonApiDocument, assertV3Exchange, JSONAPI } from '../support/jsonapi';

const jsonapi = { version: '1.1' };

test.each([
  ['an unknown top-level member', { data: null, jsonapi, extra: 1 }],
  ['data and errors together', { data: null, errors: [{ status: '400' }], jsonapi }],
  ['included without data', { included: [], meta: {}, jsonapi }],
  ['a resource without a type', { data: { id: '1', attributes: {} }, jsonapi }],
  ['an attribute named id', { data: { type: 'x', id: '1', attributes: { id: 2 } }, jsonapi }],
  ['a relative link', { data: null, links: { self: '/v3/x' }, jsonapi }],
  ['a numeric error status', { errors: [{ status: 400 }], jsonapi }],
  ['an unknown error member', { errors: [{ status: '400', field: 'name' }], jsonapi }],
  ['a pointer that is not a JSON pointer', { errors: [{ source: { pointer: 'data.attributes' } }], jsonapi }],
  ['no jsonapi object', { data: null }],
])('when a document has %s, then the checker refuses it', (_case, doc) => {
  expect(() => assertJsonApiDocument(doc)).toThrow();
});

test('when a document is well formed, then the checker accepts it', () => {
  expect(() =>
    assertJsonApiDocument({ data: [], links: { self: 'http://h/x', next: null }, meta: { request_id: 'r' }, jsonapi }),
  ).not.toThrow();
});

describe('the OpenAPI half of the checker', () => {
  const base = '/v3/orgs/0198f0a0-0000-7000-8000-000000000001/iam';
  const id = '0198f0a0-0000-7000-8000-000000000002';
  const keyId = '0198f0a0-0000-7000-8000-000000000003';
  const link = (path: string) => `http://h${base}${path}`;
  const key = (attributes: Record<string, unknown>) => ({
    type: 'service-account-keys',
    id: keyId,
    attributes,
    meta: { created_at: '2024-10-14T17:03:06.204Z', expires_at: null, last_used_at: null },
    relationships: { 'service-account': { data: { type: 'service-accounts', id }, links: { related: link(`/service-accounts/${id}`) } } },
    links: { self: link(`/service-accounts/${id}/keys/${keyId}`) },
  });
  const keyDocument = (attributes: Record<string, unknown>) => ({
    data: key(attributes),
    links: { self: link(`/service-accounts/${id}/keys/${keyId}`) },
    meta: { request_id: 'r' },
    jsonapi,
  });
  const exchange =
    (method: string, path: string, status: number, body: unknown, headers: Record<string, string> = {}) =>
    () =>
      assertV3Exchange({
        method,
        url: `http://h${base}${path}`,
        status,
        body,
        text: body === undefined ? '' : JSON.stringify(body),
        headers: { 'content-type': JSONAPI, etag: '"1"', 'x-request-id': 'r', 'x-trace-id': 'r', ...headers },
      });
  const error = {
    errors: [
      { status: '404', code: 'NOT_FOUND', title: 'Not Found', detail: 'Route not found', meta: { timestamp: '2024-10-14T17:03:06.204Z' } },
    ],
    meta: { request_id: 'r' },
    jsonapi,
  };
  const keyPath = `/service-accounts/${id}/keys/${keyId}`;

  test('when a response is what the document says, then the checker accepts it', () => {
    expect(exchange('GET', keyPath, 200, keyDocument({ client_id: id, enabled: true }))).not.toThrow();
    const deleted = { meta: { deleted: { type: 'service-account-keys', id: keyId }, request_id: 'r' }, jsonapi };
    expect(exchange('DELETE', keyPath, 200, deleted)).not.toThrow();
    expect(exchange('GET', '/nothing-here', 404, error)).not.toThrow();
  });

  test.each([
    [
      'a secret in a key that is only read',
      exchange('GET', keyPath, 200, keyDocument({ client_id: id, enabled: true, client_secret: 'iamg_x' })),
      /does not match/,
    ],
    ['an attribute of the wrong type', exchange('GET', keyPath, 200, keyDocument({ client_id: id, enabled: 'yes' })), /does not match/],
    ['a status the operation does not list', exchange('GET', keyPath, 202, keyDocument({})), /does not list/],
    // Issue 26: a v3 DELETE answers 200 with a meta-only document, never 204 with no body.
    ['a DELETE answered 204 with no body', exchange('DELETE', keyPath, 204, undefined, { 'content-type': '' }), /does not list/],
    [
      'no X-Trace-Id (issue 14: every v3 response has one)',
      exchange('GET', keyPath, 200, keyDocument({ client_id: id, enabled: true }), { 'x-trace-id': undefined as unknown as string }),
      /no X-Trace-Id header/,
    ],
    [
      'a 201 without Location',
      exchange('POST', `/service-accounts/${id}/keys`, 201, keyDocument({ client_id: id, enabled: true, client_secret: 'iamg_x' })),
      /no Location header/,
    ],
    [
      'a success from no operation',
      exchange('GET', '/nothing-here', 200, { data: null, meta: { request_id: 'r' }, jsonapi }),
      /does not describe/,
    ],
    [
      'an error document with an unknown code',
      exchange('GET', keyPath, 404, { ...error, errors: [{ ...error.errors[0], code: 'TEAPOT' }] }),
      /does not match/,
    ],
  ])('when the response has %s, then the checker refuses it', (_case, check, message) => {
    expect(check).toThrow(message);
  });
});
