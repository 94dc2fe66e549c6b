// Legacy clients may name the organization they mean in `X-Org-ID`. A key acts only in its own
// organization, so naming another one is refused rather than silently ignored.
import type { RequestHandler } from 'express';
import { forbidden } from '../../src/core/errors';
import { principalOf } from '../../src/http/context';

export const requireOwnOrgHeader: RequestHandler = (req, _res, next) => {
  const named = req.get('x-org-id');
  if (named !== undefined && named.trim().toLowerCase() !== principalOf(req).organizationId) {
    throw forbidden('X-Org-ID names an organization this credential does not belong to');
  }
  next();
};
