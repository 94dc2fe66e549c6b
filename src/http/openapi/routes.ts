// /openapi/{dialect}.json (OpenAPI 3.1, built once at start) and /docs: Swagger UI served from the
// swagger-ui-dist package (no CDN), showing every dialect's document; /docs/errors, the error codes.
import { dirname } from 'node:path';
import express, { Router } from 'express';
import { apiOf, type Dialect } from '../dialect';
import { buildOpenApi } from './build';
import { markRetiring } from '../../retirement/openapi';
import type { RetirementPolicy } from '../../retirement/policy';
import { errorsPage } from './errors-page';

const UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

export function openApiRoutes(dialects: Dialect[], retirement?: RetirementPolicy): Router {
  const r = Router();
  const documents = new Map(dialects.map((d) => [d.name, JSON.stringify(markRetiring(buildOpenApi(apiOf(d)), retirement?.retiring(d.name), retirement?.successorOf(d.name)))]));

  r.get('/openapi/:file', (req, res, next) => {
    const doc = /^(\w+)\.json$/.exec(req.params.file);
    const body = doc ? documents.get(doc[1]) : undefined;
    if (!body) return next();
    res.type('application/json').send(body);
  });

  r.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  const errors = errorsPage(dialects);
  r.get('/docs/errors', (_req, res) => {
    res.type('html').send(errors);
  });
  r.get('/docs/init.js', (_req, res) => {
    const urls = [...documents.keys()].map((name) => ({ url: `/openapi/${name}.json`, name }));
    res.type('application/javascript').send(initScript(urls));
  });
  r.use('/docs/assets', express.static(UI_DIR, { index: false, maxAge: '1h' }));
  return r;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>iamgate API documentation</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

/** Swagger UI with a selector over the dialects; `?urls.primaryName=v3` opens one directly. */
function initScript(urls: { url: string; name: string }[]): string {
  return `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(urls)},
  dom_id: '#docs',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  queryConfigEnabled: true
});`;
}
