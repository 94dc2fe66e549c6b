// /openapi/{dialect}.json and /openapi/platform.json (OpenAPI 3.1) and /docs: Swagger UI served
// from the swagger-ui-dist package (no CDN), showing every document; /docs/errors, the error codes.
// A document names the public origin it is served at as its server (public-origin.ts), so "Try it
// out" and a client generated from it reach iamgate under PUBLIC_URL's path too.
import { dirname } from 'node:path';
import express, { Router } from 'express';
import { apiOf, type Dialect } from '../dialect';
import { publicOrigin } from '../public-origin';
import { upgradeInsecureRequestsOverHttps } from '../hardening';
import { buildOpenApi } from './build';
import { markRetiring } from '../../retirement/openapi';
import type { RetirementPolicy } from '../../retirement/policy';
import { errorsPage } from './errors-page';
import { platformOpenApi } from './platform';

const UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
/** The document of the routes outside the dialects (GET / lists it beside theirs, as /openapi/platform.json). */
const PLATFORM_DOCUMENT = 'platform';
/** Documents kept per origin; an origin comes from PUBLIC_URL, a trusted proxy or the socket, but is bounded anyway. */
const MAX_CACHED = 32;

export function openApiRoutes(dialects: Dialect[], retirement?: RetirementPolicy): Router {
  const r = Router();
  const builders = new Map<string, (origin?: string) => object>([
    ...dialects.map(
      (d) =>
        [
          d.name,
          (origin?: string) => markRetiring(buildOpenApi(apiOf(d), origin), retirement?.retiring(d.name), retirement?.successorOf(d.name)),
        ] as const,
    ),
    [PLATFORM_DOCUMENT, platformOpenApi],
  ]);
  // Built once at start, so a document that cannot be built stops the server rather than a request.
  for (const build of builders.values()) build();
  const served = new Map<string, string>();
  const documentAt = (name: string, origin: string): string => {
    const key = `${name} ${origin}`;
    let body = served.get(key);
    if (body === undefined) {
      if (served.size >= MAX_CACHED) served.clear();
      served.set(key, (body = JSON.stringify(builders.get(name)!(origin))));
    }
    return body;
  };

  r.get('/openapi/:file', (req, res, next) => {
    const name = /^(\w+)\.json$/.exec(req.params.file)?.[1];
    if (name === undefined || !builders.has(name)) return next();
    res.type('application/json').send(documentAt(name, publicOrigin(req)));
  });

  r.get('/docs', upgradeInsecureRequestsOverHttps, (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  const errors = errorsPage(dialects);
  r.get('/docs/errors', upgradeInsecureRequestsOverHttps, (_req, res) => {
    res.type('html').send(errors);
  });
  r.get('/docs/init.js', (_req, res) => {
    const urls = [...builders.keys()].map((name) => ({ url: `/openapi/${name}.json`, name }));
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

/**
 * Swagger UI with a selector over the documents; `?urls.primaryName=v3` opens one directly.
 * `validatorUrl: null`: no badge asking validator.swagger.io about the document's URL (on a host other
 * than localhost Swagger UI would, and the CSP refuses it; Spectral lints the documents in tests).
 */
function initScript(urls: { url: string; name: string }[]): string {
  return `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(urls)},
  dom_id: '#docs',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  queryConfigEnabled: true,
  validatorUrl: null
});`;
}
