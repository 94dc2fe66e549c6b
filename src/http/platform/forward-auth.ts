// GET /auth/verify, the forward-authentication row of the platform table: for a gateway in front of
// other services (nginx auth_request, Traefik ForwardAuth, Envoy ext_authz HTTP). 200 with identity
// headers, 401 or 403, in RFC 6750's terms. Its handler writes headers only a gateway reads, so it
// stays an express handler; the row holds what the document says of it.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { verifyError } from '../../../schemas/platform/schemas';
import { usableScopes } from '../../core/authorization';
import { DomainError } from '../../core/errors';
import { LIMITS, PERMISSION_PATTERN } from '../../core/rules';
import { clientAddress } from '../authenticate';
import { toDomainError, WWW_AUTHENTICATE } from '../error-handler';
import { HTTP_STATUS } from '../status';
import type { PlatformDeps, PlatformRoute, PlatformSection } from './route';

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

function verifyHandler({ ctx }: PlatformDeps): RequestHandler {
  return async (req, res) => {
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
  };
}

function verifyErrors({ ctx }: PlatformDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Every core error keeps its status (a 503 with Retry-After stays one); toDomainError logs the unexpected.
    const domain = toDomainError(err, req.requestId, ctx.logger, res);
    const status = HTTP_STATUS[domain.code] ?? 500;
    if (status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
    if (domain.retryAfterSeconds !== undefined) res.set('Retry-After', String(domain.retryAfterSeconds));
    const error = BEARER_ERROR[status] ?? (status < 500 ? 'invalid_request' : 'server_error');
    res.status(status).json(status === 500 ? { error } : { error, error_description: domain.message });
  };
}

export const FORWARD_AUTH: PlatformSection = {
  tag: {
    name: 'Forward authentication',
    description: 'For a gateway (nginx auth_request, Traefik ForwardAuth, Envoy ext_authz) in front of other services.',
  },
  prefix: '/auth/verify',
  errors: {
    schema: verifyError,
    shape: 'forward-auth refusal',
    handler: verifyErrors,
    responses: {
      400: { name: 'VerifyBadRequest', error: 'invalid_request', description: '`scope` is not space-separated permissions given once.' },
      401: {
        name: 'VerifyUnauthorized',
        error: 'invalid_token',
        description: 'No credential, or one that does not work.',
        headers: ['WWW-Authenticate'],
      },
      403: {
        name: 'VerifyForbidden',
        error: 'insufficient_scope',
        description: 'The credential works but lacks a scope `scope` names.',
        headers: ['WWW-Authenticate'],
      },
      429: {
        name: 'VerifyTooManyRequests',
        error: 'rate_limited',
        description: 'Too many failed authentications from this address.',
        headers: ['Retry-After'],
      },
      500: {
        name: 'VerifyServerError',
        error: 'server_error',
        description: 'Something unexpected went wrong (no `error_description`).',
        bare: true,
      },
      503: {
        name: 'VerifyUnavailable',
        error: 'temporarily_unavailable',
        description: 'The database cannot answer right now.',
        headers: ['Retry-After'],
      },
    },
  },
};

export const verify: PlatformRoute = {
  method: 'get',
  path: '/auth/verify',
  section: FORWARD_AUTH,
  summary: 'Check the credential of a request a gateway is about to pass on',
  operationId: 'verify',
  description:
    "Answers from the request's `Authorization` (a key secret or access token as Bearer, or Basic): 200 with the caller in " +
    '`X-Auth-*` headers and no body, when the credential works and can use every scope `scope` names; else 401 or 403. Any method is ' +
    'answered the same, and a path suffix (`/auth/verify/reports/1`, as Envoy appends) is ignored. Strip client-sent `X-Auth-*` ' +
    'headers before adding these.',
  security: [{ apiKey: [] }, { clientBasic: [] }, { oauth2: [] }],
  parameters: [
    {
      name: 'scope',
      in: 'query',
      required: false,
      schema: { type: 'string' },
      example: 'service-accounts:read',
      description: 'Space-separated permissions the credential must be able to use (`reports:read billing:read`).',
    },
  ],
  responses: {
    200: {
      description: 'The credential works and holds every scope asked for (no body).',
      headers: ['Cache-Control', 'X-Auth-Account-Id', 'X-Auth-Org-Id', 'X-Auth-Role', 'X-Auth-Key-Id', 'X-Auth-Scopes'],
    },
  },
  errors: [400, 401, 403, 429, 500, 503],
  anyMethod: true,
  anySuffix: true,
  handlers: (deps) => [verifyHandler(deps)],
};
