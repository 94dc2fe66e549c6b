// The base URL clients reach iamgate at: PUBLIC_URL when set (createApp keeps it in app.locals),
// else the request's own origin. Used where a response names a URL of this server.
import type { Request } from 'express';

/** What a Host header may hold to be put in a URL (name or address, optional port); anything else is not used. */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

export function publicBase(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  if (configured) return configured;
  const host = req.get('host');
  return `${req.protocol}://${host && HOST.test(host) ? host : 'localhost'}`;
}
