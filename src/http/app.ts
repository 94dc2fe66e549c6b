// Composes the express app: request ids, the platform routes (health, OAuth2, discovery, forward auth,
// leaked secrets: platform/table.ts), the API documents, and each dialect it is given
// (src/dialects.ts lists them) behind its own router (dialect-router.ts).
import express, { type Express } from 'express';
import { registerScopeAliases } from '../core/authorization';
import type { AppContext } from './context';
import type { Dialect } from './dialect';
import { dialectRouter } from './dialect-router';
import { RetirementPolicy } from '../retirement/policy';
import { unroutedErrorHandler } from './error-handler';
import { accessLog } from './access-log';
import { openApiRoutes } from './openapi/routes';
import { platformRoutes } from './platform/router';
import { corsFor, securityHeaders } from './hardening';
import { requestId } from './request-id';
import { requestLogCapture } from './request-log/capture';
import { collapseSlashes } from './slashes';
import { refuseUnreadable } from './unreadable-requests';
import { consoleRoutes } from '../../console/server';
import './request-context';

export function createApp(ctx: AppContext, dialects: Dialect[]): Express {
  for (const d of dialects) registerScopeAliases(d.vocabulary.scopeAliases);
  const retirement = new RetirementPolicy(
    ctx.config.retirement ?? {},
    dialects.map((d) => d.name),
    ctx.clock,
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.locals.publicUrl = ctx.config.publicUrl;
  // TRUST_PROXY: whether X-Forwarded-For/-Host/-Proto count (client address, public-origin.ts); off by default.
  app.set('trust proxy', ctx.config.trustProxy ?? false);
  app.use(requestId);
  app.use(collapseSlashes);
  app.use(securityHeaders());
  const allowCors = corsFor(
    ctx.config.corsOrigins,
    dialects.flatMap((d) => d.vocabulary.requestHeaders),
    dialects.flatMap((d) => d.vocabulary.responseHeaders ?? []),
  );
  if (allowCors) app.use(allowCors);
  app.use(accessLog(ctx.logger, ctx.metrics));
  app.use(refuseUnreadable);
  if (ctx.requestLogs) app.use(requestLogCapture(ctx.requestLogs, ctx.clock));
  app.use(platformRoutes({ ctx, dialects }));
  app.use('/console', consoleRoutes()); // the operator's console (console/): built assets, SPA fallback
  app.use(openApiRoutes(dialects, retirement));
  for (const dialect of dialects) app.use(dialect.basePath, dialectRouter(ctx, dialect, retirement));
  app.use((req, res) => {
    res
      .status(404)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `No route for ${req.method} ${req.path}`,
        requestId: req.requestId,
      });
  });
  app.use(unroutedErrorHandler(dialects, ctx.logger));
  return app;
}
