// OAuth2 endpoints: token (RFC 6749 §4.4; and RFC 8693 / RFC 7523 for outside OIDC tokens,
// federation-grant.ts), introspection (RFC 7662), revocation (RFC 7009), server
// metadata (RFC 8414, also at the OpenID discovery path) and the token signing keys (JWKS). Errors
// use RFC 6749 §5.2's `{error, error_description}`.
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { parseAuthorization, type ClientCredential } from '../auth/authenticator';
import { OAuthError } from '../auth/token-service';
import type { Principal } from '../core/authorization';
import { DomainError } from '../core/errors';
import { clientAddress } from './authenticate';
import type { AppContext } from './context';
import { logUnexpected, WWW_AUTHENTICATE } from './error-handler';
import { idempotency } from './idempotency/middleware';
import { BODY_LIMIT_BYTES, depthError } from './json-body';
import { exchangeGrant, FEDERATED_GRANTS } from './federation-grant';
import { publicOrigin } from './public-origin';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
/** Only these paths enter the router: every other request skips its layers (they cost each request). */
const OURS = /^\/(?:oauth2|\.well-known)(?:[/?]|$)/i;

export function oauthRoutes(ctx: AppContext): RequestHandler {
  const r = Router();
  const tokenIdempotency = idempotency(ctx.store, ctx.sealer, ctx.clock, 'oauth2');
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES, type: FORM, parameterLimit: 50 });
  const json = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPE });
  const noStore = (_req: Request, res: Response, next: () => void) => {
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    next();
  };
  // The same depth bound as the dialects' bodies (json-body.ts): the idempotency fingerprint stringifies it.
  const shallow = (req: Request, _res: Response, next: (err?: unknown) => void) => next(depthError(req.body));
  r.use('/oauth2', noStore, requireFormOrJson, form, json, shallow);

  r.post('/oauth2/token', async (req, res) => {
    const body = params(req);
    const grant = body.grant_type;
    if (grant === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (typeof grant === 'string' && FEDERATED_GRANTS.includes(grant)) {
      const sent = req.get('authorization') !== undefined || body.client_secret !== undefined;
      await exchangeGrant(ctx, req, res, body, sent ? clientCredential(req, body) : null, issuer(ctx, req));
      return;
    }
    if (grant !== 'client_credentials')
      throw new OAuthError('unsupported_grant_type', `grant_type must be client_credentials, ${FEDERATED_GRANTS.join(' or ')}`);
    if (body.scope !== undefined && typeof body.scope !== 'string') throw new OAuthError('invalid_request', 'scope must be a string');
    const credential = clientCredential(req, body);
    const address = clientAddress(req);
    await ctx.limiter.hit('token', ctx.limiter.subjects(address, credential.clientId ?? '-'));
    const client = await ctx.authenticator.authenticateClient(credential, address);
    // Idempotency-Key is honoured only after the client proved who it is, so a replay (which holds
    // a token) goes to no one else.
    req.principal = client.principal;
    let proceed = false;
    await tokenIdempotency(req, res, () => {
      proceed = true;
    });
    if (!proceed) return;
    const issued = await ctx.tokens.issue(client, body.scope as string | undefined, issuer(ctx, req));
    res.json({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope });
  });

  r.post('/oauth2/introspect', async (req, res) => {
    const body = params(req);
    const caller = await callerOf(ctx, req, body);
    if (typeof body.token !== 'string' || !body.token) throw new OAuthError('invalid_request', 'token is required');
    const result = await ctx.tokens.introspect(caller, body.token);
    if (!result.active || !result.claims) {
      res.json({ active: false });
      return;
    }
    const c = result.claims;
    res.json({
      active: true,
      scope: (result.scopes ?? []).join(' '),
      client_id: result.clientId,
      token_type: 'Bearer',
      exp: c.exp,
      iat: c.iat,
      sub: c.accountId,
      iss: issuer(ctx, req),
      jti: c.jti,
      organization_id: c.orgId,
    });
  });

  r.post('/oauth2/revoke', async (req, res) => {
    const body = params(req);
    const caller = await callerOf(ctx, req, body);
    if (typeof body.token !== 'string' || !body.token) throw new OAuthError('invalid_request', 'token is required');
    await ctx.tokens.revoke(caller, body.token);
    res.status(200).end();
  });

  // RFC 8414; OpenID Connect discovery's path too, which is where most clients look by default.
  const metadata = (req: Request, res: Response) => {
    const base = issuer(ctx, req);
    res.json({
      issuer: base,
      token_endpoint: `${base}/oauth2/token`,
      introspection_endpoint: `${base}/oauth2/introspect`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials', ...FEDERATED_GRANTS],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      // Only methods registered with IANA (RFC 8414 §2): a Bearer caller is accepted too, but is no client authentication method.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['service-accounts:read', 'service-accounts:write'],
      service_documentation: `${base}/docs`,
    });
  };
  r.get('/.well-known/oauth-authorization-server', metadata);
  r.get('/.well-known/openid-configuration', metadata);
  // The public keys of TOKEN_FORMAT=jwt tokens (and the next key, published before it signs).
  r.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(ctx.tokens.jwks());
  });

  r.use('/oauth2', (_req: Request, _res: Response, next: (err?: unknown) => void) =>
    next(new OAuthError('invalid_request', 'Unknown OAuth2 endpoint', 404)),
  );
  r.use('/oauth2', (err: unknown, req: Request, res: Response, _next: unknown) => renderOAuthError(ctx, err, req, res));
  return (req: Request, res: Response, next: NextFunction) => (OURS.test(req.url) ? r(req, res, next) : next());
}

