// The request-log middleware, installed once for every route (app.ts): it keeps references to what a
// request and its response carried and, once the response has finished, hands them to the recorder
// if a service account was authenticated (req.principal, set by whichever route authenticated it).
// Nothing is serialized or written here; the response body is tapped as it is written, up to 8 KiB.
import type { RequestHandler, Response } from 'express';
import type { Clock } from '../../core/ports';
import { clientAddress } from '../authenticate';
import { BODY_CAPTURE_BYTES } from './entry';
import type { RequestLogRecorder } from './recorder';

interface Tap {
  chunks: Buffer[];
  bytes: number;
}

function tapBody(res: Response): Tap {
  const tap: Tap = { chunks: [], bytes: 0 };
  const add = (chunk: unknown, encoding: unknown) => {
    const room = BODY_CAPTURE_BYTES - tap.bytes;
    if (room <= 0 || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    let buf: Buffer;
    if (typeof chunk === 'string')
      buf = Buffer.from(chunk.slice(0, room), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else return;
    // A reference to a small body; a copy of the start of a large one, so the whole is not kept.
    if (buf.length > room) buf = Buffer.from(buf.subarray(0, room));
    tap.chunks.push(buf);
    tap.bytes += buf.length;
  };
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => Response;
  res.write = function (this: Response, ...args: unknown[]) {
    add(args[0], args[1]);
    return write.apply(this, args);
  } as Response['write'];
  res.end = function (this: Response, ...args: unknown[]) {
    add(args[0], args[1]);
    return end.apply(this, args);
  } as Response['end'];
  return tap;
}

const FORM = /^\s*application\/x-www-form-urlencoded/i;

/** Where a request went when no dialect router named it. */
function dialectOf(path: string, named: unknown): string {
  if (typeof named === 'string') return named;
  if (path.startsWith('/oauth2/')) return 'oauth2';
  if (path.startsWith('/auth/')) return 'forward-auth';
  return 'none';
}

/** The route pattern that matched (of a route with several, its first), under the dialect's base. */
function routeOf(path: unknown, basePath: unknown): string | null {
  const pattern = Array.isArray(path) ? path[0] : path;
  return pattern ? `${typeof basePath === 'string' ? basePath : ''}${String(pattern)}` : null;
}

export function requestLogCapture(recorder: RequestLogRecorder, clock: Clock): RequestHandler {
  return (req, res, next) => {
    const requestedAt = clock.now();
    const started = process.hrtime.bigint();
    const tap = tapBody(res);
    res.once('finish', () => {
      const principal = req.principal;
      if (!principal) return;
      const durationUs = Math.max(1, Math.round(Number(process.hrtime.bigint() - started) / 1_000));
      const route = routeOf(req.route?.path, res.locals.basePath);
      const length = Number(req.headers['content-length']);
      recorder.record({
        principal,
        dialect: dialectOf(req.originalUrl, res.locals.dialect),
        route,
        method: req.method,
        url: req.originalUrl,
        rawHeaders: req.rawHeaders,
        body: req.body as unknown,
        form: FORM.test(req.headers['content-type'] ?? ''),
        contentLength: Number.isSafeInteger(length) && length > 0 ? length : 0,
        status: res.statusCode,
        responseHeaders: res.getHeaders(),
        responseChunks: tap.chunks,
        requestedAt: requestedAt.toISOString(),
        respondedAt: clock.now().toISOString(),
        durationUs,
        requestId: req.requestId,
        // Dialect routes worked these out when they authenticated (`via`); /oauth2 and /auth/verify did not.
        clientIp: principal.via?.clientIp ?? clientAddress(req),
        userAgent: principal.via ? (principal.via.userAgent ?? null) : (req.get('user-agent') ?? null),
      });
    });
    next();
  };
}
