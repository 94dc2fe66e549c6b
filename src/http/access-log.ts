// One log line and one metric sample per request, labelled by dialect and route pattern (never by
// raw path, which would carry ids into metric labels). The line is shaped as pino-http's (`req`,
// `res`, `responseTime`, `err`, "request completed"/"request errored"; docs/operations.md#logs) so
// log tooling made for it reads ours, but built here by hand: pino-http's serializers copy every
// header and cost more on the hot path (a GET by id) than this whole line.
import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { redactQuery, redactText } from '../observability/redaction';

const LOGGED = Symbol('access-logged');

/** Whether this response gets an access log line (errors raised before the middleware ran do not). */
export function accessLogged(res: object): boolean {
  return (res as { [LOGGED]?: boolean })[LOGGED] === true;
}

/** The URL as sent, with secret-named query values (`[redacted]`, as pino's) and our secrets' shapes redacted. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return redactText(url);
  return `${redactText(url.slice(0, q))}?${redactQuery(url.slice(q + 1), '[redacted]')}`;
}

export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    (res as { [LOGGED]?: boolean })[LOGGED] = true;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const dialect = (res.locals.dialect as string | undefined) ?? 'none';
      const route = req.route?.path ? `${(res.locals.basePath as string | undefined) ?? ''}${String(req.route.path)}` : 'unmatched';
      metrics.observeRequest(dialect, route, req.method, res.statusCode, seconds);
      // The line is built only when pino will write it (LOG_LEVEL=warn drops the 2xx ones).
      const failed = res.statusCode >= 500;
      if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
      // Only the user agent of the headers: the others are noise or credentials (Authorization,
      // Cookie, X-Session-Token), and bodies are never logged. remoteAddress is the client as
      // TRUST_PROXY decides (what audit events and rate limits use), remotePort the peer's port.
      const ua = req.headers['user-agent'];
      const line = {
        req: {
          id: req.requestId,
          method: req.method,
          url: loggedUrl(req.originalUrl),
          remoteAddress: req.principal?.via?.clientIp ?? req.ip,
          remotePort: req.socket.remotePort,
          headers: ua === undefined ? {} : { 'user-agent': redactText(ua) },
        },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(seconds * 1e4) / 10,
        accountId: req.principal?.accountId,
        dialect,
        route,
        // The unexpected error the error handler answered (res.err, as with pino-http), if any: the
        // logger's err serializer keeps its type, message and stack only. A 503 etc. has none.
        err: res.err,
      };
      if (failed) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
