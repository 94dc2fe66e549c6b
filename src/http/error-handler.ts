// The last stop of every dialect router: turn anything thrown into a DomainError and let the
// dialect render it. Unexpected errors are logged without their details reaching the client.
import type { ErrorRequestHandler, Response } from 'express';
import { errorFields, type Logger } from '../observability/logger';
import { DomainError } from '../core/errors';
import { accessLogged } from './access-log';
import type { Dialect } from './dialect';
import { HTTP_STATUS, REASON } from './status';
import { wireRequestOf, writeWire } from './kernel/express-wire';

export const WWW_AUTHENTICATE = 'Basic realm="iamgate", Bearer realm="iamgate"';

/** Any thrown value as a DomainError; unexpected ones are logged (logUnexpected; `res`: on its request's line). */
export function toDomainError(err: unknown, requestId: string, logger?: Logger, res?: Response): DomainError {
  if (err instanceof DomainError) return err;
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new DomainError(status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', 'The request could not be understood');
  }
  logUnexpected(logger, err, requestId, res);
  return new DomainError('INTERNAL_ERROR', 'An unexpected error occurred');
}

/**
 * Logs an unexpected error as `err` with its stack (errorFields: type, message and stack only, since
 * driver errors carry query parameters, which may hold hashes). Given the response that answers it,
 * the error goes on that request's access log line ("request errored", as pino-http does with
 * res.err), so a 500 is one line; only a response that never finishes (the client went away) gets a
 * line of its own here.
 */
export function logUnexpected(logger: Logger | undefined, err: unknown, requestId: string, res?: Response): void {
  if (logger && res && accessLogged(res)) {
    res.err = err;
    const aborted = () => {
      if (!res.writableFinished) logger.error({ req: { id: requestId }, err }, 'request aborted');
    };
    if (res.destroyed) aborted();
    else res.once('close', aborted);
    return;
  }
  if (logger) logger.error({ req: { id: requestId }, err }, 'unexpected error');
  else process.stderr.write(`${JSON.stringify({ req: { id: requestId }, err: errorFields(err) })}\n`);
}

export function dialectErrorHandler(dialect: Pick<Dialect, 'serializeError'>, logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const domain = toDomainError(err, req.requestId, logger, res);
    // The idempotency middleware releases the key of an answer that says "retry" instead of replaying it.
    if (domain.transient) res.locals.transientAnswer = true;
    if (domain.code === 'UNAUTHORIZED') res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
    if (domain.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(domain.retryAfterSeconds));
    writeWire(res, dialect.serializeError(domain, wireRequestOf(req)));
  };
}

/**
 * The app's last error handler. An error can escape every dialect router: express decodes the v3
 * base path's `{orgId}` before the v3 router runs, so `/v3/orgs/%ZZ/iam/…` failed outside it and got
 * express's HTML page with a stack trace. Now the dialect whose base path the request is under
 * renders it, and anything else gets a problem document.
 */
export function unroutedErrorHandler(dialects: Dialect[], logger?: Logger): ErrorRequestHandler {
  const handlers = dialects.map((d) => ({ under: pathsUnder(d.basePath), handle: dialectErrorHandler(d, logger) }));
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const dialect = handlers.find((h) => h.under.test(req.path));
    if (dialect) return dialect.handle(err, req, res, next);
    const domain = toDomainError(err, req.requestId, logger, res);
    const status = HTTP_STATUS[domain.code];
    if (domain.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(domain.retryAfterSeconds));
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: REASON[status] ?? 'Error',
        status,
        detail: domain.message,
        requestId: req.requestId,
      });
  };
}

/** `/v3/orgs/:orgId/iam` → the paths at or below it, whatever the parameter holds. */
function pathsUnder(basePath: string): RegExp {
  const source = basePath
    .split('/')
    .map((s) => (s.startsWith(':') ? '[^/]*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}(?:/|$)`, 'i');
}
