// The operator's console at /console: the Vite build of console/web (dist/console/web, made by
// `npm run build`), served from the package, no CDN. Hashed assets are cached for good; every other
// GET under /console is the single page (index.html, never cached), which routes in the browser.
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { upgradeInsecureRequestsOverHttps } from '../src/http/hardening';

/** The folder holding package.json, from either console/ (ts-jest) or dist/console/ (the build). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

export const CONSOLE_ASSETS = join(packageRoot(__dirname), 'dist', 'console', 'web');

/**
 * Stricter than the app-wide policy (src/http/hardening.ts), which lets /docs' Swagger UI use inline
 * styles and https: styles and fonts: the console has neither, so here styles, fonts and images
 * come from this origin only, it may call only this origin, and no page may frame it.
 */
const consolePolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: true,
  directives: {
    'connect-src': ["'self'"],
    'style-src': ["'self'"],
    'font-src': ["'self'"],
    'img-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': null, // added when served over https
  },
});

export function consoleRoutes(assets = CONSOLE_ASSETS): Router {
  const r = Router();
  r.use(consolePolicy, upgradeInsecureRequestsOverHttps);
  r.use('/assets', express.static(join(assets, 'assets'), { immutable: true, maxAge: '365d', index: false, redirect: false }));
  r.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) return next(); // a missing asset is a 404, not the page
    const index = join(assets, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build`.\n');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
