// Every v1 route, behind the X-Org-ID check.
import { Router } from 'express';
import type { AppContext } from '../../src/http/context';
import { apiKeyRoutes } from './api-key-routes';
import { requireOwnOrgHeader } from './org-header';
import { serviceAccountRoutes } from './service-account-routes';

export function v1Routes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireOwnOrgHeader);
  r.use(serviceAccountRoutes(ctx));
  r.use(apiKeyRoutes(ctx));
  return r;
}
