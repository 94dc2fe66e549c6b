// One row of a dialect's operation table: what OpenAPI says about a route (method, path, schemas,
// responses), what the caller needs, and the handler. Express routes, request validation, the
// OpenAPI document, the fuzzer's routes and the authorization matrix are all built from the table,
// so a route cannot exist in one of them and not the others. Rows are made from the catalogue by
// kernel/bind.ts; rows written here by hand (`operation()`, handlers that write on `res`) are the
// older style, still served while the dialects move to bindings.
import type { Request, Response } from 'express';
import type { IamCore, Principal } from '../core';
import type { Capability } from '../core/authorization';
import type { Role } from '../core/model';
import type { FieldError } from '../core/errors';
import type { OperationSpec } from './openapi/api-description';
import type { WireResponse } from './kernel/wire';
import type { BoundParts } from './kernel/binding';

/** What a handler gets: the request with its validated body and query, the caller and the core. */
export interface Call<Body = unknown, Query = unknown> {
  req: Request;
  res: Response;
  core: IamCore;
  principal: Principal;
  /** Path parameters, UUIDs lower-cased (RFC 9562: their hex digits are case-insensitive). */
  params: Record<string, string>;
  /** The body as the operation's schema accepted it (an absent body is `null`); undefined without a schema. */
  body: Body;
  query: Query;
}

export interface Operation<Body = unknown, Query = unknown> extends OperationSpec {
  /**
   * What the credential must be able to do; checked before the body is read. `authenticated`: any
   * credential that works (a caller may always learn who it is).
   */
  needs: Capability | 'authenticated';
  /**
   * Only a caller whose account has one of these roles (the organization's settings: issue 32's
   * credential policy and webhooks). Checked with `needs`, before the body is read; the core checks it too.
   */
  roles?: readonly Role[];
  /** A request body a permitted caller could send (OpenAPI example; the authorization matrix sends it). */
  example?: unknown;
  /** A query string a permitted caller could send, where the operation requires parameters. */
  exampleQuery?: Record<string, string>;
  /** A bound row returns its answer (the router writes it); a row of the older style writes on `res`. */
  handle(call: Call<Body, Query>): Promise<void | WireResponse>;
  /**
   * When the schema refused some of the body's fields: what the core finds wrong in the others
   * (the call's body holds only those), so one error names every problem. Reads, never writes.
   */
  otherProblems?(call: Call<Body, Query>): Promise<FieldError[]>;
  /** A bound row's catalogue entry and codec (kernel/bind.ts), for tests that need no server. */
  bound?: BoundParts;
}

/** Declares a row of the older style, with its body and query types checked against the handler. */
export function operation<Body = unknown, Query = unknown>(op: Operation<Body, Query>): Operation {
  return op as unknown as Operation;
}
