// A wire dialect: its base path, media types, vocabulary, operation table and error codec.
// Adding a dialect is a folder in adapters/ (and one in schemas/) and a line in src/dialects.ts.
import type { Principal } from '../core/authorization';
import type { Capability } from '../core/authorization';
import type { DomainError } from '../core/errors';
import type { ApiDescription, OperationSpec } from './openapi/api-description';
import type { Operation } from './operation';
import type { Validator } from './validator';
import type { WireRequest, WireResponse } from './kernel/wire';

/** What a dialect calls things: shared code asks the dialect instead of knowing every dialect's words. */
export interface Vocabulary {
  /** Body fields a client may read but never set (a clearer 400 than "unknown field"). */
  readOnlyFields: string[];
  /** The dialect's spellings of scopes, with what each grants. */
  scopeAliases: Record<string, Capability[]>;
  /** Request headers beyond the common ones that browsers must be allowed to send (CORS). */
  requestHeaders: string[];
  /**
   * Headers that carry a key secret or access token bare, as `Authorization: Bearer` would (v3's
   * X-Session-Token); Authorization wins when both are sent. List them in `requestHeaders` too.
   */
  credentialHeaders?: string[];
  /** Response headers beyond the common ones that browsers may read (CORS), and every response carries. */
  responseHeaders?: string[];
}

/** What the OpenAPI document says of the dialect as a whole; the operations come from its table. */
export type DialectDocument = Omit<ApiDescription, 'operations' | 'basePath' | 'dialect'>;

export interface Dialect {
  name: string;
  /** The base path every operation's path is under (`/api/v2`). */
  basePath: string;
  /** Request body media types this dialect accepts (others → 415). */
  mediaTypes: string[];
  /**
   * First steps for every path under the base, before authentication, in order (v3: X-Trace-Id, then
   * content negotiation): each returns headers every answer carries, or throws to refuse.
   */
  before?: BeforeStep[];
  /** Checked after authentication, before every operation (v1's X-Org-ID, v3's `{orgId}`); they throw to refuse. */
  guards?: Guard[];
  vocabulary: Vocabulary;
  document: DialectDocument;
  operations: Operation[];
  /** How a query schema becomes a validator, when the dialect reads queries its own way (v3). */
  queryValidator?: (schema: QuerySchema) => Validator<unknown>;
  /** The dialect's error codec: a DomainError as its answer (the kernel writes it). */
  serializeError(err: DomainError, request: WireRequest): WireResponse;
}

/** An operation's query schema: each property a query parameter. */
export type QuerySchema = NonNullable<OperationSpec['query']>;

/** A guard sees the request (its path's parameters lower-cased) and the caller. */
export type Guard = (request: WireRequest, principal: Principal) => void;

/** What a first step sees: the request's headers and id (nothing is read or authenticated yet). */
export type BeforeStep = (request: Pick<WireRequest, 'headers' | 'requestId'>) => Readonly<Record<string, string>> | void;

/** `/v3/orgs/:orgId/iam` → `/v3/orgs/{orgId}/iam`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

/** The dialect as its OpenAPI document describes it. */
export function apiOf(d: Dialect): ApiDescription {
  return {
    ...d.document,
    dialect: d.name,
    basePath: openApiPath(d.basePath),
    operations: d.operations,
    credentialHeaders: d.vocabulary.credentialHeaders,
    responseHeaders: d.vocabulary.responseHeaders,
  };
}
