// Checks every response a test receives through `t.http` against the OpenAPI document of the
// dialect it came from: the status must be one the document names for that operation, and the
// body must match its schema. A drift between the documents and the server fails the test.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response, Test } from 'supertest';
import { DIALECTS } from '../../src/dialects';
import { apiOf } from '../../src/http/dialect';
import type { ApiDescription, OperationSpec } from '../../src/http/openapi/api-description';
import { routedPath } from '../../src/http/slashes';

interface CompiledOperation {
  api: ApiDescription;
  op: OperationSpec;
  pattern: RegExp;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();
const validatorFor = (schema: object) => {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
};

function templateToRegExp(template: string): RegExp {
  const source = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

const OPERATIONS: CompiledOperation[] = DIALECTS.map(apiOf).flatMap((api) =>
  api.operations.map((op) => ({ api, op, pattern: templateToRegExp(api.basePath + op.path) })),
);

/** Throws when the response contradicts the OpenAPI document; quietly passes what no document covers. */
export function checkAgainstOpenApi(method: string, url: string, res: Response): void {
  // The server takes `//` as `/` and ignores a trailing slash: check such a path against its route too.
  const path = routedPath(new URL(url.replace(/^\/{2,}/, '/'), 'http://x').pathname);
  const found = OPERATIONS.find((o) => o.op.method === method.toLowerCase() && o.pattern.test(path));
  if (!found) return;
  const { api, op } = found;
  const declared = op.responses[res.status];
  let schema: object | undefined;
  if (declared) schema = declared.schema;
  else if (api.errorStatuses.includes(res.status)) schema = api.errorSchema;
  else
    throw new Error(`OpenAPI ${api.dialect}: ${method.toUpperCase()} ${op.path} answered ${res.status}, which the document does not list`);
  if (!schema) {
    if (res.text) throw new Error(`OpenAPI ${api.dialect}: ${method.toUpperCase()} ${op.path} ${res.status} should have no body`);
    return;
  }
  const validate = validatorFor(schema);
  if (!validate(res.body)) {
    throw new Error(
      `OpenAPI ${api.dialect}: ${method.toUpperCase()} ${op.path} ${res.status} body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`,
    );
  }
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Wraps a supertest agent so every awaited request is checked. */
export function withOpenApiCheck<T extends object>(agent: T): T {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !METHODS.has(prop) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (...a: unknown[]) => Test).call(target, url, ...rest);
        const then = test.then.bind(test);
        test.then = ((onFulfilled, onRejected) =>
          then((res: Response) => {
            checkAgainstOpenApi(prop, url, res);
            return res;
          }).then(onFulfilled, onRejected)) as Test['then'];
        return test;
      };
    },
  });
}
