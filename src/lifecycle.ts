// How a server process ends (issue 16). SIGTERM/SIGINT, an unhandled rejection or an uncaught
// exception all lead to one graceful stop (in-flight requests finish); whatever is still pending after
// `graceMs` (a hung request, an unreachable database, a stalled log pipe) does not keep the process:
// it exits anyway, 1 instead of 0. Crashes are logged with the request in flight (or the requests).
import { errorMessage, type Logger } from './observability/logger';
import { drainLogs } from './observability/log-sink';
import { requestsInFlight } from './observability/request-scope';

export interface Lifecycle {
  /** Graceful stop: stop accepting, finish in-flight requests, close the store. */
  stop(): Promise<void>;
  /** Called when the grace period ran out, before exiting (e.g. drop the remaining connections). */
  abandon?(): void;
  logger: Logger;
  graceMs: number;
  /** process.exit, replaceable in tests. */
  exit?: (code: number) => void;
}

/** Logs can wait this long for a pipe to take them before the process exits. */
const LOG_DRAIN_MS = 500;

export type Shutdown = (reason: string, code?: number) => void;

export function shutdownOnce(life: Lifecycle): Shutdown {
  const exit = life.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  return (reason, code = 0) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + life.graceMs;
    const leave = (status: number) => {
      clearTimeout(timer);
      void drainLogs(Math.max(0, Math.min(LOG_DRAIN_MS, deadline - Date.now()))).then(() => exit(status));
    };
    const timer = setTimeout(() => {
      life.logger.error({ reason, graceMs: life.graceMs }, 'shutdown grace period over; exiting with work pending');
      life.abandon?.();
      exit(1);
    }, life.graceMs);
    life.logger.info({ reason }, 'finishing in-flight requests');
    life.stop().then(
      () => leave(code),
      (err: unknown) => {
        life.logger.error({ reason, error: (err as Error)?.name, message: errorMessage(err, 300) }, 'shutdown failed');
        leave(1);
      },
    );
  };
}

/** Signals and crashes: every way in ends in `shutdown`. */
export function installProcessHandlers(logger: Logger, shutdown: Shutdown): void {
  // A closed stdout or stderr (EPIPE) loses what is written there, nothing more.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logCrash(logger, 'unhandled rejection', reason);
    shutdown('unhandledRejection', 1);
  });
  process.on('uncaughtException', (err) => {
    logCrash(logger, 'uncaught exception', err);
    shutdown('uncaughtException', 1);
  });
}

/**
 * Name, message and the top of the stack (no driver parameters beyond the message's 500
 * characters), with the request in flight, or the ids of those in flight when there are several.
 */
export function logCrash(logger: Logger, what: string, err: unknown): void {
  const e = err as Error | undefined;
  const ids = requestsInFlight();
  logger.fatal(
    {
      requestId: ids.length === 1 ? ids[0] : undefined,
      inFlight: ids.length > 1 ? ids : undefined,
      error: e?.name,
      message: errorMessage(err, 500),
      stack:
        typeof e?.stack === 'string'
          ? e.stack
              .split('\n')
              .slice(1, 6)
              .map((l) => l.trim())
          : undefined,
    },
    what,
  );
}

/**
 * Until `starting` settles, any failure (also a stray async one) is a failed start: one line on
 * stderr (a worker's names its pid), exit 1.
 */
export function reportFailedStart(starting: Promise<void>): void {
  const failed = (err: unknown) => {
    const who = process.env.NODE_UNIQUE_ID ? `iamgate worker ${process.pid}` : 'iamgate';
    process.stderr.write(`${who} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', failed);
  process.on('unhandledRejection', failed);
  starting.then(() => {
    process.off('uncaughtException', failed);
    process.off('unhandledRejection', failed);
  }, failed);
}
