// The composition root: config → store → core → authenticator. Used by the server, the CLI and tests.
import { Authenticator, SECRET_CHECK_SITES } from './auth/authenticator';
import { BcryptGate, defaultGateLimits, LANES, REFUSALS, type GateObserver } from './auth/bcrypt-gate';
import { FederatedExchange } from './auth/federation/exchange';
import { IssuerKeys } from './auth/federation/issuer-keys';
import { jwkProblem } from './auth/federation/jwk-check';
import { BcryptSecretMinter } from './auth/secret-minter';
import { RateLimiter } from './auth/rate-limiter';
import { SecretVerifier } from './auth/secret-verifier';
import { SigningKeys } from './auth/signing-keys';
import { TokenChecker } from './auth/token-checker';
import { TokenService } from './auth/token-service';
import type { Config } from './config';
import { IamCore } from './core';
import type { Clock } from './core/ports';
import { systemClock, uuidIds } from './ids';
import type { AppContext } from './http/context';
import { Sealer } from './http/idempotency/sealer';
import { loadSealingKey } from './http/idempotency/sealing-key';
import { createLogger } from './observability/logger';
import { logSink } from './observability/log-sink';
import { Metrics } from './observability/metrics';
import { FederationRows } from './store/federation-rows';
import { TokenRows } from './store/token-rows';
import { TypeOrmStore } from './store/typeorm-store';
import { RequestLogRecorder } from './http/request-log/recorder';
import { RequestLogTable } from './store/request-log-table';
import { redactedReads } from './http/request-log/redacted-reads';
import { UsageTable } from './store/usage-table';
import type { RequestLog } from './core/request-logs';
import type { UsageReader } from './core/usage';
import { WebhookSecrets } from './webhooks/secrets';

export interface Runtime extends AppContext {
  store: TypeOrmStore;
  verifier: SecretVerifier;
  signingKeys: SigningKeys;
}

