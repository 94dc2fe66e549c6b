// What the cross-cutting middleware attaches to each request.
import type { Principal } from '../core/authorization';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      requestId: string;
      principal?: Principal;
    }
    interface Response {
      /** The unexpected error this response answers (pino-http's convention): the access log line's `err`. */
      err?: unknown;
    }
  }
}

export {};
