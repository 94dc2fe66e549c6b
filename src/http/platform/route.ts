// One row of the platform table: a route outside the dialects (OAuth2, discovery, forward auth,
// health, leaked secrets) declared once — what the platform document says of it and the handler that
// answers it. The express routes (router.ts), /openapi/platform.json (openapi/platform.ts) and
// docs/reference/platform.md (scripts/docs/platform-reference.ts) are all made from the rows, as a
// dialect's are from its operation table. The platform routes keep their own wire (RFC 6749 errors,
// form bodies, forward auth's bare 200), so a row mounts express handlers rather than a codec.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { AppContext } from '../context';
import type { Dialect } from '../dialect';
import type { HttpMethod, Tag } from '../openapi/api-description';

/** What a row's handler may need: the service, and the dialects served (GET / lists them). */
export interface PlatformDeps {
  ctx: AppContext;
  dialects: readonly Dialect[];
}

/** One error answer of a section, declared once under `components.responses` and referred to by status. */
export interface PlatformError {
  /** Its name under `components.responses`. */
  name: string;
  /** The `error` code the body carries. */
  error: string;
  description: string;
  /** Response headers besides X-Request-Id (names in the document's `components.headers`). */
  headers?: string[];
  /** The body says nothing but `error` (forward auth's 500): its example has no `error_description`. */
  bare?: boolean;
}

/** How a section answers errors: its error body, the answers by status, and the handler that writes them. */
export interface PlatformErrors {
  /** The error body's schema. */
  schema: object;
  /** What the reference calls the shape (`OAuth2 error`, `forward-auth refusal`). */
  shape: string;
  responses: Record<number, PlatformError>;
  /** Writes anything a route of the section throws, in the section's wire. */
  handler(deps: PlatformDeps): ErrorRequestHandler;
}

/**
 * A group of rows with one tag in the document and one wire: the layers its requests go through,
 * what answers a path under it that no row serves, and its errors.
 */
export interface PlatformSection {
  tag: Tag;
  /** A path prefix the section owns whole (`/oauth2`): its layers and errors apply to every path under it. Else, its rows' paths. */
  prefix?: string;
  /** Layers every request of the section goes through before its route (body parsers, Cache-Control). */
  before?(deps: PlatformDeps): RequestHandler[];
  /** For a path under `prefix` that no row serves (after `before`). */
  unknown?: RequestHandler;
  errors?: PlatformErrors;
}

export interface PlatformResponse {
  description: string;
  /** Response headers besides X-Request-Id (names in the document's `components.headers`). */
  headers?: string[];
  /** The body by media type; absent: the answer has none. */
  content?: Record<string, { schema: object; example?: unknown }>;
}

/** An OpenAPI Parameter Object: a query parameter or a request header of the route's own. */
export interface PlatformParameter {
  name: string;
  in: 'query' | 'header';
  required: boolean;
  schema: object;
  example?: unknown;
  description: string;
}

export interface PlatformRoute {
  /** The method the document lists (with `anyMethod`, every method is answered the same). */
  method: HttpMethod;
  /** The path, served and documented as it is. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** Its tag and wire. */
  section: PlatformSection;
  /** OpenAPI security requirements, in the order a caller would try them (`{}`: none needed). */
  security: Record<string, string[]>[];
  /** Its own query parameters and request headers (every route reads X-Request-Id besides). */
  parameters?: PlatformParameter[];
  /** The handler honours `Idempotency-Key`. */
  idempotencyKey?: boolean;
  /** Its body (required): one schema, an example for each media type it is accepted in. */
  body?: { schema: object; examples: Record<string, unknown> };
  responses: Record<number, PlatformResponse>;
  /** Statuses it may answer with one of its section's `errors`. */
  errors?: number[];
  /** Every method is answered, not only `method` (a gateway forwards the request's own). */
  anyMethod?: boolean;
  /** A suffix after the path is accepted and ignored (Envoy's ext_authz appends the original path). */
  anySuffix?: boolean;
  /** The express handlers that answer it, made once when the app is. */
  handlers(deps: PlatformDeps): RequestHandler[];
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A JSON body (`content` of a response). */
export const json = (schema: object, example?: unknown): PlatformResponse['content'] => ({
  [JSON_TYPE]: example === undefined ? { schema } : { schema, example },
});
