// ETags carry the account's version; If-Match pins a write to the version the client read.
// (The older style of rows; bound operations use kernel/wire.ts's `etag` and `expectedVersion`.)
import type { Request, Response } from 'express';
import * as wire from './kernel/wire';

export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', wire.etag(version).ETag);
}

/** The version named by If-Match; undefined when absent or `*`; -1 when it names no version (never matches). */
export function expectedVersion(req: Request): number | undefined {
  return wire.expectedVersion(req);
}
