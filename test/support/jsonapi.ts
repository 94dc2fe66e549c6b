// Every v3 response in the suite goes through here: its body must be a valid JSON:API document
// by the JSON:API project's own schema (test/reference/), with JSON:API's media type, and must be
// what the served OpenAPI document (/openapi/v3.json) says the operation answers with.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response, Test } from 'supertest';
import { dialect as v3 } from '../../adapters/v3';
import { apiOf } from '../../src/http/dialect';
import { buildOpenApi } from '../../src/http/openapi/build';
import responseSchema from '../reference/jsonapi-1.0-response-schema.json';

export const JSONAPI = 'application/vnd.api+json';

// The schema declares draft 2020-12 but keeps `definitions` and `dependencies`; Ajv2020 reads both.
// Not strict: the schema is not ours, and it uses `required` without matching `properties`.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateDocument = ajv.compile(responseSchema);

/** Throws (failing the test) unless `body` is a JSON:API 1.1 document we would send. */
export function assertJsonApiDocument(body: unknown, context = ''): void {
  if (!validateDocument(body)) {
    throw new Error(
      `not a valid JSON:API document${context}: ${ajv.errorsText(validateDocument.errors)}\n${JSON.stringify(body, null, 2)}`,
    );
  }
  expect((body as { jsonapi?: unknown }).jsonapi).toEqual({ version: '1.1' });
}

interface OpenApiResponse {
  $ref?: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, unknown>;
}
type OpenApiPaths = Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;

// The document exactly as /openapi/v3.json serves it; its schemas are compiled by JSON pointer
// into it, so `#/components/schemas/Error` resolves as an OpenAPI reader would resolve it.
const OPENAPI_ID = 'openapi-v3.json';
const openApi = buildOpenApi(apiOf(v3)) as { paths: OpenApiPaths };
/** The object a local `$ref` (`#/components/responses/NotFound`) names, and the steps to it. */
const resolve = <T>(ref: string): { value: T; steps: string[] } => {
  const steps = ref
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { value: steps.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], openApi) as T, steps };
};
ajv.addSchema(openApi, OPENAPI_ID);
const pointer = (...steps: string[]) =>
  `${OPENAPI_ID}#${steps.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('')}`;

/** `/service-accounts/{id}` matches `/service-accounts/x`: segment by segment, a `{param}` matching any. */
const fitsTemplate = (template: string, path: string) => {
  const want = template.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((s, i) => (/^\{\w+\}$/.test(s) ? got[i] !== '' : s === got[i]));
};

/** One v3 exchange, whichever HTTP client made it. */
export interface V3Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
  /** The raw body ('' when there is none). */
  text: string;
}

function assertMatchesOpenApi(x: V3Exchange): void {
  const method = x.method.toLowerCase();
  const path = new URL(x.url, 'http://localhost').pathname;
  const template = Object.keys(openApi.paths).find((t) => fitsTemplate(t, path) && openApi.paths[t][method]);
  const where = `OpenAPI v3: ${x.method.toUpperCase()} ${template ?? path} ${x.status}`;
  const assertBody = (schemaPointer: string) => {
    const validate = ajv.getSchema(schemaPointer)!;
    if (!validate(x.body)) {
      throw new Error(
        `${where}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(x.body, null, 2)}`,
      );
    }
  };
  if (!template) {
    // Not an operation of the document: only an error may answer, in the one error document.
    if (x.status < 400) throw new Error(`${where}: a success from an operation the document does not describe`);
    return assertBody(pointer('components', 'schemas', 'Error'));
  }
  let at = ['paths', template, method, 'responses', String(x.status)];
  let declared = openApi.paths[template][method].responses[String(x.status)];
  if (!declared) throw new Error(`${where}: a status the document does not list for this operation`);
  // Error responses are declared once under components and referred to from each operation.
  if (declared.$ref) ({ value: declared, steps: at } = resolve<OpenApiResponse>(declared.$ref));
  for (const [header, spec] of Object.entries(declared.headers ?? {})) {
    const required = spec.$ref ? resolve<{ required?: boolean }>(spec.$ref).value.required : spec.required;
    if (required && x.headers[header.toLowerCase()] === undefined)
      throw new Error(`${where}: no ${header} header, which the document promises`);
  }
  if (declared.content) assertBody(pointer(...at, 'content', JSONAPI, 'schema'));
  else if (x.text) throw new Error(`${where}: a body, where the document says there is none`);
}

/** Checks one v3 exchange: the media type, both schemas, and that 204 has no body. */
export function assertV3Exchange(x: V3Exchange): void {
  if (x.status === 204) expect(x.text).toBe('');
  else {
    expect(x.headers['content-type']).toBe(JSONAPI);
    assertJsonApiDocument(x.body, ` (${x.method.toUpperCase()} ${x.url}, status ${x.status})`);
  }
  assertMatchesOpenApi(x);
}

/** Checks one v3 HTTP response from supertest. */
export function assertJsonApiResponse(res: Response): Response {
  const { method, url } = (res as Response & { request: { method: string; url: string } }).request;
  assertV3Exchange({ method, url, status: res.status, headers: res.headers, body: res.body, text: res.text ?? '' });
  return res;
}

/** Sends a supertest request and checks its response. */
export async function jsonApi(request: Test): Promise<Response> {
  return assertJsonApiResponse(await request);
}

export interface JsonApiError {
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** Checks an error document: the status, one code on every error object, the request id; returns the errors. */
export function expectErrors(res: Response, status: number, code: string): JsonApiError[] {
  expect(res.status).toBe(status);
  const errors = res.body.errors as JsonApiError[];
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e).toMatchObject({ status: String(status), code, title: expect.any(String), detail: expect.any(String) });
  }
  expect(res.body.data).toBeUndefined();
  expect(res.body.meta.request_id).toBe(res.headers['x-request-id']);
  return errors;
}

/** The `source.pointer`s of an error document's errors. */
export const pointersOf = (res: Response) => (res.body.errors as JsonApiError[]).map((e) => e.source?.pointer);

/** The `source.parameter`s of an error document's errors. */
export const parametersOf = (res: Response) => (res.body.errors as JsonApiError[]).map((e) => e.source?.parameter);
