// Structured JSON logs (pino). Credentials are redacted wherever they might be logged. Lines go to
// a LogSink (stdout unless told otherwise), which never blocks the process.
import pino, { type Logger } from 'pino';
import { logSink } from './log-sink';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization',
  '*.clientSecret', '*.client_secret', '*.secret', '*.access_token', '*.token', '*.key', 'clientSecret', 'client_secret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'iamgate' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination ?? logSink(1));
}
