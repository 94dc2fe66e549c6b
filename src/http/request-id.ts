// X-Request-Id: taken from the client when it is 1–128 safe characters and not shaped like one of our
// secrets (logs keep it as is), made otherwise; echoed back, and counted as in flight until its
// response closes (request-scope.ts, for crash logs). A made id is this process's random prefix and
// a counter (`req_` + 32 hex, as UUIDs were): unique without random bytes per request.
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { redactShapes } from '../observability/redaction';
import { trackRequest } from '../observability/request-scope';

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const PROCESS_PREFIX = `req_${randomBytes(8).toString('hex')}`;
let made = 0;

export const requestId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const usable = typeof given === 'string' && SAFE_ID.test(given) && redactShapes(given) === given;
  req.requestId = usable ? given : PROCESS_PREFIX + (++made).toString(16).padStart(16, '0');
  res.setHeader('X-Request-Id', req.requestId);
  trackRequest(req.requestId, res);
  next();
};
