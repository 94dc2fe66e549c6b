// Process entry: config, database (migrations run on open), first-start bootstrap, listen, and a
// graceful stop on SIGTERM/SIGINT that lets in-flight requests finish. With IAMGATE_WORKERS=N the
// primary migrates and bootstraps once, then N workers share the port (node:cluster).
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { bootstrapLine } from './bootstrap-line';
import { runPrimary } from './cluster';
import { openRuntime, type Runtime } from './composition';
import { loadConfig, type Config } from './config';
import type { BootstrappedOrganization } from './core/organizations';
import { createApp } from './http/app';
import { applyServerTimeouts } from './http/hardening';
import { deprioritizeHelperThreads } from './thread-priority';

export interface RunningServer {
  server: Server;
  /** The organization made on a first start with an empty database, if any. */
  boot: BootstrappedOrganization | null;
  runtime: Runtime;
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  const boot = await runtime.store.exclusively(() => runtime.core.bootstrapIfEmpty());
  const app = createApp(runtime);
  // Node checks request and header deadlines on this interval; the default (30 s) is too coarse.
  const server = createServer({ maxHeaderSize: config.maxHeaderBytes, connectionsCheckingInterval: 1_000 }, app);
  applyServerTimeouts(server, config.requestTimeoutMs);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const stop = async () => {
    // Stop accepting, let in-flight requests finish, drop idle keep-alive sockets at once.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await runtime.limiter.close(); // its last counts, before the store goes
    await runtime.store.close();
  };
  return { server, boot, runtime, port, stop };
}

async function serve(config: Config): Promise<void> {
  const running = await startServer(config);
  // The thread pool exists by now (the secret verifier hashed its decoy at start).
  deprioritizeHelperThreads();
  if (running.boot) process.stdout.write(`${bootstrapLine(running.boot)}\n`);
  if (cluster.isPrimary) process.stderr.write(`iamgate listening on http://127.0.0.1:${running.port} (${running.runtime.store.engine})\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.runtime.logger.info({ signal }, 'finishing in-flight requests');
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary && config.workers > 1) await runPrimary(config);
  else await serve(config);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`iamgate failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
