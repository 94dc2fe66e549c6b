// A response that shows a secret must never be kept by a cache (browser, proxy, CDN), as RFC 6749
// §5.1 requires of token responses; every route of the older style that returns a key's secret
// calls this (bound operations put kernel/wire.ts's NO_STORE in their answer).
import type { Response } from 'express';
import { NO_STORE } from './kernel/wire';

export function noStore(res: Response): Response {
  return res.set(NO_STORE);
}
