// GET /auth/verify: forward authentication for a gateway in front of other services (nginx
// auth_request, Traefik ForwardAuth, Envoy ext_authz HTTP). 200 with identity headers, 401 or 403.
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { usableScopes } from '../core/authorization';
import { DomainError } from '../core/errors';
import { LIMITS, PERMISSION_PATTERN } from '../core/rules';
import { clientAddress } from './authenticate';
import type { AppContext } from './context';
import { toDomainError, WWW_AUTHENTICATE } from './error-handler';
import { HTTP_STATUS } from './status';

/** `error` by status: RFC 6750 §3.1's codes, RFC 6749's temporarily_unavailable, and rate_limited as before. */
const BEARER_ERROR: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'insufficient_scope',
  429: 'rate_limited',
  503: 'temporarily_unavailable',
};

/**
 * `?scope=` is space-separated permissions. It is checked before anything else: it ends up inside
 * `WWW-Authenticate`, where a quote or a line break would forge parameters or break the response.
 */
function requiredScopes(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'string') throw new DomainError('BAD_REQUEST', 'scope must be given once, as space-separated permissions');
  const scopes = raw.split(' ').filter(Boolean);
  if (scopes.some((s) => s.length > LIMITS.permission || !PERMISSION_PATTERN.test(s))) {
    throw new DomainError('BAD_REQUEST', 'scope must be space-separated permissions like "service-accounts:read"');
  }
  return scopes;
}

/** Only this path enters the router: every other request skips its layers. */
const OURS = /^\/auth\/verify(?:[/?]|$)/i;

export function forwardAuthRoutes(ctx: AppContext): RequestHandler {
  const r = Router();
  // Envoy's ext_authz appends the original path (`/auth/verify/reports/1`): the suffix is accepted and ignored.
  r.all(['/auth/verify', '/auth/verify/*path'], async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const required = requiredScopes(req.query.scope);
    const principal = await ctx.authenticator.authenticate(req.get('authorization'), clientAddress(req));
    req.principal = principal; // the caller's request log (request-log/capture.ts)
    const held = usableScopes(principal);
    const missing = required.filter((s) => !held.includes(s));
    if (missing.length) {
      res.set('WWW-Authenticate', `Bearer realm="iamgate", error="insufficient_scope", scope="${required.join(' ')}"`);
      res.status(403).json({ error: 'insufficient_scope', error_description: `Missing scope: ${missing.join(' ')}` });
      return;
    }
    res.setHeader('X-Auth-Account-Id', principal.accountId);
    res.setHeader('X-Auth-Org-Id', principal.organizationId);
    res.setHeader('X-Auth-Role', principal.role);
    res.setHeader('X-Auth-Key-Id', principal.keyId);
    res.setHeader('X-Auth-Scopes', held.join(' '));
    // Gateways read the status and the headers only: the 200 has no body (issue 19).
    res.status(200).end();
  });
  r.use('/auth/verify', (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Every core error keeps its status (a 503 with Retry-After stays one); toDomainError logs the unexpected.
    const domain = toDomainError(err, req.requestId, ctx.logger, res);
    const status = HTTP_STATUS[domain.code] ?? 500;
    if (status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
    if (domain.retryAfterSeconds !== undefined) res.set('Retry-After', String(domain.retryAfterSeconds));
    const error = BEARER_ERROR[status] ?? (status < 500 ? 'invalid_request' : 'server_error');
    res.status(status).json(status === 500 ? { error } : { error, error_description: domain.message });
  });
  return (req, res, next) => (OURS.test(req.url) ? r(req, res, next) : next());
}
