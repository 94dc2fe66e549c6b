// Every id is a UUID, and RFC 9562 makes a UUID's hex digits case-insensitive: an id in a path is
// lower-cased (the form every stored id has) before a route compares it or hands it to the core.
import type { Router } from 'express';
import { isUuidShaped } from '../core/views';

export const canonicalId = (id: string): string => (isUuidShaped(id) ? id.toLowerCase() : id);

/** Lower-cases the named path parameters of the routes `router` declares. */
export function lowerCaseIds(router: Router, ...names: string[]): Router {
  for (const name of names) {
    router.param(name, (req, _res, next, value: string) => {
      req.params[name] = canonicalId(value);
      next();
    });
  }
  return router;
}
