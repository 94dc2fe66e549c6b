import type { RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator';

/** Every dialect route needs a caller; the credential forms are the same everywhere. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    req.principal = await authenticator.authenticate(req.get('authorization'));
    next();
  };
}
