// Every v3 response in the suite goes through here: its body must be a valid JSON:API document
// by the JSON:API project's own schema (test/reference/), with JSON:API's media type.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response, Test } from 'supertest';
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
    throw new Error(`not a valid JSON:API document${context}: ${ajv.errorsText(validateDocument.errors)}\n${JSON.stringify(body, null, 2)}`);
  }
  expect((body as { jsonapi?: unknown }).jsonapi).toEqual({ version: '1.1' });
}

/** Checks one v3 HTTP response: the media type, the schema, and that 204 has no body. */
export function assertJsonApiResponse(res: Response): Response {
  if (res.status === 204) {
    expect(res.text ?? '').toBe('');
    return res;
  }
  expect(res.headers['content-type']).toBe(JSONAPI);
  assertJsonApiDocument(res.body, ` (status ${res.status})`);
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
