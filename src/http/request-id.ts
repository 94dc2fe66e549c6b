// X-Request-Id: taken from the client when it is 1–128 safe characters, made otherwise; echoed back.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:@\-]{1,128}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  req.requestId = given && SAFE_ID.test(given) ? given : `req_${randomUUID().replace(/-/g, '')}`;
  res.setHeader('X-Request-Id', req.requestId);
  next();
};
