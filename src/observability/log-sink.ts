// Where pino writes: stdout or stderr, never blocking the process (issue 16). pino's own destination
// writes synchronously and, when a pipe nobody reads is full (a stalled log shipper), retries the
// write forever (Atomics.wait), so the server could not even exit on SIGTERM. Here lines are batched
// and handed to Node's own stream for the fd, which queues what the pipe does not take; once that
// queue and the batch hold `maxBytes`, new lines are dropped and counted
// (iamgate_log_lines_dropped_total) instead of growing memory without bound. Write errors (EPIPE,
// a closed reader) drop lines too; logs never stop the server.
import type { Writable } from 'node:stream';

export class LogSink {
  dropped = 0;
  private batch: string[] = [];
  private batchBytes = 0;
  private scheduled = false;
  private broken = false;

  constructor(
    private readonly stream: Writable,
    private maxBytes: number,
  ) {
    stream.on('error', () => {
      this.broken = true;
    });
    process.on('exit', () => this.flush());
  }

  /** The bound applies from now on (every runtime of a process shares the sink of its fd). */
  limit(maxBytes: number): void {
    this.maxBytes = maxBytes;
  }

  /** pino's DestinationStream. */
  write(line: string): void {
    if (this.broken || this.batchBytes + this.stream.writableLength + line.length > this.maxBytes) {
      this.dropped++;
      return;
    }
    this.batch.push(line);
    this.batchBytes += line.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Hands the batch to the stream (which never blocks on a pipe or socket). */
  flush(): void {
    this.scheduled = false;
    if (!this.batch.length) return;
    const text = this.batch.join('');
    this.batch = [];
    this.batchBytes = 0;
    if (this.broken) return;
    try {
      this.stream.write(text);
    } catch {
      this.broken = true;
    }
  }

  /** Resolves once the stream took everything, or after `ms` (a stalled pipe keeps it). */
  drained(ms: number): Promise<void> {
    this.flush();
    if (this.broken || this.stream.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stream.off('drain', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stream.on('drain', done);
    });
  }
}

const sinks = new Map<1 | 2, LogSink>();
const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The process's one sink for fd 1 or 2 (process.stdout / process.stderr are singletons too). */
export function logSink(fd: 1 | 2, maxBytes = DEFAULT_MAX_BYTES): LogSink {
  let sink = sinks.get(fd);
  if (!sink) {
    sink = new LogSink(fd === 1 ? process.stdout : process.stderr, maxBytes);
    sinks.set(fd, sink);
  } else {
    sink.limit(maxBytes);
  }
  return sink;
}

/** Lines dropped on both fds so far. */
export function droppedLogLines(): number {
  let n = 0;
  for (const sink of sinks.values()) n += sink.dropped;
  return n;
}

/** Waits (at most `ms`) for every sink to hand its lines to the OS. */
export async function drainLogs(ms: number): Promise<void> {
  await Promise.all([...sinks.values()].map((s) => s.drained(ms)));
}
