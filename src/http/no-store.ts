// A response that shows a secret must never be kept by a cache (browser, proxy, CDN), as RFC 6749
// §5.1 requires of token responses; every route that returns a key's secret calls this.
import type { Response } from 'express';

export function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
}
