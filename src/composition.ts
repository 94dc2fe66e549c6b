// The composition root: config → store → core → authenticator. Used by the server, the CLI and tests.
import { Authenticator } from './auth/authenticator';
import { BcryptSecretMinter } from './auth/secret-minter';
import { RateLimiter } from './auth/rate-limiter';
import { SecretVerifier } from './auth/secret-verifier';
import { TokenService } from './auth/token-service';
import type { Config } from './config';
import { IamCore } from './core';
import { systemClock, uuidIds } from './ids';
import type { AppContext } from './http/context';
import { Sealer } from './http/idempotency/sealer';
import { loadSealingKey } from './http/idempotency/sealing-key';
import pino from 'pino';
import { createLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { TypeOrmStore } from './store/typeorm-store';

export interface Runtime extends AppContext {
  store: TypeOrmStore;
  verifier: SecretVerifier;
}

/** `logToStderr`: for the CLI, whose stdout is exactly one JSON line. */
export async function openRuntime(config: Config, options: { logToStderr?: boolean } = {}): Promise<Runtime> {
  const logger = createLogger(config.logLevel, options.logToStderr ? pino.destination(2) : undefined);
  const metrics = new Metrics();
  const store = await TypeOrmStore.open(config.databaseUrl);
  const core = new IamCore({
    store,
    minter: new BcryptSecretMinter(config.bcryptCost, metrics),
    clock: systemClock,
    ids: uuidIds,
    emailDomain: config.emailDomain,
  });
  const verifier = new SecretVerifier(config.bcryptCost, metrics);
  const limiter = new RateLimiter(store, systemClock, config.rateLimits);
  const authenticator = new Authenticator(store, verifier, systemClock, limiter, (reason) => metrics.authFailures.inc({ reason }));
  const tokens = new TokenService(store, authenticator, systemClock, uuidIds, config.tokenTtlSeconds);
  const warn = (message: string) => logger.warn(message);
  const sealer = new Sealer(loadSealingKey(config.idempotencyKey, config.databaseUrl, warn));
  return { config, store, core, verifier, authenticator, limiter, tokens, sealer, clock: systemClock, logger, metrics };
}
