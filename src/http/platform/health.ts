// The operations rows of the platform table: liveness (the process answers), readiness (the database
// answers, and takes writes again after a write failed as unavailable) and Prometheus metrics, behind
// METRICS_TOKEN when one is set. /metrics answers in Prometheus' text format, so its handler stays
// an express handler; the row holds what the document says of it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import * as s from '../../../schemas/platform/schemas';
import { json, type PlatformRoute, type PlatformSection } from './route';

export const OPERATIONS: PlatformSection = {
  tag: { name: 'Operations', description: 'Liveness, readiness and Prometheus metrics, for orchestrators and monitoring.' },
};

export const health: PlatformRoute = {
  method: 'get',
  path: '/healthz',
  section: OPERATIONS,
  summary: 'Liveness: the process answers',
  operationId: 'getHealth',
  description: 'Always 200 while the process can answer; it asks nothing of the database.',
  security: [],
  responses: { 200: { description: 'Alive.', content: json(s.health) } },
  handlers: () => [(_req, res) => void res.json({ status: 'ok' })],
};

export const readiness: PlatformRoute = {
  method: 'get',
  path: '/readyz',
  section: OPERATIONS,
  summary: 'Readiness: the database answers',
  operationId: 'getReadiness',
  description:
    '200 when the database answers (after a write failed as unavailable, only once a small write commits again); 503 ' +
    'otherwise, so a load balancer sends no traffic here meanwhile.',
  security: [],
  responses: {
    200: { description: 'Ready.', content: json(s.readiness) },
    503: {
      description: 'Not ready: the database does not answer.',
      content: json(s.readiness, { status: 'unavailable', database: 'unreachable' }),
    },
  },
  handlers: ({ ctx }) => [
    async (_req, res) => {
      const ok = await ctx.store.ping();
      res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
    },
  ],
};

export const metrics: PlatformRoute = {
  method: 'get',
  path: '/metrics',
  section: OPERATIONS,
  summary: 'Prometheus metrics',
  operationId: 'getMetrics',
  description:
    'The Prometheus text format. With METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); ' +
    'without it, keep /metrics off the public network.',
  security: [{ metricsToken: [] }, {}],
  responses: {
    200: {
      description: 'The metrics.',
      content: { 'text/plain': { schema: { type: 'string', description: 'Prometheus exposition format 0.0.4.' } } },
    },
    401: {
      description: 'METRICS_TOKEN is set and was not sent.',
      headers: ['WWW-Authenticate'],
      content: json(s.metricsRefusal, { error: 'unauthorized' }),
    },
  },
  handlers: ({ ctx }) => [
    ...(ctx.config.metricsToken ? [bearerOnly(ctx.config.metricsToken)] : []),
    async (_req, res) => {
      res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
    },
  ],
};

/** Compares digests, so neither the token's bytes nor its length leak through timing. */
function bearerOnly(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (timingSafeEqual(digest(given), expected)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="iamgate-metrics"').json({ error: 'unauthorized' });
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();
