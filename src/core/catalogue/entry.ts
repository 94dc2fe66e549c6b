// One thing the service does, declared once for every dialect: its stable name, what the caller
// needs, the resource it belongs to, its words for the documents, and the one core call it makes.
// A dialect binds an entry to a method, a path and its codec (src/http/kernel/bind.ts); nothing
// here knows HTTP.
import type { Capability, Principal } from '../authorization';
import type { FieldError } from '../errors';
import type { IamCore } from '../index';
import type { Role } from '../model';

/** What the credential must be able to do; `authenticated`: any credential that works. */
export type Need = Capability | 'authenticated';

/** The resources operations belong to; each dialect names them (its document's tags). */
export type Resource =
  | 'accounts'
  | 'keys'
  | 'audit'
  | 'workspaces'
  | 'usage'
  | 'caller'
  | 'organizations'
  | 'federatedCredentials'
  | 'roles'
  | 'groups'
  | 'members'
  | 'permissions'
  | 'logs'
  | 'policy'
  | 'webhooks';

export interface CatalogueEntry<Input, Result> {
  /** Unique in a dialect's document and kept stable: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  /** What a caller needs to know beyond the summary, in the core's words. */
  description: string;
  needs: Need;
  /**
   * Only a caller whose account has one of these roles (the organization's settings: the credential
   * policy and webhooks). Refused with `needs`, before the body is read; the core checks it too.
   */
  roles?: readonly Role[];
  resource: Resource;
  /**
   * The call takes the version the caller read (`expectedVersion`, from If-Match; undefined: any),
   * and a stale one is PRECONDITION_FAILED. Only these entries are given one.
   */
  ifMatch?: boolean;
  /** The one core call. */
  run(core: IamCore, principal: Principal, input: Input, expectedVersion?: number): Promise<Result>;
  /**
   * What the core finds wrong in an input made from the fields the schema accepted, so one error
   * names every problem of a request. Reads, never writes.
   */
  problems?(core: IamCore, principal: Principal, input: Input): Promise<FieldError[]>;
}

/** Declares an entry with its input and result types checked against its core call. */
export const entry = <Input, Result>(e: CatalogueEntry<Input, Result>): CatalogueEntry<Input, Result> => e;
