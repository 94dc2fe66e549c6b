// Legacy clients may name the organization they mean in `X-Org-ID`. A key acts only in its own
// organization, so naming another one is refused rather than silently ignored.
import { forbidden } from '../../src/core/errors';
import type { Guard } from '../../src/http/dialect';

export const requireOwnOrgHeader: Guard = (request, principal) => {
  const named = request.headers['x-org-id'];
  // Node joins a repeated X-Org-ID into one value; it then names no organization.
  const value = Array.isArray(named) ? named.join(', ') : named;
  if (value !== undefined && value.trim().toLowerCase() !== principal.organizationId) {
    throw forbidden('X-Org-ID names an organization this credential does not belong to');
  }
};
