// Security headers (helmet), CORS only for configured origins, and per-request time limits.
import cors from 'cors';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { Server } from 'node:http';

export interface HardeningOptions {
  /** Origins allowed to call from a browser; empty = no CORS headers at all. */
  corsOrigins: string[];
  requestTimeoutMs: number;
}

export function securityHeaders(): RequestHandler {
  // The default CSP allows Swagger UI at /docs: its scripts are files we serve, styles may be inline.
  return helmet({ crossOriginEmbedderPolicy: false });
}

export function corsFor(origins: string[]): RequestHandler | null {
  if (!origins.length) return null;
  return cors({
    origin: origins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'Idempotency-Key', 'X-Request-Id', 'X-Org-ID'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}

/** Slow clients cannot hold a socket forever: headers, whole requests and idle keep-alives are bounded. */
export function applyServerTimeouts(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(20_000, requestTimeoutMs);
  server.keepAliveTimeout = 5_000;
}
