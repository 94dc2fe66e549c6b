// What route handlers get: the core's use cases and the request's authenticated caller.
import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator';
import type { FederatedExchange } from '../auth/federation/exchange';
import type { RateLimiter } from '../auth/rate-limiter';
import type { TokenService } from '../auth/token-service';
import type { Config } from '../config';
import type { IamCore, Principal } from '../core';
import { unauthorized } from '../core/errors';
import type { Clock } from '../core/ports';
import type { ServiceStore } from '../store/service-tables';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Sealer } from './idempotency/sealer';
import type { RequestLogRecorder } from './request-log/recorder';

export interface AppContext {
  config: Config;
  core: IamCore;
  store: ServiceStore;
  authenticator: Authenticator;
  limiter: RateLimiter;
  tokens: TokenService;
  /** Outside OIDC tokens exchanged for access tokens (issue 31). */
  federation: FederatedExchange;
  sealer: Sealer;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Records every request a service account makes; null with REQUEST_LOGS=off. */
  requestLogs?: RequestLogRecorder | null;
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}
