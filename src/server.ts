// Process entry: config, database (migrations run on open), first-start bootstrap, listen, and a
// graceful stop on SIGTERM/SIGINT (or a crash) that lets in-flight requests finish, within
// SHUTDOWN_GRACE_MS. With IAMGATE_WORKERS=N the primary migrates and bootstraps once, then N workers
// share the port (node:cluster). A failed start prints one line, never a stack trace.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { announceBootstrap } from './bootstrap-line';
import { runPrimary } from './cluster';
import { openRuntime, type Runtime } from './composition';
import { DEFAULT_HOST, DEFAULT_JANITOR_INTERVAL_S, DEFAULT_SHUTDOWN_GRACE_MS, loadConfig, type Config } from './config';
import type { BootstrappedOrganization } from './core/organizations';
import type { Clock } from './core/ports';
import { DIALECTS } from './dialects';
import type { Dialect } from './http/dialect';
import { createApp } from './http/app';
import { createAppServer } from './http/app-server';
import { applyServerTimeouts } from './http/hardening';
import { listen, listeningUrl } from './http/listen';
import { answerUnreadableRequests } from './http/unreadable-requests';
import { installProcessHandlers, reportFailedStart, shutdownOnce } from './lifecycle';
import { Sweeper } from './maintenance';
import { JanitorTimer } from './janitor';
import { startWebhookDeliverer } from './webhooks/start';
import { deprioritizeHelperThreads } from './thread-priority';

export interface RunningServer {
  server: Server;
  /** The organization made on a first start with an empty database, if any. */
  boot: BootstrappedOrganization | null;
  runtime: Runtime;
  port: number;
  /** The address bound (HOST, default 0.0.0.0), as the start-up line names it. */
  address: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Tests move time instead of sleeping. */
  clock?: Clock;
  /** The dialects to serve (src/dialects.ts by default). */
  dialects?: Dialect[];
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const runtime = await openRuntime(config, { clock: options.clock });
  const boot = await runtime.store.exclusively(() => runtime.core.bootstrapIfEmpty());
  const app = createApp(runtime, options.dialects ?? DIALECTS);
  // Node checks request and header deadlines on this interval; the default (30 s) is too coarse.
  const server = createAppServer(app, { maxHeaderSize: config.maxHeaderBytes, connectionsCheckingInterval: 1_000 });
  applyServerTimeouts(server, config.requestTimeoutMs);
  answerUnreadableRequests(server, app);
  const host = config.host ?? DEFAULT_HOST;
  await listen(server, config.port, host);
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  const address = typeof bound === 'object' && bound ? bound.address : host;
  const sweeper = new Sweeper(runtime.store, runtime.clock, runtime.logger).start();
  // Issue 32: the credential policies applied on a timer (one process at a time), webhooks sent off the request path.
  const janitor = new JanitorTimer(runtime, runtime.logger, (config.janitorIntervalS ?? DEFAULT_JANITOR_INTERVAL_S) * 1000).start();
  const deliverer = startWebhookDeliverer(runtime);
  const stop = async () => {
    // Stop accepting, let in-flight requests finish; keep-alive sockets go as soon as they are idle.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    await closed.finally(() => clearInterval(idle));
    await sweeper.stop();
    await janitor.stop();
    await deliverer.stop();
    await runtime.requestLogs?.close(); // queued request logs, before the store goes
    await runtime.limiter.close(); // its last counts, before the store goes
    await runtime.store.close();
  };
  return { server, boot, runtime, port, address, stop };
}

async function serve(config: Config): Promise<void> {
  const running = await startServer(config);
  // The thread pool exists by now (the secret verifier hashed its decoy at start).
  deprioritizeHelperThreads();
  if (running.boot) announceBootstrap(running.boot, config.bootstrapCredentialsFile);
  if (cluster.isPrimary)
    process.stderr.write(`iamgate listening on ${listeningUrl(running.address, running.port)} (${running.runtime.store.engine})\n`);
  // SIGTERM, SIGINT and crashes: a graceful stop, bounded by SHUTDOWN_GRACE_MS (src/lifecycle.ts).
  const { logger } = running.runtime;
  const graceMs = config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  installProcessHandlers(
    logger,
    shutdownOnce({ stop: running.stop, abandon: () => running.server.closeAllConnections(), logger, graceMs }),
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary && config.workers > 1) await runPrimary(config);
  else await serve(config);
}

if (require.main === module) reportFailedStart(main());
