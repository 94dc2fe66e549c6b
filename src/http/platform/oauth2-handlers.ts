// The OAuth2 endpoints' handlers (the rows are in oauth2.ts): token (RFC 6749 §4.4; and RFC 8693 /
// RFC 7523 for outside OIDC tokens, federation-grant.ts), introspection (RFC 7662) and revocation
// (RFC 7009). Errors use RFC 6749 §5.2's `{error, error_description}`.
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { parseAuthorization, type ClientCredential } from '../../auth/authenticator';
import { OAuthError } from '../../auth/token-service';
import type { Principal } from '../../core/authorization';
import { DomainError } from '../../core/errors';
import { clientAddress } from '../authenticate';
import type { AppContext } from '../context';
import { logUnexpected, WWW_AUTHENTICATE } from '../error-handler';
import { idempotency } from '../idempotency/middleware';
import { BODY_LIMIT_BYTES, depthError } from '../json-body';
import { publicOrigin } from '../public-origin';
import { exchangeGrant, FEDERATED_GRANTS } from './federation-grant';
import { FORM, JSON_TYPE, type PlatformDeps } from './route';

/** What every /oauth2 request goes through: no caching, and the form (or JSON) body read and bounded. */
export function oauth2Layers(): RequestHandler[] {
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES, type: FORM, parameterLimit: 50 });
  const json = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPE });
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    next();
  };
  // The same depth bound as the dialects' bodies (json-body.ts): the idempotency fingerprint stringifies it.
  const shallow: RequestHandler = (req, _res, next) => next(depthError(req.body));
  return [noStore, requireFormOrJson, form, json, shallow];
}

/** A path under /oauth2 that is no endpoint. */
export const unknownOAuth2Endpoint: RequestHandler = (_req, _res, next) =>
  next(new OAuthError('invalid_request', 'Unknown OAuth2 endpoint', 404));

export function tokenHandler({ ctx }: PlatformDeps): RequestHandler {
  const tokenIdempotency = idempotency(ctx.store, ctx.sealer, ctx.clock, 'oauth2');
  return async (req, res) => {
    const body = params(req);
    const grant = body.grant_type;
    if (grant === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (typeof grant === 'string' && FEDERATED_GRANTS.includes(grant)) {
      const sent = req.get('authorization') !== undefined || body.client_secret !== undefined;
      await exchangeGrant(ctx, req, res, body, sent ? clientCredential(req, body) : null, issuer(req));
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
    const issued = await ctx.tokens.issue(client, body.scope as string | undefined, issuer(req));
    res.json({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope });
  };
}

export function introspectHandler({ ctx }: PlatformDeps): RequestHandler {
  return async (req, res) => {
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
      iss: issuer(req),
      jti: c.jti,
      organization_id: c.orgId,
    });
  };
}

export function revokeHandler({ ctx }: PlatformDeps): RequestHandler {
  return async (req, res) => {
    const body = params(req);
    const caller = await callerOf(ctx, req, body);
    if (typeof body.token !== 'string' || !body.token) throw new OAuthError('invalid_request', 'token is required');
    await ctx.tokens.revoke(caller, body.token);
    res.status(200).end();
  };
}

/** PUBLIC_URL, else what TRUST_PROXY lets through, else the address reached (public-origin.ts): never a bare Host header. */
export function issuer(req: Request): string {
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

export const renderOAuthError =
  ({ ctx }: PlatformDeps): ErrorRequestHandler =>
  (err, req, res, _next) =>
    renderOAuthErrorOf(ctx, err, req, res);

function renderOAuthErrorOf(ctx: AppContext, err: unknown, req: Request, res: Response): void {
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
