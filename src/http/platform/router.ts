// The platform routes, mounted from the platform table: one express router per section, with the
// section's layers before its rows' handlers and its error answers after them. A request enters a
// section only when its path is one of the section's (or under its prefix): every other request
// skips the platform's layers, which would otherwise cost each dialect request.
import { Router, type RequestHandler } from 'express';
import type { PlatformDeps } from './route';
import { platformSections } from './table';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function platformRoutes(deps: PlatformDeps): RequestHandler {
  const sections = platformSections().map(({ section, rows }) => {
    const r = Router();
    if (section.before) r.use(section.before(deps));
    for (const row of rows) {
      const paths = row.anySuffix ? [row.path, `${row.path}/*suffix`] : row.path;
      r[row.anyMethod ? 'all' : row.method](paths, ...row.handlers(deps));
    }
    if (section.unknown) r.use(section.unknown);
    if (section.errors) r.use(section.errors.handler(deps));
    const owned = section.prefix ? [section.prefix] : rows.map((row) => row.path);
    return { entry: new RegExp(`^(?:${owned.map(escape).join('|')})(?:[/?]|$)`, 'i'), router: r };
  });
  return (req, res, next) => {
    const section = sections.find((s) => s.entry.test(req.url));
    return section ? section.router(req, res, next) : next();
  };
}
