// Starts a real iamgate on port 0 for a test file, on SQLite in memory or, when TEST_DATABASE_URL
// names PostgreSQL, in a fresh schema of that database (dropped afterwards).
import request from 'supertest';
import type { Config } from '../../src/config';
import type { Clock } from '../../src/core/ports';
import { DIALECTS } from '../../src/dialects';
import type { Dialect } from '../../src/http/dialect';
import { startServer, type RunningServer } from '../../src/server';
import { freshDatabase } from './fresh-database';
import { withOpenApiCheck } from './openapi-check';

export { freshDatabase };

export interface Credentials {
  organizationId: string;
  serviceAccountId: string;
  clientId: string;
  secret: string;
}

export interface TestServer {
  running: RunningServer;
  http: ReturnType<typeof request>;
  /** The Admin of the `Default` organization made on first start. */
  admin: Credentials;
  engine: 'sqlite' | 'postgres';
  /** The server's clock: real time plus whatever the test moved it forward. */
  clock: TestClock;
  newOrg(name: string): Promise<Credentials>;
  /** Raw SQL against the test database (for checking what is stored). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Real time, movable forward: a test that waits for an expiry advances it instead of sleeping. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestServerOptions {
  /** Extra dialects to serve beside src/dialects.ts's (a fourth dialect, in tests). */
  dialects?: Dialect[];
}

export async function startTestServer(overrides: Partial<Config> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const db = await freshDatabase();
  const config: Config = {
    port: 0,
    databaseUrl: db.url,
    emailDomain: 'iam.ctrl-hub.com',
    bcryptCost: 4,
    tokenTtlSeconds: 3600,
    rateLimits: { authFailuresPerMinute: 1000, tokenRequestsPerMinute: 10_000 },
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    workers: 1,
    corsOrigins: [],
    requestTimeoutMs: 30_000,
    maxHeaderBytes: 16 * 1024,
    // The webhook deliverer polls the outbox; in a test that counts a request's statements
    // (test/support/statement-count.ts) a poll landing meanwhile is counted too. It stays quiet
    // unless the test asks for it (test/hygiene/webhooks.test.ts polls every 50 ms).
    webhookPollMs: 3_600_000,
    ...overrides,
  };
  const clock = new TestClock();
  const running = await startServer(config, { clock, dialects: options.dialects && [...DIALECTS, ...options.dialects] });
  if (!running.boot?.admin.issued) throw new Error('expected a first-start bootstrap');
  const credsOf = (boot: NonNullable<RunningServer['boot']>): Credentials => ({
    organizationId: boot.organization.id,
    serviceAccountId: boot.admin.view.account.id,
    clientId: boot.admin.view.account.clientId,
    secret: boot.admin.issued!.secret,
  });
  return {
    running,
    http: withOpenApiCheck(request(`http://127.0.0.1:${running.port}`)),
    admin: credsOf(running.boot),
    engine: db.engine,
    clock,
    newOrg: async (name) => credsOf(await running.runtime.core.createOrganization(name)),
    query: (sql) => running.runtime.store.dataSource.query(sql),
    close: async () => {
      await running.stop();
      await db.drop();
    },
  };
}

export interface UsedTestServer extends TestServer {
  /** `Authorization: Bearer <the bootstrap Admin's secret>`, filled in before the first test. */
  adminBearer: Record<string, string>;
}

/**
 * A server for the whole test file: started in beforeAll, stopped in afterAll. The object is filled
 * in when the server has started, so read its members inside hooks and tests, not at load time.
 */
export function useTestServer(overrides: Partial<Config> = {}, options: TestServerOptions = {}): UsedTestServer {
  const holder = { adminBearer: {} } as UsedTestServer;
  beforeAll(async () => {
    const started = await startTestServer(overrides, options);
    Object.assign(holder, started, { adminBearer: holder.adminBearer });
    Object.assign(holder.adminBearer, bearer(started.admin.secret));
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return holder;
}

export const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
export const basic = (clientId: string, secret: string) => ({
  Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
});

/**
 * Rate limits count in fixed one-minute windows: a test that must see several failures land in one
 * window waits, when the next window is less than `marginMs` away, until it has begun.
 */
export async function awayFromMinuteBoundary(marginMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
