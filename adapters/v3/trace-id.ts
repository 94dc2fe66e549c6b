// X-Trace-Id on every v3 response: Ctrl-Hub tells clients to report it (with a 500 above all), and
// here it is the request id, which the logs, the audit trail and the request logs all carry.
import type { BeforeStep } from '../../src/http/dialect';

export const TRACE_HEADER = 'X-Trace-Id';

export const traceId: BeforeStep = (request) => ({ [TRACE_HEADER]: request.requestId });
