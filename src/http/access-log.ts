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
      metrics.observeRequest(dialect, route, req.method, res.statusCode, seconds);
      // The line is built only when pino will write it (LOG_LEVEL=warn drops the 2xx ones).
      const failed = res.statusCode >= 500;
      if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
      const line = { requestId: req.requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, dialect };
      if (failed) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    });
    next();
  };
}
