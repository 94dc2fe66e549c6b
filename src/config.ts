import { retirementFromEnv, type DialectRetirement } from './retirement/config';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './store/request-budget';

// Configuration from the environment (docs/operations.md#configuration), read once at start.

export interface Config {
  port: number;
  /** HOST: the address to listen on (default 0.0.0.0: every IPv4 interface; `::` for IPv6 too). */
  host?: string;
  /** TRUST_PROXY: express's 'trust proxy' (default false: X-Forwarded-* never count); docs/operations.md. */
  trustProxy?: TrustProxy;
  /** BOOTSTRAP_CREDENTIALS_FILE: the first-start credentials are written there (0600) instead of stdout. */
  bootstrapCredentialsFile?: string;
  databaseUrl: string;
  emailDomain: string;
  bcryptCost: number;
  tokenTtlSeconds: number;
  /** TOKEN_FORMAT: `opaque` (HMAC-signed iamgt_…, the default) or `jwt` (RFC 9068, Ed25519, JWKS). */
  tokenFormat?: 'opaque' | 'jwt';
  /** TOKEN_AUDIENCE: a JWT's `aud`; the issuer when unset. */
  tokenAudience?: string;
  /** TOKEN_KEY_ROTATION_SECONDS: how long one signing key signs before the next takes over. */
  tokenKeyRotationSeconds?: number;
  /** PUBLIC_URL: the base of every URL iamgate names (OAuth2 issuer, v3 links); src/http/public-origin.ts when unset. */
  publicUrl?: string;
  rateLimits: { authFailuresPerMinute: number; tokenRequestsPerMinute: number };
  /** 32 bytes (base64 or hex) sealing stored idempotent responses; see src/http/idempotency. */
  idempotencyKey?: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** IAMGATE_WORKERS: server processes sharing the port (1 = no cluster). */
  workers: number;
  /** CORS_ORIGINS (comma-separated): browser origins allowed; none by default. */
  corsOrigins: string[];
  requestTimeoutMs: number;
  /** Largest request header block accepted (431 beyond). */
  maxHeaderBytes: number;
  /** METRICS_TOKEN: when set, GET /metrics requires `Authorization: Bearer <it>`. */
  metricsToken?: string;
  /** SIGTERM: in-flight requests get this long, then the process exits whatever is pending. */
  shutdownGraceMs?: number;
  /** A database call that takes longer is answered 503 (PostgreSQL also cancels it server-side). */
  dbTimeoutMs?: number;
  /** What one request may take from the database: store calls (REQUEST_DB_QUERIES) and their time (REQUEST_DB_MS); 503 beyond. */
  requestDbLimits?: RequestLimits;
  /** At start, an unreachable database is retried (with backoff) for this long before giving up. */
  dbConnectRetryS?: number;
  /** Log lines waiting for a slow stdout/stderr beyond this many bytes are dropped (and counted). */
  logBufferBytes?: number;
  /** REQUEST_LOGS=off: no request logs are recorded (default on). */
  requestLogs?: boolean;
  /** Request logs older than this many days are purged (REQUEST_LOG_RETENTION_DAYS, default 30). */
  requestLogRetentionDays?: number;
  /** FEDERATION_HTTP_ISSUERS (comma-separated): token issuers that may be http and at any address (tests, labs). */
  federationHttpIssuers?: string[];
  /** FEDERATION_FETCH_TIMEOUT_MS: the deadline of one fetch of an issuer's discovery document or keys. */
  federationFetchTimeoutMs?: number;
  /** FEDERATION_JWKS_MAX_AGE_S: discovered keys older than this are fetched again before use. */
  federationJwksMaxAgeS?: number;
  /** Deprecation, sunset and brownouts per dialect name (DIALECT_*_<NAME>; src/retirement/config.ts). */
  retirement?: Record<string, DialectRetirement>;
  /** SECRET_SCANNING_GITHUB_KEYS: a file of GitHub's secret-scanning public keys; unset, POST /secret-scanning/github is 404. */
  secretScanningGithubKeys?: string;
  /** JANITOR_INTERVAL_S: how often the janitor applies the credential policies (default 300; 0: never in-process). */
  janitorIntervalS?: number;
  /** WEBHOOK_ALLOWED_HOSTS (comma-separated): hosts webhooks may reach over plain http and at private addresses. */
  webhookAllowedHosts?: string[];
  /** WEBHOOK_TIMEOUT_MS: the deadline of one delivery attempt (default 10000). */
  webhookTimeoutMs?: number;
  /** WEBHOOK_CONCURRENCY: deliveries one process sends at once, one per subscription (default 8). */
  webhookConcurrency?: number;
  /** WEBHOOK_POLL_MS: how often the deliverer looks for due deliveries (default 1000). */
  webhookPollMs?: number;
}

