// Configuration from the environment (contract section 8), read once at start.

export interface Config {
  port: number;
  databaseUrl: string;
  emailDomain: string;
  bcryptCost: number;
  tokenTtlSeconds: number;
  /** The public base URL (OAuth2 issuer); taken from each request when unset. */
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
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 8080, 0, 65535),
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/iamgate.sqlite',
    emailDomain: env.IAM_EMAIL_DOMAIN || 'iam.ctrl-hub.com',
    bcryptCost: intFrom(env, 'BCRYPT_COST', 10, 4, 15),
    tokenTtlSeconds: intFrom(env, 'TOKEN_TTL_SECONDS', 3600, 1, 86_400 * 30),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    idempotencyKey: env.IDEMPOTENCY_ENCRYPTION_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    workers: intFrom(env, 'IAMGATE_WORKERS', 1, 1, 64),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    requestTimeoutMs: intFrom(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    maxHeaderBytes: intFrom(env, 'MAX_HEADER_BYTES', 16 * 1024, 1024, 1024 * 1024),
    metricsToken: env.METRICS_TOKEN || undefined,
    rateLimits: {
      authFailuresPerMinute: intFrom(env, 'RATE_LIMIT_AUTH_FAILURES', 20, 1, 1_000_000),
      tokenRequestsPerMinute: intFrom(env, 'RATE_LIMIT_TOKEN_REQUESTS', 600, 1, 100_000_000),
    },
  };
}
