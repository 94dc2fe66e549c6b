// A v3 caller for the tests: the org's base path, credentials and JSON:API bodies, with every
// response checked by test/support/jsonapi.ts.
import type { Response, Test } from 'supertest';
import { JSONAPI, jsonApi } from './jsonapi';
import type { TestServer } from './server';

export interface V3Client {
  /** `/v3/orgs/{orgId}/iam` of the organization this client addresses. */
  base: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  delete(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/**
 * A v3 caller with its credentials; bodies go out as JSON:API documents. Every response is checked.
 * A string body is sent as it is (for malformed JSON).
 */
export function v3Client(t: TestServer, auth: Record<string, string>, orgId = t.admin.organizationId): V3Client {
  const base = `/v3/orgs/${orgId}/iam`;
  const withBody = (test: Test, body: unknown, headers: Record<string, string>) =>
    jsonApi(
      test
        .set(auth)
        .set('Content-Type', JSONAPI)
        .set(headers)
        .send(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  return {
    base,
    get: (path, headers = {}) =>
      jsonApi(
        t.http
          .get(base + path)
          .set(auth)
          .set(headers),
      ),
    delete: (path, headers = {}) =>
      jsonApi(
        t.http
          .delete(base + path)
          .set(auth)
          .set(headers),
      ),
    post: (path, body, headers = {}) => withBody(t.http.post(base + path), body, headers),
    patch: (path, body, headers = {}) => withBody(t.http.patch(base + path), body, headers),
  };
}

/** The body of a create request for a service account. */
export function accountDocument(attributes: Record<string, unknown>) {
  return { data: { type: 'service-accounts', attributes } };
}
