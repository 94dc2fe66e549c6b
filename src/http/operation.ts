// One row of a dialect's operation table: what OpenAPI says about a route (method, path, schemas,
// responses), what the caller needs, and the handler. Express routes, request validation, the
// OpenAPI document, the fuzzer's routes and the authorization matrix are all built from the table,
// so a route cannot exist in one of them and not the others. Every row is a catalogue entry bound
// to a path and a codec (kernel/bind.ts); its handler returns the answer, which the router writes.
import type { IamCore, Principal } from '../core';
import type { Capability } from '../core/authorization';
import type { Role } from '../core/model';
import type { FieldError } from '../core/errors';
import type { OperationSpec } from './openapi/api-description';
import type { WireRequest, WireResponse } from './kernel/wire';
import type { BoundParts } from './kernel/binding';

/** What a handler gets: the request (its body and query as the operation's schemas accepted them), the caller and the core. */
export interface Call {
  request: WireRequest;
  core: IamCore;
  principal: Principal;
}

export interface Operation extends OperationSpec {
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
  /** The answer; the router writes it. */
  handle(call: Call): Promise<WireResponse>;
  /**
   * When the schema refused some of the body's fields: what the core finds wrong in the others
   * (the call's body holds only those), so one error names every problem. Reads, never writes.
   */
  otherProblems?(call: Call): Promise<FieldError[]>;
  /** The row's catalogue entry and codec (kernel/bind.ts), for tests that need no server. */
  bound: BoundParts;
}