/** `logToStderr`: for the CLI, whose stdout is exactly one JSON line. */
/** `clock`: tests pass one they can move, instead of sleeping until something expires. */
export async function openRuntime(config: Config, options: { logToStderr?: boolean; clock?: Clock } = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, logSink(options.logToStderr ? 2 : 1, config.logBufferBytes));
  const metrics = new Metrics();
  const store = await TypeOrmStore.open(config.databaseUrl, {
    timeoutMs: config.dbTimeoutMs,
    requestLimits: config.requestDbLimits,
    connectRetryS: config.dbConnectRetryS,
    onRetry: (reason, inS) => logger.warn({ reason, retryInS: inS }, 'database not reachable at start; retrying'),
  });
  const requestLogTable = new RequestLogTable(store);
  const usageTable = new UsageTable(store);
  // Each batch of request logs also adds to the daily usage sums (issue 18), outside any request.
  const logSinks = {
    insert: async (logs: RequestLog[]) => {
      await requestLogTable.insert(logs);
      await usageTable.add(logs);
    },
    purgeBefore: (before: string, limit: number) => requestLogTable.purgeBefore(before, limit),
  };
  const requestLogs =
    config.requestLogs === false
      ? null
      : new RequestLogRecorder(logSinks, { clock, ids: uuidIds, logger, metrics }, { retentionDays: config.requestLogRetentionDays });
  const httpIssuers = new Set(config.federationHttpIssuers ?? []);
  const verifier = new SecretVerifier(config.bcryptCost, metrics);
  const limiter = new RateLimiter(store, clock, config.rateLimits);
  const warn = (message: string) => logger.warn(message);
  const sealer = new Sealer(
    loadSealingKey(config.idempotencyKey, { dataDirectory: store.dataDirectory, shared: store.engine === 'postgres' }, warn),
  );
  const core = new IamCore({
    store,
    minter: new BcryptSecretMinter(config.bcryptCost, metrics),
    clock,
    ids: uuidIds,
    emailDomain: config.emailDomain,
    requestLogs: redactedReads(requestLogs ? requestLogs.readingThrough(requestLogTable) : requestLogTable),
    usage: requestLogs ? usageReadingThrough(requestLogs, usageTable) : usageTable,
    federation: { httpIssuers, jwkProblem },
    webhookSecrets: new WebhookSecrets(sealer),
    webhookAllowedHosts: config.webhookAllowedHosts ?? [],
  });
  // Token signing keys are sealed with the idempotency key too: processes sharing it share tokens.
  // They are read (and the first made) on the first token request, so the CLI makes none.
  const format = config.tokenFormat ?? 'opaque';
  const tokenStore = new TokenRows(store);
  const signingKeys = new SigningKeys(tokenStore, sealer, clock, {
    alg: format === 'jwt' ? 'EdDSA' : 'HS256',
    rotateSeconds: config.tokenKeyRotationSeconds ?? 86_400,
    tokenTtlSeconds: config.tokenTtlSeconds,
    warn,
  });
  const checker = new TokenChecker(signingKeys, clock);
  const federationRows = new FederationRows(store);
  for (const where of SECRET_CHECK_SITES) metrics.secretChecksumFailures.inc({ where }, 0); // every series from the start
  const authenticator = new Authenticator(
    store,
    verifier,
    clock,
    limiter,
    { checker, store: tokenStore, federated: federationRows },
    new BcryptGate(defaultGateLimits(), gateMetrics(metrics)),
    (reason) => metrics.authFailures.inc({ reason }),
    (where) => metrics.secretChecksumFailures.inc({ where }),
  );
  const tokens = new TokenService(
    authenticator,
    clock,
    uuidIds,
    { ttlSeconds: config.tokenTtlSeconds, format, audience: config.tokenAudience },
    signingKeys,
    checker,
    tokenStore,
  );
  const issuerKeys = new IssuerKeys(clock, {
    timeoutMs: config.federationFetchTimeoutMs ?? 3_000,
    maxAgeMs: (config.federationJwksMaxAgeS ?? 600) * 1000,
    httpIssuers,
    onFetchFailure: (issuer, reason) => logger.warn({ issuer, reason }, 'token exchange: fetching the issuer keys failed'),
  });
  const federation = new FederatedExchange(federationRows, store, limiter, issuerKeys, core.deps, {
    onRefusal: (reason, issuer) => {
      metrics.authFailures.inc({ reason: `token exchange: ${reason}` });
      // The issuer is what the (unverified) token says: cut short, as it may be anything.
      logger.info({ issuer: issuer?.slice(0, 200) ?? null, reason }, 'token exchange refused');
    },
  });
  return {
    config,
    store,
    core,
    verifier,
    authenticator,
    limiter,
    tokens,
    federation,
    sealer,
    signingKeys,
    clock,
    logger,
    metrics,
    requestLogs,
  };
}

/** The bcrypt gate's waits and refusals, every lane's series shown from the start (at 0). */
function gateMetrics(metrics: Metrics): GateObserver {
  for (const lane of LANES) {
    metrics.bcryptQueueWait.zero({ lane });
    for (const reason of REFUSALS) metrics.bcryptQueueRefusals.inc({ lane, reason }, 0);
  }
  return {
    waited: (lane, seconds) => metrics.bcryptQueueWait.observe({ lane }, seconds),
    refused: (lane, reason) => metrics.bcryptQueueRefusals.inc({ lane, reason }),
  };
}

/** Usage reads see every request this process has queued: the recorder writes its batch first. */
function usageReadingThrough(recorder: RequestLogRecorder, reader: UsageReader): UsageReader {
  return {
    forAccount: async (orgId, accountId, since) => {
      await recorder.flush();
      return reader.forAccount(orgId, accountId, since);
    },
    forDialect: async (orgId, dialect, since) => {
      await recorder.flush();
      return reader.forDialect(orgId, dialect, since);
    },
  };
}
