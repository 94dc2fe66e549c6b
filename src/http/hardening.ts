// Security headers (helmet), CORS only for configured origins, and per-request time limits.
import cors from 'cors';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { Server } from 'node:http';
import { publicOrigin } from './public-origin';

export interface HardeningOptions {
  /** Origins allowed to call from a browser; empty = no CORS headers at all. */
  corsOrigins: string[];
  requestTimeoutMs: number;
}

export function securityHeaders(): RequestHandler {
  // The default CSP allows Swagger UI at /docs: its scripts are files we serve, styles may be inline.
  // Without `upgrade-insecure-requests`: pages add it when served over https (below).
  const middleware = helmet({
    crossOriginEmbedderPolicy: false,
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
  });
  // These headers depend on nothing in the request, so helmet runs once and each request gets the
  // list it set (its twelve chained middlewares were ~1.5 % of a GET's CPU, issue 19).
  const headers = headersOf(middleware);
  if (!headers) return middleware;
  return (_req, res, next) => {
    for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1]);
    next();
  };
}

/**
 * For HTML pages (/docs, /console), after their CSP is set: `upgrade-insecure-requests` when the page
 * was served over https (directly, per a trusted proxy's X-Forwarded-Proto, or an https PUBLIC_URL:
 * public-origin.ts's rule). Over plain HTTP on any host but localhost, which browsers exempt, it sent
 * every script and style to https, which nothing answers, and the pages stayed blank.
 */
export const upgradeInsecureRequestsOverHttps: RequestHandler = (req, res, next) => {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy === 'string' && publicOrigin(req).startsWith('https:')) {
    res.setHeader('Content-Security-Policy', `${policy};upgrade-insecure-requests`);
  }
  next();
};

/** What a middleware sets on an empty response, or null if it does anything else (then it runs per request). */
function headersOf(middleware: RequestHandler): [string, string][] | null {
  const set: [string, string][] = [];
  let plain = true;
  let called = false;
  const res = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: () => undefined, // X-Powered-By, which express never sets here (app.disable)
  };
  const req = new Proxy(
    {},
    {
      get: () => {
        plain = false;
        return undefined;
      },
    },
  );
  middleware(req as never, res as never, (err?: unknown) => {
    called = err === undefined;
  });
  return plain && called ? set : null;
}

/** `dialectHeaders`: request headers the dialects add to the common ones (v1's X-Org-ID); `exposed`: response headers (v3's X-Trace-Id). */
export function corsFor(origins: string[], dialectHeaders: string[] = [], exposed: string[] = []): RequestHandler | null {
  if (!origins.length) return null;
  const common = ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'Idempotency-Key', 'X-Request-Id'];
  return cors({
    origin: origins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [...new Set([...common, ...dialectHeaders])],
    exposedHeaders: [...new Set(['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed', ...exposed])],
    maxAge: 600,
  });
}

/** Slow clients cannot hold a socket forever: headers, whole requests and idle keep-alives are bounded. */
export function applyServerTimeouts(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(20_000, requestTimeoutMs);
  server.keepAliveTimeout = 5_000;
}
