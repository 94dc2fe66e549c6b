// Leaked secrets revoke themselves (issue 30): the handlers of two platform routes that need no
// credential (the rows are in leaked-secrets.ts).
// - POST /secret-scanning/github: a secret-scanning report in GitHub's partner format, signed by
//   GitHub (src/auth/partner-keys.ts); 404 unless SECRET_SCANNING_GITHUB_KEYS names its keys.
// - POST /credentials/revoke: anyone who finds a leaked secret sends it; always 202 `{}`.
// The body is bounded (64 KiB, 100 candidates) and the signature checked before any work; the
// candidates are checked within the bcrypt budget (src/auth/leak-finder.ts), all of them before
// the core revokes the live ones in one transaction, so a refused request changes nothing. Errors
// are `{error, error_description}` like the other platform routes.
import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import * as s from '../../../schemas/platform/leak-reports';
import { LeakFinder } from '../../auth/leak-finder';
import { loadPartnerKeys } from '../../auth/partner-keys';
import type { Reporter } from '../../core/audit';
import { DomainError, unauthorized } from '../../core/errors';
import { clientAddress } from '../authenticate';
import { toDomainError } from '../error-handler';
import { BODY_LIMIT_BYTES, depthError } from '../json-body';
import { HTTP_STATUS } from '../status';
import { compile } from '../validator';
import type { PlatformDeps } from './route';

const readReport = compile<s.SecretScanningReport>(s.secretScanningReport);
const readRevocation = compile<s.PublicRevocationRequest>(s.publicRevocationRequest);

const ERROR_CODES: Record<number, string> = {
  401: 'invalid_signature',
  404: 'not_found',
  429: 'rate_limited',
  503: 'temporarily_unavailable',
};

const reporter = (req: Request, principalType: Reporter['principalType']): Reporter => ({
  principalType,
  requestId: req.requestId,
  clientIp: clientAddress(req),
  userAgent: req.get('user-agent'),
});

/** Every request of the section: neither answer nor refusal may be cached. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function secretScanningHandlers({ ctx }: PlatformDeps): RequestHandler[] {
  const github = ctx.config.secretScanningGithubKeys ? loadPartnerKeys(ctx.config.secretScanningGithubKeys) : null;
  const finder = new LeakFinder(ctx.authenticator, ctx.limiter, ctx.clock);
  return [
    (_req, _res, next) => next(github ? undefined : new DomainError('NOT_FOUND', 'Secret scanning is not configured on this server')),
    // The raw bytes: the signature is over them, so nothing is parsed before it verifies.
    express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!github!.verifies(req.get('github-public-key-identifier'), req.get('github-public-key-signature'), body)) {
        throw unauthorized('The report is not signed by a key in SECRET_SCANNING_GITHUB_KEYS');
      }
      const findings = readReport(parseJson(body));
      const live = await finder.liveKeys(
        findings.map((f) => f.token),
        clientAddress(req),
        'secret-scanning',
      );
      const leaks = findings.flatMap((f) => (live.has(f.token) ? [{ keyId: live.get(f.token)!, url: f.url, source: f.source }] : []));
      const revoked = await ctx.core.revokeLeakedKeys(reporter(req, 'secret-scanning'), leaks);
      res.status(200).json(
        findings.map((f) => ({
          token_hash: createHash('sha256').update(f.token).digest('hex'),
          token_type: f.type,
          label: revoked.has(live.get(f.token) ?? '') ? 'true_positive' : 'false_positive',
        })),
      );
    },
  ];
}

export function publicRevocationHandlers({ ctx }: PlatformDeps): RequestHandler[] {
  const finder = new LeakFinder(ctx.authenticator, ctx.limiter, ctx.clock);
  return [
    requireJson,
    express.json({ limit: BODY_LIMIT_BYTES, type: () => true, strict: false }),
    async (req, res) => {
      const { credentials } = readRevocation(shallow(req.body));
      const live = await finder.liveKeys(credentials, clientAddress(req), 'public-revocation');
      await ctx.core.revokeLeakedKeys(
        reporter(req, 'public-revocation'),
        [...live.values()].map((keyId) => ({ keyId })),
      );
      // The same answer whatever was valid: it reveals nothing about the secrets sent.
      res.status(202).json({});
    },
  ];
}

export function leakReportErrors({ ctx }: PlatformDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const domain = toDomainError(err, req.requestId, ctx.logger, res);
    const status = HTTP_STATUS[domain.code] ?? 500;
    if (domain.retryAfterSeconds !== undefined) res.set('Retry-After', String(domain.retryAfterSeconds));
    const error = ERROR_CODES[status] ?? (status < 500 ? 'invalid_request' : 'server_error');
    const detail = domain.fields.length ? `: ${domain.fields.map((f) => `${f.field} ${f.message}`).join('; ')}` : '';
    res.status(status).json({ error, error_description: `${domain.message}${detail}` });
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return shallow(JSON.parse(body.toString('utf8')));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('BAD_REQUEST', 'The body is not valid JSON');
  }
}

/** The dialects' depth bound (json-body.ts): nothing walks a body nested deeper. */
function shallow(body: unknown): unknown {
  const tooDeep = depthError(body);
  if (tooDeep) throw tooDeep;
  return body;
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  next(type === 'application/json' ? undefined : new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
}
