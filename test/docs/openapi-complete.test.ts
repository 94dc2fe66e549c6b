// What Spectral's recommended rules do not ask of the OpenAPI documents, and a generator or a reader
// of /docs needs: every field, parameter and header described, named schemas, examples, the headers
// each operation really reads (If-Match where its handler honours it, Idempotency-Key on POSTs),
// the security each operation needs, and every error response with its schema.
import { DIALECTS } from '../../src/dialects';
import { apiOf } from '../../src/http/dialect';
import { buildOpenApi } from '../../src/http/openapi/build';
import { SCOPES_FOR } from '../../src/http/openapi/components';
import { platformOpenApi } from '../../src/http/openapi/platform';

type Node = Record<string, any>;
interface Operation extends Node {
  operationId: string;
  parameters: Node[];
  responses: Record<string, Node>;
}

const documents: [string, Node][] = [
  ...DIALECTS.map((d): [string, Node] => [d.name, buildOpenApi(apiOf(d), 'http://iamgate.test')]),
  ['platform', platformOpenApi('http://iamgate.test')],
];

/** A local `$ref` followed (once is enough: components never refer to components of their kind). */
const deref = (doc: Node, node: Node): Node =>
  node.$ref
    ? (node.$ref as string)
        .slice(2)
        .split('/')
        .reduce((at: Node, step) => at[step], doc)
    : node;

const operationsOf = (doc: Node): [string, Operation][] =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );

/** Every place a schema's `properties` names a member without saying what it is (a `$ref` says it by its target). */
function undescribedProperties(node: unknown, at = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => undescribedProperties(v, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    if (key === 'example' || key === 'examples') return [];
    const here = `${at}/${key}`;
    const own =
      key === 'properties' && !at.endsWith('/properties') && value && typeof value === 'object'
        ? Object.entries(value as Node)
            .filter(([, s]) => !s.description && !s.$ref)
            .map(([name]) => `${here}/${name}`)
        : [];
    return [...own, ...undescribedProperties(value, here)];
  });
}

describe.each(documents)('the %s document', (_name, doc) => {
  const operations = operationsOf(doc);

  test('every operation has a summary, a description, a unique operationId, declared tags and its own security', () => {
    const declared = new Map((doc.tags as Node[]).map((t) => [t.name, t.description]));
    for (const [where, op] of operations) {
      expect([where, typeof op.summary, typeof op.description, typeof op.operationId, Array.isArray(op.security)]).toEqual([
        where,
        'string',
        'string',
        'string',
        true,
      ]);
      for (const tag of op.tags as string[]) expect([where, tag, typeof declared.get(tag)]).toEqual([where, tag, 'string']);
    }
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every schema property, named schema, parameter and response header says what it is', () => {
    expect(undescribedProperties(doc)).toEqual([]);
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, Node>))
      expect([name, typeof schema.description]).toEqual([name, 'string']);
    for (const [where, op] of operations) {
      for (const p of op.parameters.map((p) => deref(doc, p)))
        expect([where, p.name, typeof p.description, typeof p.schema]).toEqual([where, p.name, 'string', 'object']);
      for (const [status, response] of Object.entries(op.responses).map(([s, r]) => [s, deref(doc, r)] as const)) {
        for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Node>).map(
          ([n, h]) => [n, deref(doc, h)] as const,
        )) {
          expect([where, status, name, typeof header.description, typeof header.schema]).toEqual([where, status, name, 'string', 'object']);
        }
        expect([where, status, 'X-Request-Id' in (response.headers ?? {})]).toEqual([where, status, true]);
      }
    }
  });

  test('every error response has a body with its schema and an example, and every request body an example', () => {
    for (const [where, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)
        .filter(([s]) => Number(s) >= 400)
        .map(([s, r]) => [s, deref(doc, r)] as const)) {
        const media = Object.values(response.content ?? {}) as Node[];
        expect([where, status, media.length > 0, media.every((m) => m.schema && m.example !== undefined)]).toEqual([
          where,
          status,
          true,
          true,
        ]);
      }
      if (op.requestBody?.required) {
        for (const [type, media] of Object.entries(op.requestBody.content as Record<string, Node>))
          expect([where, type, media.example !== undefined]).toEqual([where, type, true]);
      }
    }
  });
});

describe.each(DIALECTS.map((d) => [d.name, d] as const))('the %s document and its operation table', (_name, dialect) => {
  const api = apiOf(dialect);
  const doc = buildOpenApi(api) as Node;
  const opOf = (method: string, path: string) => doc.paths[api.basePath + path][method] as Operation;
  const headerParameters = (op: Operation) =>
    op.parameters
      .map((p) => deref(doc, p))
      .filter((p) => p.in === 'header')
      .map((p) => p.name as string);

  test.each(dialect.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s lists the headers it reads',
    (_where, op) => {
      const headers = headerParameters(opOf(op.method, op.path));
      // The handler honours If-Match exactly when it passes the header on to the core (etag.ts).
      expect(['If-Match', headers.includes('If-Match')]).toEqual(['If-Match', String(op.handle).includes('expectedVersion')]);
      expect(['Idempotency-Key', headers.includes('Idempotency-Key')]).toEqual(['Idempotency-Key', op.method === 'post']);
      expect(headers).toContain('X-Request-Id');
      for (const h of dialect.document.requestHeaders ?? []) expect(headers).toContain(h.name);
    },
  );

  test('every operation asks OAuth2 clients for the scope its need takes, and answers every error status of the dialect', () => {
    for (const op of dialect.operations) {
      const described = opOf(op.method, op.path);
      const oauth2 = (described.security as Node[]).find((s) => 'oauth2' in s);
      expect([op.operationId, oauth2]).toEqual([op.operationId, { oauth2: SCOPES_FOR[op.needs] }]);
      for (const status of [...api.errorStatuses, 500])
        expect([op.operationId, status, String(status) in described.responses]).toEqual([op.operationId, status, true]);
    }
  });
});
