// Structured JSON logs (pino). Credentials are redacted wherever they might be logged. Lines go to
// a LogSink (stdout unless told otherwise), which never blocks the process.
import pino, { type Logger } from 'pino';
import { logSink } from './log-sink';
import { redactText } from './redaction';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  '*.clientSecret',
  '*.client_secret',
  '*.secret',
  '*.access_token',
  '*.token',
  '*.key',
  'clientSecret',
  'client_secret',
];

/**
 * The `err` serializer: a thrown value as pino's std one shapes it ({type, message, stack}), but only
 * those three: pino's copies every enumerable property, and driver errors carry the query's
 * parameters (which may hold key hashes). The message is cut at 500 characters and secret-shaped
 * text in it redacted; the stack keeps its frames under that message (V8's own first line holds the
 * whole message).
 */
export function errorFields(err: unknown): { type: string; message: string; stack?: string } {
  const e = err instanceof Error ? err : undefined;
  const message = redactText(String(e ? e.message : err).slice(0, 500));
  const type = e ? e.constructor?.name || e.name : typeof err;
  if (typeof e?.stack !== 'string') return { type, message };
  const frames = e.stack.indexOf('\n    at ');
  return { type, message, stack: `${e.name}: ${message}${frames < 0 ? '' : e.stack.slice(frames)}` };
}

/** A thrown value's message for a log line's `message`: cut to `max` characters, secrets redacted. */
export function errorMessage(err: unknown, max: number): string {
  return redactText(String((err as Error | undefined)?.message ?? err).slice(0, max));
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'iamgate' }, serializers: { err: errorFields }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination ?? logSink(1),
  );
}
