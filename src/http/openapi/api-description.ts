// What a dialect says about itself, made of the same JSON Schemas its routes validate with; the
// OpenAPI 3.1 document is built from this, so the two cannot drift apart.

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** Absent for an empty body (204). */
  schema?: object;
  headers?: string[];
}

export interface OperationSpec {
  method: HttpMethod;
  /** Relative to the base path, as an OpenAPI template: `/service-accounts/{id}`. */
  path: string;
  summary: string;
  /** JSON Schema of the query object; each property becomes a query parameter. */
  query?: { properties?: Record<string, object> };
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
