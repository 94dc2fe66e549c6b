// X-Trace-Id on every v3 response: Ctrl-Hub tells clients to report it (with a 500 above all), and
// here it is the request id, which the logs, the audit trail and the request logs all carry.
import type { RequestHandler } from 'express';

export const TRACE_HEADER = 'X-Trace-Id';

export const traceId: RequestHandler = (req, res, next) => {
  res.setHeader(TRACE_HEADER, req.requestId);
  next();
};