export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_DB_TIMEOUT_MS = 5_000;
export const DEFAULT_LOG_BUFFER_KB = 1024;
export const DEFAULT_JANITOR_INTERVAL_S = 300;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_CONCURRENCY = 8;
export const DEFAULT_WEBHOOK_POLL_MS = 1_000;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new Error(`${name} must be on or off (got "${env[name]}")`);
}

function tokenFormatFrom(raw: string | undefined): 'opaque' | 'jwt' {
  if (raw === undefined || raw === '' || raw === 'opaque') return 'opaque';
  if (raw === 'jwt') return 'jwt';
  throw new Error(`TOKEN_FORMAT must be opaque or jwt (got "${raw}")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || DEFAULT_HOST,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    bootstrapCredentialsFile: env.BOOTSTRAP_CREDENTIALS_FILE || undefined,
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/iamgate.sqlite',
    emailDomain: env.IAM_EMAIL_DOMAIN || 'iam.ctrl-hub.com',
    bcryptCost: intFrom(env, 'BCRYPT_COST', 10, 4, 15),
    tokenTtlSeconds: intFrom(env, 'TOKEN_TTL_SECONDS', 3600, 1, 86_400 * 30),
    tokenFormat: tokenFormatFrom(env.TOKEN_FORMAT),
    tokenAudience: env.TOKEN_AUDIENCE || undefined,
    tokenKeyRotationSeconds: intFrom(env, 'TOKEN_KEY_ROTATION_SECONDS', 86_400, 60, 86_400 * 365),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    idempotencyKey: env.IDEMPOTENCY_ENCRYPTION_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    workers: intFrom(env, 'IAMGATE_WORKERS', 1, 1, 64),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    requestTimeoutMs: intFrom(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    maxHeaderBytes: intFrom(env, 'MAX_HEADER_BYTES', 16 * 1024, 1024, 1024 * 1024),
    metricsToken: env.METRICS_TOKEN || undefined,
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', DEFAULT_SHUTDOWN_GRACE_MS, 100, 600_000),
    dbTimeoutMs: intFrom(env, 'DB_TIMEOUT_MS', DEFAULT_DB_TIMEOUT_MS, 100, 600_000),
    requestDbLimits: {
      queries: intFrom(env, 'REQUEST_DB_QUERIES', DEFAULT_REQUEST_LIMITS.queries, 10, 1_000_000),
      ms: intFrom(env, 'REQUEST_DB_MS', DEFAULT_REQUEST_LIMITS.ms, 50, 600_000),
    },
    dbConnectRetryS: intFrom(env, 'DB_CONNECT_RETRY_S', 60, 0, 86_400),
    logBufferBytes: intFrom(env, 'LOG_BUFFER_KB', DEFAULT_LOG_BUFFER_KB, 16, 1024 * 1024) * 1024,
    requestLogs: onOff(env, 'REQUEST_LOGS', true),
    requestLogRetentionDays: intFrom(env, 'REQUEST_LOG_RETENTION_DAYS', 30, 1, 3650),
    retirement: retirementFromEnv(env),
    federationHttpIssuers: (env.FEDERATION_HTTP_ISSUERS ?? '')
      .split(',')
      .map((i) => i.trim())
      .filter(Boolean),
    federationFetchTimeoutMs: intFrom(env, 'FEDERATION_FETCH_TIMEOUT_MS', 3_000, 100, 60_000),
    federationJwksMaxAgeS: intFrom(env, 'FEDERATION_JWKS_MAX_AGE_S', 600, 60, 86_400),
    secretScanningGithubKeys: env.SECRET_SCANNING_GITHUB_KEYS || undefined,
    janitorIntervalS: intFrom(env, 'JANITOR_INTERVAL_S', DEFAULT_JANITOR_INTERVAL_S, 0, 86_400 * 7),
    webhookAllowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\[(.*)\]$/, '$1'),
      )
      .filter(Boolean),
    webhookTimeoutMs: intFrom(env, 'WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_TIMEOUT_MS, 100, 120_000),
    webhookConcurrency: intFrom(env, 'WEBHOOK_CONCURRENCY', DEFAULT_WEBHOOK_CONCURRENCY, 1, 256),
    webhookPollMs: intFrom(env, 'WEBHOOK_POLL_MS', DEFAULT_WEBHOOK_POLL_MS, 10, 60_000),
    rateLimits: {
      authFailuresPerMinute: intFrom(env, 'RATE_LIMIT_AUTH_FAILURES', 20, 1, 1_000_000),
      tokenRequestsPerMinute: intFrom(env, 'RATE_LIMIT_TOKEN_REQUESTS', 600, 1, 100_000_000),
    },
  };
}
