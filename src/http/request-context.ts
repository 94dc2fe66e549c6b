// What the cross-cutting middleware attaches to each request.
import type { Principal } from '../core/authorization';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      requestId: string;
      principal?: Principal;
    }
  }
}

export {};
