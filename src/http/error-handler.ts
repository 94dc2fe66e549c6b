// The last stop of every dialect router: turn anything thrown into a DomainError and let the
// dialect render it. Unexpected errors are logged without their details reaching the client.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import { DomainError } from '../core/errors';
import type { Dialect } from './dialect';

export const WWW_AUTHENTICATE = 'Basic realm="iamgate", Bearer realm="iamgate"';

/** Any thrown value as a DomainError; unexpected ones are logged (name and message only). */
export function toDomainError(err: unknown, requestId: string, logger?: Logger): DomainError {
  if (err instanceof DomainError) return err;
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new DomainError(status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', 'The request could not be understood');
  }
  logUnexpected(logger, err, requestId);
  return new DomainError('INTERNAL_ERROR', 'An unexpected error occurred');
}

/** Name and message only: driver errors can carry query parameters, which may hold hashes. */
export function logUnexpected(logger: Logger | undefined, err: unknown, requestId: string): void {
  const e = err as Error;
  const line = { requestId, error: e?.name, message: String(e?.message ?? e).slice(0, 500) };
  if (logger) logger.error(line, 'unexpected error');
  else process.stderr.write(`${JSON.stringify(line)}\n`);
}

export function dialectErrorHandler(dialect: Dialect, logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const domain = toDomainError(err, req.requestId, logger);
    if (domain.code === 'UNAUTHORIZED') res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
    if (domain.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(domain.retryAfterSeconds));
    dialect.renderError(domain, req, res);
  };
}
