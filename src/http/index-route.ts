// GET /: a small JSON index of what this server offers, so a first `curl` of the base URL says where
// to go next: name and version (package.json), the docs, each dialect's OpenAPI document and base,
// and the document of the routes outside the dialects (OAuth2, forward auth, health).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Router } from 'express';
import { openApiPath, type Dialect } from './dialect';
import { publicOrigin } from './public-origin';

/** The title of /openapi/platform.json (src/http/openapi/platform.ts), for the index. */
export const PLATFORM_TITLE = 'iamgate platform (OAuth2, forward authentication, discovery, health)';

interface PackageInfo {
  name: string;
  version: string;
  description?: string;
}

/** The nearest package.json above this file (src/http under ts-jest, dist/src/http when built). */
export function packageInfo(from = __dirname): PackageInfo {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageInfo;
      return { name: pkg.name, version: pkg.version, description: pkg.description };
    } catch {
      if (dirname(dir) === dir) return { name: 'iamgate', version: '0.0.0' };
    }
  }
}

export function indexRoute(dialects: Dialect[]): Router {
  const about = packageInfo();
  const r = Router();
  r.get('/', (req, res) => {
    const base = publicOrigin(req);
    res.json({
      name: about.name,
      version: about.version,
      description: about.description,
      links: {
        docs: `${base}/docs`,
        errors: `${base}/docs/errors`,
        oauth2: `${base}/.well-known/oauth-authorization-server`,
        health: `${base}/healthz`,
        ready: `${base}/readyz`,
      },
      dialects: dialects.map((d) => ({
        name: d.name,
        title: d.document.title,
        basePath: openApiPath(d.basePath),
        url: `${base}${openApiPath(d.basePath)}`,
        openapi: `${base}/openapi/${d.name}.json`,
      })),
      platform: { title: PLATFORM_TITLE, openapi: `${base}/openapi/platform.json` },
    });
  });
  return r;
}
