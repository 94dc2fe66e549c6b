// IAMGATE_WORKERS=N: the primary runs migrations and the first-start bootstrap once, then forks N
// workers that share the listening port. A worker that dies is replaced; SIGTERM stops them all
// gracefully (each finishes its in-flight requests) before the primary exits.
import cluster, { type Worker } from 'node:cluster';
import { bootstrapLine } from './bootstrap-line';
import { openRuntime } from './composition';
import type { Config } from './config';

export async function runPrimary(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const boot = await runtime.store.exclusively(() => runtime.core.bootstrapIfEmpty());
  await runtime.store.close();
  if (boot) process.stdout.write(`${bootstrapLine(boot)}\n`);

  let stopping = false;
  let announced = false;
  const fork = (): Worker => cluster.fork();
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    process.stderr.write(`iamgate listening on http://127.0.0.1:${address.port} (${config.workers} workers)\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`iamgate worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    fork();
  });
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w.process.kill('SIGTERM');
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  for (let i = 0; i < config.workers; i++) fork();
}
