import type { RequestHandler } from 'express';
import { notFound } from '../../src/core/errors';
import { principalOf } from '../../src/http/context';
import { canonicalId } from '../../src/http/path-ids';

/** `{orgId}` in the path must be the caller's own organization; any other is "not found" (never 403). */
export const requireCallersOrganization: RequestHandler = (req, _res, next) => {
  if (canonicalId(String(req.params.orgId)) !== principalOf(req).organizationId) throw notFound('Organization');
  next();
};
