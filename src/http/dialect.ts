// A wire dialect: its base path, body media types, routes and the one function that renders errors.
// Adding a dialect is a folder in adapters/ and a line in the list in app.ts.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { DomainError } from '../core/errors';
import type { AppContext } from './context';
import type { ApiDescription } from './openapi/api-description';

export interface Dialect {
  name: string;
  basePath: string;
  /** Body media types this dialect accepts (others → 415). */
  mediaTypes: string[];
  /** Runs before authentication (content negotiation). */
  before?: RequestHandler[];
  routes(ctx: AppContext): Router;
  renderError(err: DomainError, req: Request, res: Response): void;
  /** What the dialect serves, for its OpenAPI document. */
  api?: ApiDescription;
  /** Paths under this prefix that no route matches get this dialect's 404, not the app's (`/v3`). */
  fallbackPrefix?: string;
}
