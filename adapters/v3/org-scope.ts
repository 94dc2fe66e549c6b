import { notFound } from '../../src/core/errors';
import type { Guard } from '../../src/http/dialect';

/** `{orgId}` in the path must be the caller's own organization; any other is "not found" (never 403). */
export const requireCallersOrganization: Guard = ({ params }, principal) => {
  if (params.orgId !== undefined && params.orgId !== principal.organizationId) throw notFound('Organization');
};
