// The one place where express meets the wire values codecs work with: an express request becomes a
// WireRequest, and a WireResponse is written to express's response.
import type { Request, Response } from 'express';
import { publicOrigin } from '../public-origin';
import type { WireRequest, WireResponse } from './wire';

/** The request as codecs see it; `validated`: params, query and body once the operation's schemas accepted them. */
export function wireRequestOf(
  req: Request,
  validated: { params?: Record<string, string>; query?: unknown; body?: unknown } = {},
): WireRequest {
  return {
    method: req.method,
    url: req.originalUrl,
    path: req.baseUrl + req.path,
    rawQuery: req.query,
    params: validated.params ?? {},
    query: 'query' in validated ? validated.query : req.query,
    headers: req.headers,
    body: 'body' in validated ? validated.body : (req.body ?? null),
    requestId: req.requestId,
    publicBase: publicOrigin(req),
  };
}

/**
 * Writes an answer as the codec made it. Headers go on in the codec's order with Node's own
 * setHeader, so express adds nothing to them (no `; charset=utf-8` a codec did not write), but for
 * Location, which express percent-encodes where a URL may not hold a character (`res.location`), as it
 * always has; the body goes through `res.send` as bytes, so the idempotency record
 * (idempotency/middleware.ts), the request log (request-log/capture.ts) and the access log see it as
 * they see any answer.
 */
export function writeWire(res: Response, answer: WireResponse): void {
  res.status(answer.status);
  writeHeaders(res, answer.headers);
  if (answer.body === undefined) {
    res.end();
    return;
  }
  res.send(Buffer.from(JSON.stringify(answer.body)));
}

/** Headers in the order given; `Vary` adds to what the response varies on already (CORS's Origin). */
export function writeHeaders(res: Response, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'Location') res.location(value);
    else if (name === 'Vary') res.vary(value);
    else res.setHeader(name, value);
  }
}
