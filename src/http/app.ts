// Composes the express app: request ids, health, and each dialect behind its own
// authentication, body parsing and error rendering.
import express, { Router, type Express } from 'express';
import { notFound } from '../core/errors';
import { v1Dialect } from '../../adapters/v1';
import { v2Dialect } from '../../adapters/v2';
import { v3Dialect } from '../../adapters/v3';
import type { AppContext } from './context';
import type { Dialect } from './dialect';
import { authenticate } from './authenticate';
import { dialectErrorHandler, unroutedErrorHandler } from './error-handler';
import { forwardAuthRoutes } from './forward-auth';
import { accessLog } from './access-log';
import { operationsRoutes } from './operations';
import { oauthRoutes } from './oauth-routes';
import { openApiRoutes } from './openapi/routes';
import { idempotency } from './idempotency/middleware';
import { corsFor, securityHeaders } from './hardening';
import { jsonBody } from './json-body';
import { requestId } from './request-id';
import './request-context';

export const DIALECTS: Dialect[] = [v1Dialect, v2Dialect, v3Dialect];

export function createApp(ctx: AppContext, dialects: Dialect[] = DIALECTS): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId);
  app.use(securityHeaders());
  const allowCors = corsFor(ctx.config.corsOrigins);
  if (allowCors) app.use(allowCors);
  app.use(accessLog(ctx.logger, ctx.metrics));
  app.use(operationsRoutes(ctx.store, ctx.metrics, ctx.config.metricsToken));
  app.use(oauthRoutes(ctx));
  app.use(forwardAuthRoutes(ctx));
  app.use(openApiRoutes(dialects));
  for (const dialect of dialects) app.use(dialect.basePath, dialectRouter(ctx, dialect));
  for (const { name, fallbackPrefix, renderError } of dialects) {
    if (!fallbackPrefix) continue;
    app.use(fallbackPrefix, (req, res) => {
      res.locals.dialect = name;
      renderError(notFound('Route'), req, res);
    });
  }
  app.use((req, res) => {
    res.status(404).type('application/problem+json').json({
      type: 'about:blank', title: 'Not Found', status: 404, detail: `No route for ${req.method} ${req.path}`, requestId: req.requestId,
    });
  });
  app.use(unroutedErrorHandler(dialects, ctx.logger));
  return app;
}

function dialectRouter(ctx: AppContext, dialect: Dialect): Router {
  const router = Router({ mergeParams: true });
  router.use((_req, res, next) => {
    res.locals.dialect = dialect.name;
    res.locals.basePath = dialect.basePath;
    next();
  });
  if (dialect.before?.length) router.use(...dialect.before);
  router.use(authenticate(ctx.authenticator, dialect.name));
  router.use(jsonBody(dialect.mediaTypes));
  router.use(idempotency(ctx.store, ctx.sealer, ctx.clock, dialect.name));
  router.use(dialect.routes(ctx));
  router.use((_req, _res, next) => next(notFound('Route')));
  router.use(dialectErrorHandler(dialect, ctx.logger));
  return router;
}
