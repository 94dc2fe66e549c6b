// A TCP client for what no HTTP client sends: bytes exactly as given (malformed, pipelined, cut
// short), written in pieces, and the answers read back as they come, until the server closes the
// connection or a wait runs out.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** The complete responses read, in order. */
  responses: RawResponse[];
  /** Whether the server closed the connection within the wait. */
  closed: boolean;
  /** Bytes after the last complete response (a response cut short, or not HTTP). */
  rest: string;
}

export interface RawOptions {
  /** Waits this long between pieces (the server reads each on its own). */
  pauseMs?: number;
  /** Ends our side once everything is written (the server then sees the stream end). */
  end?: boolean;
  /** How long to wait for the server to close the connection (default 5 s). */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `pieces` on one new connection and reads every answer until the server closes it. */
export function rawExchange(port: number, pieces: string | Buffer | (string | Buffer)[], options: RawOptions = {}): Promise<RawExchange> {
  const parts = Array.isArray(pieces) ? pieces : [pieces];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponses(Buffer.concat(chunks)), closed });
    };
    const timer = setTimeout(done, options.waitMs ?? 5_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset is one way of closing
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('connect', async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0 && options.pauseMs) await sleep(options.pauseMs);
        if (socket.destroyed) return;
        socket.write(part);
      }
      if (options.end) socket.end();
    });
  });
}

/** HTTP/1.1 responses one after another (Content-Length or chunked bodies), and what is left over. */
export function parseResponses(data: Buffer): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const [statusLine, ...lines] = data.toString('latin1', at, headEnd).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) break;
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    const bodyStart = headEnd + 4;
    const body = bodyOf(data, bodyStart, headers, Number(status[1]));
    if (!body) break;
    responses.push({ status: Number(status[1]), headers, body: body.text });
    at = body.end;
  }
  return { responses, rest: data.toString('latin1', at) };
}

function bodyOf(data: Buffer, start: number, headers: Record<string, string>, status: number): { text: string; end: number } | null {
  if (status === 204 || status === 304) return { text: '', end: start };
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (Number.isNaN(size) || data.length < lineEnd + 2 + size + 2) return null;
      if (size === 0) return { text: Buffer.concat(parts).toString('utf8'), end: lineEnd + 4 };
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers['content-length'] ?? NaN);
  if (Number.isNaN(length) || data.length < start + length) return null;
  return { text: data.toString('utf8', start, start + length), end: start + length };
}
