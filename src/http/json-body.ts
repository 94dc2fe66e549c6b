// Request bodies: JSON only (per dialect media types), at most 64 KiB, malformed → 400.
// Errors become DomainErrors so each dialect renders them in its own shape.
import express, { type RequestHandler } from 'express';
import { DomainError, invalidField } from '../core/errors';

export const BODY_LIMIT_BYTES = 64 * 1024;
/** Far deeper than any request document; 64 KiB of `[` would overflow recursive walkers (JSON.stringify). */
export const MAX_BODY_DEPTH = 32;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function jsonBody(acceptedTypes: string[]): RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT_BYTES, type: () => true, strict: false });
  return (req, res, next) => {
    req.body = undefined;
    if (!METHODS_WITH_BODY.has(req.method) || !hasBody(req)) return next();
    const type = mediaType(req.get('content-type'));
    if (!acceptedTypes.includes(type)) {
      return next(
        new DomainError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${acceptedTypes.join(' or ')}${type ? ` (got ${type})` : ''}`),
      );
    }
    parse(req, res, (err?: unknown) => {
      if (!err) return next(depthError(req.body));
      const kind = (err as { type?: string }).type;
      if (kind === 'entity.too.large')
        return next(new DomainError('PAYLOAD_TOO_LARGE', `The body is larger than ${BODY_LIMIT_BYTES} bytes`));
      if (kind === 'entity.parse.failed') return next(new DomainError('BAD_REQUEST', 'The body is not valid JSON'));
      if (kind === 'charset.unsupported' || kind === 'encoding.unsupported') {
        return next(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body charset or encoding'));
      }
      return next(new DomainError('BAD_REQUEST', 'The body could not be read'));
    });
  };
}

/** A validation error when the parsed body nests deeper than MAX_BODY_DEPTH (checked without recursion). */
export function depthError(body: unknown): DomainError | undefined {
  const pending: [unknown, number][] = [[body, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return invalidField('body', `is nested deeper than ${MAX_BODY_DEPTH} levels`);
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return undefined;
}
