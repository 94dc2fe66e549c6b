// What a dialect says about itself, made of the same JSON Schemas its routes validate with; the
// OpenAPI 3.1 document is built from this, so the two cannot drift apart.
import type { Capability } from '../../core/authorization';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** Absent for an empty body (204). */
  schema?: object;
  /** Headers this response always carries besides every response's (`ETag`, `Location`). */
  headers?: string[];
}

/** A group of operations in the document, one per resource; /docs shows its description above them. */
export interface Tag {
  name: string;
  description: string;
}

export interface OperationSpec {
  method: HttpMethod;
  /** Relative to the base path, as an OpenAPI template: `/service-accounts/{id}`. */
  path: string;
  /** Unique in the dialect's document and kept stable: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  /** What a caller needs to know beyond the summary: what changes, what is shown once, the limits. */
  description: string;
  /** The resource the operation belongs to; the document declares every tag its operations use. */
  tag: Tag;
  /** The handler honours `If-Match` (a stale ETag → 412): the document lists the header for it. */
  ifMatch?: boolean;
  /** What the credential must be able to do: the document asks OAuth2 clients for the scope that gives it. */
  needs: Capability | 'authenticated';
  /** A request body a permitted caller could send: the request example. */
  example?: unknown;
  /** JSON Schema of the query object; each property becomes a query parameter. */
  query?: { properties?: Record<string, object>; required?: string[] };
  body?: object;
  bodyRequired?: boolean;
  responses: Record<number, ResponseSpec>;
}

export interface ApiDescription {
  dialect: string;
  title: string;
  version: string;
  description: string;
  /** The base path as an OpenAPI template (`/v3/orgs/{orgId}/iam`). */
  basePath: string;
  /** Media type of success bodies, of error bodies, and those accepted for requests. */
  mediaType: string;
  errorMediaType: string;
  requestMediaTypes: string[];
  errorSchema: object;
  /** An error body in the dialect's shape, the example of each error response. */
  errorExample(status: number, code: string, message: string): object;
  /**
   * Schemas the document names (`#/components/schemas/<name>`): wherever one of these objects
   * appears in an operation, the document refers to it instead of repeating it. The error schema is `Error`.
   */
  schemas: Record<string, object>;
  /** What the dialect's own response headers (`responseHeaders`) say. */
  headerDescriptions?: Record<string, string>;
  /** Error statuses every operation of the dialect may answer with. */
  errorStatuses: number[];
  /** Optional request headers every operation of the dialect reads (v1's `X-Org-ID`). */
  requestHeaders?: { name: string; description: string }[];
  /** Headers that carry a secret or access token bare, besides Authorization (v3's `X-Session-Token`). */
  credentialHeaders?: string[];
  /** Headers every response of the dialect carries (v3's `X-Trace-Id`). */
  responseHeaders?: string[];
  operations: OperationSpec[];
}
