// One log line and one metric sample per request, labelled by dialect and route pattern (never by
// raw path, which would carry ids into metric labels).
import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const dialect = (res.locals.dialect as string | undefined) ?? 'none';
      const route = req.route?.path ? `${(res.locals.basePath as string | undefined) ?? ''}${String(req.route.path)}` : 'unmatched';
      metrics.requests.inc({ dialect, route, method: req.method, status: String(res.statusCode) });
      metrics.latency.observe({ dialect, route, method: req.method }, seconds);
      const line = { requestId: req.requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, dialect };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    });
    next();
  };
}
