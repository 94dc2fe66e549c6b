import type { Request, RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator';

/**
 * Every dialect route needs a caller; the credential forms are the same everywhere. A dialect may
 * name headers that carry a secret or an access token bare (v3's X-Session-Token): they follow the
 * rules of `Authorization: Bearer`, which wins when both are sent.
 */
export function authenticate(authenticator: Authenticator, dialect: string, credentialHeaders: readonly string[] = []): RequestHandler {
  return async (req, _res, next) => {
    const address = clientAddress(req);
    const principal = await authenticator.authenticate(authorizationOf(req, credentialHeaders), address);
    // Dialect, request id, address and user agent travel with the caller so the audit log can name them.
    const userAgent = req.get('user-agent');
    req.principal = { ...principal, via: { dialect, requestId: req.requestId, clientIp: address, ...(userAgent ? { userAgent } : {}) } };
    next();
  };
}

function authorizationOf(req: Request, credentialHeaders: readonly string[]): string | undefined {
  const authorization = req.get('authorization');
  if (authorization !== undefined) return authorization;
  for (const name of credentialHeaders) {
    const value = req.get(name);
    if (value !== undefined) return `Bearer ${value.trim().replace(/^bearer\s+/i, '')}`;
  }
  return undefined;
}

/** The peer address (behind a proxy, configure express's trust proxy to use X-Forwarded-For). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