/** PUBLIC_URL, else what TRUST_PROXY lets through, else the address reached (public-origin.ts): never a bare Host header. */
export function issuer(_ctx: AppContext, req: Request): string {
  return publicOrigin(req);
}

function params(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function requireFormOrJson(req: Request, _res: Response, next: (err?: unknown) => void): void {
  if (req.method !== 'POST') return next();
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== FORM && type !== JSON_TYPE) return next(new OAuthError('invalid_request', `Send the parameters as ${FORM} (or JSON)`, 415));
  next();
}

/** Client authentication: HTTP Basic or client_id/client_secret in the body, never both (RFC 6749 §2.3). */
function clientCredential(req: Request, body: Record<string, unknown>): ClientCredential {
  const header = req.get('authorization');
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (header && inBody) throw new OAuthError('invalid_request', 'Use one client authentication method, not two');
  if (header) {
    if (!/^basic /i.test(header)) throw new OAuthError('invalid_client', 'Authenticate with HTTP Basic or client_id/client_secret', 401);
    try {
      const parsed = parseAuthorization(header);
      if ('secret' in parsed && parsed.clientId !== undefined) return parsed;
    } catch {
      // malformed Basic credentials: fall through to invalid_client
    }
    throw new OAuthError('invalid_client', 'Malformed Basic credentials', 401);
  }
  if (typeof body.client_id !== 'string' || typeof body.client_secret !== 'string') {
    throw new OAuthError('invalid_client', 'Client authentication is required', 401);
  }
  return { clientId: body.client_id, secret: body.client_secret };
}

/** Introspection and revocation callers: a Bearer token or secret, Basic, or body credentials. */
async function callerOf(ctx: AppContext, req: Request, body: Record<string, unknown>): Promise<Principal> {
  const address = clientAddress(req);
  const header = req.get('authorization');
  const caller =
    header && /^bearer /i.test(header)
      ? await ctx.authenticator.authenticate(header, address)
      : (await ctx.authenticator.authenticateClient(clientCredential(req, body), address)).principal;
  req.principal = caller; // the caller's request log (request-log/capture.ts)
  return caller;
}

function renderOAuthError(ctx: AppContext, err: unknown, req: Request, res: Response): void {
  let e: OAuthError;
  if (err instanceof OAuthError) e = err;
  else if (err instanceof DomainError && err.code === 'UNAUTHORIZED')
    e = new OAuthError('invalid_client', 'Client authentication failed', 401);
  else if (err instanceof DomainError && (err.code === 'CONFLICT' || err.code === 'VALIDATION_ERROR')) {
    e = new OAuthError(
      'invalid_request',
      err.fields.map((f) => `${f.field} ${f.message}`).join('; ') || err.message,
      err.code === 'CONFLICT' ? 409 : 400,
    );
  } else if (err instanceof DomainError && err.code === 'RATE_LIMITED') {
    res.set('Retry-After', String(err.retryAfterSeconds ?? 60));
    e = new OAuthError('slow_down', err.message, 429);
  } else if (err instanceof DomainError && err.code === 'UNAVAILABLE') {
    res.set('Retry-After', String(err.retryAfterSeconds ?? 30));
    e = new OAuthError('temporarily_unavailable', err.message, 503);
  } else {
    const kind = (err as { type?: string })?.type;
    if (kind === 'entity.too.large') e = new OAuthError('invalid_request', 'The body is too large', 413);
    else if (kind === 'entity.parse.failed' || (err as { status?: number })?.status === 400)
      e = new OAuthError('invalid_request', 'The body could not be parsed');
    else {
      logUnexpected(ctx.logger, err, req.requestId, res);
      e = new OAuthError('server_error', 'An unexpected error occurred', 500);
    }
  }
  if (e.status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
  res.status(e.status).json({ error: e.error, error_description: e.description });
}
