// The request id of whatever code is running, for the process-level safety nets: an unhandled
// rejection or uncaught exception is logged with the request that caused it, where there is one.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it starts) as part of request `requestId`. */
export function inRequest<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore();
}
