// How a dialect serves a catalogue entry: the method and path, the schemas its wire request is
// checked against, and its codec: `parse` reads the core's input from the request, `reply` makes
// the answer from the core's result. Both are plain functions over plain values.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { CatalogueEntry } from '../../core/catalogue';
import type { DomainError } from '../../core/errors';
import type { HttpMethod, ResponseSpec } from '../openapi/api-description';
import type { WireRequest, WireResponse } from './wire';

/** What a schema accepts, as a type; `Absent` without a schema. */
export type Accepted<S, Absent> = S extends TSchema ? Static<S> : Absent;

/** The request a binding's codec reads: its body and query as its own schemas accepted them. */
export type BoundRequest<B, Q> = WireRequest<Accepted<B, undefined>, Accepted<Q, unknown>>;

/**
 * `Parsed`: what `parse` makes, the core's input and anything more the answer needs from the
 * request (a page's offset); the core gets it as its input.
 */
export interface Binding<Input, Result, B extends TSchema | undefined, Q extends TObject | undefined, Parsed extends Input = Input> {
  method: HttpMethod;
  /** Relative to the dialect's base path, as an OpenAPI template: `/service-accounts/{id}`. */
  path: string;
  /** The dialect's own name for the operation, where its clients know it by another (v1's `createApiKey`). */
  operationId?: string;
  /** The dialect's own words for the operation, where its wire differs from the catalogue's. */
  summary?: string;
  description?: string;
  /**
   * Whether the dialect honours If-Match here, where it differs from the entry (v3 revokes a key only
   * at the version read; v1 and v2 revoke at any). The entry's call must take the version.
   */
  ifMatch?: boolean;
  body?: B;
  bodyRequired?: boolean;
  /** A request body a permitted caller could send (OpenAPI example; the authorization matrix sends it). */
  example?: unknown;
  query?: Q;
  /** A query string a permitted caller could send, where the operation requires parameters. */
  exampleQuery?: Record<string, string>;
  responses: Record<number, ResponseSpec>;
  /** The core's input from the request; throws a DomainError for what the schemas cannot say. */
  parse(request: BoundRequest<B, Q>): Parsed;
  /**
   * The input the entry's `problems` reads when the schema refused some of the body's fields, where
   * it is not `parse`'s: made from the body alone (parse also reads the query, whose errors wait).
   */
  problemInput?(request: BoundRequest<B, Q>): Input;
  /** The core's error in the dialect's terms (v3 points at the attributes a field came from). */
  mapError?(err: DomainError): DomainError;
  /** The answer: status, headers and body. */
  reply(result: Result, request: BoundRequest<B, Q>, parsed: Parsed): WireResponse;
}

/** A bound row's parts, loosely typed: unit tests run a codec over plain values through them. */
export interface BoundParts {
  entry: CatalogueEntry<unknown, unknown>;
  parse(request: WireRequest): unknown;
  reply(result: unknown, request: WireRequest, parsed: unknown): WireResponse;
}
