// Process entry: config, database (migrations run on open), first-start bootstrap, listen, and a
// graceful stop on SIGTERM/SIGINT that lets in-flight requests finish.
import type { Server } from 'node:http';
import { bootstrapLine } from './bootstrap-line';
import { openRuntime, type Runtime } from './composition';
import { loadConfig, type Config } from './config';
import type { BootstrappedOrganization } from './core/organizations';
import { createApp } from './http/app';

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
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.store.close();
  };
  return { server, boot, runtime, port, stop };
}

async function main(): Promise<void> {
  const running = await startServer(loadConfig());
  if (running.boot) process.stdout.write(`${bootstrapLine(running.boot)}\n`);
  process.stderr.write(`iamgate listening on http://127.0.0.1:${running.port} (${running.runtime.store.engine})\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing in-flight requests\n`);
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`iamgate failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
