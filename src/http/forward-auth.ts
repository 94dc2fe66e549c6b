// GET /auth/verify: forward authentication for a gateway in front of other services (nginx
// auth_request, Traefik ForwardAuth, Envoy ext_authz HTTP). 200 with identity headers, 401 or 403.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { usableScopes } from '../core/authorization';
import { DomainError } from '../core/errors';
import { clientAddress } from './authenticate';
import type { AppContext } from './context';
import { logUnexpected, WWW_AUTHENTICATE } from './error-handler';

export function forwardAuthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.all('/auth/verify', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const principal = await ctx.authenticator.authenticate(req.get('authorization'), clientAddress(req));
    const required = typeof req.query.scope === 'string' ? req.query.scope.split(' ').filter(Boolean) : [];
    const held = usableScopes(principal);
    const missing = required.filter((s) => !held.includes(s));
    if (missing.length) {
      res.set('WWW-Authenticate', `Bearer realm="iamgate", error="insufficient_scope", scope="${required.join(' ')}"`);
      res.status(403).json({ error: 'insufficient_scope', error_description: `Missing scope: ${missing.join(' ')}` });
      return;
    }
    res.set({
      'X-Auth-Account-Id': principal.accountId,
      'X-Auth-Org-Id': principal.organizationId,
      'X-Auth-Role': principal.role,
      'X-Auth-Key-Id': principal.keyId,
      'X-Auth-Scopes': held.join(' '),
    });
    res.status(200).json({ active: true, accountId: principal.accountId, organizationId: principal.organizationId, role: principal.role, scopes: held });
  });
  r.use('/auth/verify', (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof DomainError && err.code === 'RATE_LIMITED' ? 429 : err instanceof DomainError && err.code === 'UNAUTHORIZED' ? 401 : 500;
    if (status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
    if (status === 429) res.set('Retry-After', String((err as DomainError).retryAfterSeconds ?? 60));
    if (status === 500) logUnexpected(ctx.logger, err, _req.requestId);
    res.status(status).json({ error: status === 401 ? 'invalid_token' : status === 429 ? 'rate_limited' : 'server_error' });
  });
  return r;
}
