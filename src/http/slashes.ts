// Vendor samples join a base URL ending in `/` to paths that start with one, so requests arrive as
// `/api/v2//service-accounts`. A run of slashes in the path is taken as one, before any route sees
// it, so that form reaches the same route (express already takes a trailing slash as the same
// route). Nothing redirects; the query string is left as it was sent.
import type { RequestHandler } from 'express';

export const collapseSlashes: RequestHandler = (req, _res, next) => {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  if (path.includes('//')) req.url = path.replace(/\/{2,}/g, '/') + (q === -1 ? '' : req.url.slice(q));
  next();
};

/** The path a route template is matched against: slashes collapsed, no trailing slash. */
export function routedPath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}
