import type { Request, RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator';

/** Every dialect route needs a caller; the credential forms are the same everywhere. */
export function authenticate(authenticator: Authenticator, dialect: string): RequestHandler {
  return async (req, _res, next) => {
    const principal = await authenticator.authenticate(req.get('authorization'), clientAddress(req));
    // The dialect and request id travel with the caller so the audit log can name them.
    req.principal = { ...principal, via: { dialect, requestId: req.requestId } };
    next();
  };
}

/** The peer address (behind a proxy, configure express's trust proxy to use X-Forwarded-For). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
