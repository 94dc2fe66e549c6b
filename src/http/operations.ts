import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Store } from '../core/ports';
import type { Metrics } from '../observability/metrics';

/**
 * Liveness (the process answers), readiness (the database answers, and takes writes again after a
 * write failed as unavailable) and Prometheus metrics, behind `metricsToken` when one is set.
 */
export function operationsRoutes(store: Store, metrics: Metrics, metricsToken?: string): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await store.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
  });
  const guard: RequestHandler[] = metricsToken ? [bearerOnly(metricsToken)] : [];
  router.get('/metrics', ...guard, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

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
