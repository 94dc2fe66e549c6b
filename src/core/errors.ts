// The one error family the core (and the HTTP plumbing) throws; each dialect renders it.

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'PRECONDITION_FAILED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_ACCEPTABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'GONE'
  | 'UNAVAILABLE'
  | 'INTERNAL_ERROR';

export interface FieldError {
  /** The field as the client named it, dotted (`workspaceAssignments[0].role`). */
  field: string;
  message: string;
  /** JSON pointer into the request body, when known (JSON:API `source.pointer`). */
  pointer?: string;
  /** A query parameter rather than a body field (JSON:API `source.parameter`). */
  parameter?: string;
}

export class DomainError extends Error {
  /** For RATE_LIMITED and UNAVAILABLE: when the client may try again. */
  retryAfterSeconds?: number;
  /** Nothing is wrong with the request and a retry may well succeed (a lost race, overload). */
  transient?: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function rateLimited(retryAfterSeconds: number): DomainError {
  const err = new DomainError('RATE_LIMITED', `Too many requests; retry in ${retryAfterSeconds} s`);
  err.retryAfterSeconds = retryAfterSeconds;
  err.transient = true;
  return err;
}

/** The store cannot take changes now (disk full, read-only, unreachable); the request is not acknowledged. */
export function unavailable(retryAfterSeconds: number, message = 'The service cannot store changes right now; retry later'): DomainError {
  const err = new DomainError('UNAVAILABLE', message);
  err.retryAfterSeconds = retryAfterSeconds;
  err.transient = true;
  return err;
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, fields: FieldError[] = []) => new DomainError('CONFLICT', message, fields);
/** A 409 that says "retry": the request lost a race, nothing about it is wrong. */
export const raceLost = (message: string) => Object.assign(conflict(message), { transient: true });
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const unauthorized = (message = 'Authentication required') => new DomainError('UNAUTHORIZED', message);
export const invalid = (fields: FieldError[], message = 'The request is not valid') => new DomainError('VALIDATION_ERROR', message, fields);
/** 422: the request is well formed but names something this server cannot act on (v3: a user as a group member). */
export const unprocessable = (message: string, fields: FieldError[] = []) => new DomainError('UNPROCESSABLE', message, fields);
export const invalidField = (field: string, message: string) => invalid([{ field, message }]);
