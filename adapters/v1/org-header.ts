// Legacy clients may name the organization they mean in `X-Org-ID`. A key acts only in its own
// organization, so naming another one is refused rather than silently ignored.
import { forbidden } from '../../src/core/errors';
import type { Guard } from '../../src/http/dialect';

export const requireOwnOrgHeader: Guard = ({ req, principal }) => {
  const named = req.get('x-org-id');
  if (named !== undefined && named.trim().toLowerCase() !== principal.organizationId) {
    throw forbidden('X-Org-ID names an organization this credential does not belong to');
  }
};
