import { Router } from 'express';
import type { Store } from '../core/ports';
import type { Metrics } from '../observability/metrics';

/** Liveness (the process answers), readiness (the database answers) and Prometheus metrics. */
export function operationsRoutes(store: Store, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await store.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
