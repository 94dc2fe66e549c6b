// IAMGATE_WORKERS=N: the primary runs migrations and the first-start bootstrap once, then forks N
// workers that share the listening port. A worker that dies is replaced, after a wait that grows
// while workers keep dying young (restart-backoff.ts); one that fails before any worker ever listened
// is a failed start. SIGTERM stops them all gracefully (each finishes its in-flight requests, within
// SHUTDOWN_GRACE_MS) before the primary exits; one still running after that is killed.
import cluster, { type Worker } from 'node:cluster';
import { announceBootstrap } from './bootstrap-line';
import { openRuntime } from './composition';
import { DEFAULT_HOST, DEFAULT_SHUTDOWN_GRACE_MS, type Config } from './config';
import { listeningUrl } from './http/listen';
import { logCrash } from './lifecycle';
import { RestartBackoff } from './restart-backoff';

/** What a worker gets beyond its own grace period before the primary kills it. */
const KILL_MARGIN_MS = 2_000;

export async function runPrimary(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const boot = await runtime.store.exclusively(() => runtime.core.bootstrapIfEmpty());
  await runtime.store.close();
  if (boot) announceBootstrap(boot, config.bootstrapCredentialsFile);

  const { logger } = runtime;
  const graceMs = config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const backoff = new RestartBackoff();
  const started = new Map<number, number>();
  const pending = new Set<NodeJS.Timeout>();
  let stopping = false;
  let exitCode = 0;
  let announced = false;
  const fork = (): void => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    process.stderr.write(
      `iamgate listening on ${listeningUrl(address.address ?? config.host ?? DEFAULT_HOST, address.port)} (${config.workers} workers)\n`,
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    if (!announced && code === 1) {
      // Nothing ever listened: the worker said why on stderr; forking more would say it again.
      process.stderr.write('iamgate failed to start: its first worker could not start\n');
      shutdown(1);
      return;
    }
    const waitMs = backoff.next(lived);
    process.stderr.write(
      `iamgate worker ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 100) / 10} s; starting another in ${waitMs} ms\n`,
    );
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) fork();
    }, waitMs);
    pending.add(timer);
  });
  const shutdown = (code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const timer of pending) clearTimeout(timer);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(code);
    for (const w of workers) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, graceMs + KILL_MARGIN_MS).unref();
  };
  process.on('SIGTERM', () => shutdown());
  process.on('SIGINT', () => shutdown());
  process.on('unhandledRejection', (reason) => {
    logCrash(logger, 'unhandled rejection in the cluster primary', reason);
    shutdown(1);
  });
  process.on('uncaughtException', (err) => {
    logCrash(logger, 'uncaught exception in the cluster primary', err);
    shutdown(1);
  });
  for (let i = 0; i < config.workers; i++) fork();
}
