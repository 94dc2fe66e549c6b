import { Router } from 'express';
import type { AppContext } from '../../src/http/context';
import { accountRoutes } from './account-routes';
import { keyRoutes } from './key-routes';
import { logRoutes } from './log-routes';
import { requireCallersOrganization } from './org-scope';

/** Every v3 route, behind the check that `{orgId}` is the caller's organization. */
export function v3Routes({ core }: AppContext): Router {
  const r = Router({ mergeParams: true });
  r.use(requireCallersOrganization);
  r.use(accountRoutes(core));
  r.use(keyRoutes(core));
  r.use(logRoutes(core));
  return r;
}
