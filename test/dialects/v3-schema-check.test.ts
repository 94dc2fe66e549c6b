// The checker every v3 response passes through must be able to fail: documents JSON:API forbids
// are refused by it, so "every response validated" means something.
import { assertJsonApiDocument } from '../support/jsonapi';

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
  expect(() => assertJsonApiDocument({ data: [], links: { self: 'http://h/x', next: null }, meta: { request_id: 'r' }, jsonapi })).not.toThrow();
});
