// Requests node's HTTP parser gives up on (a header block over MAX_HEADER_BYTES, a malformed header
// line, a bad chunk) never reach express: node would answer a bare `431` or `400` with no body. Where
// the request line could be read, the request goes through the app anyway, marked unreadable, with
// no headers and no body: the access log counts it and the dialect whose path it names answers in
// its own shape (JSON elsewhere). Without a request line, a plain JSON problem is written to the
// socket. Either way the connection closes afterwards: the parser cannot go on.
//
// The bad bytes may follow requests still being answered on the same connection (pipelined, or a
// request whose body turned out malformed after it was answered). A socket carries one response at
// a time, so the refusal waits for the answers before it and is never a second response on a socket
// already holding one (issue 25: that threw, and ended the process). The parser reports the same
// error again for every later packet; the first report decides, the rest are ignored.
import { IncomingMessage, ServerResponse, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { DomainError } from '../core/errors';
import { HTTP_STATUS, REASON } from './status';

type ParseError = Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number };

/** What node keeps on an HTTP server's socket: the response it carries now, and its parser. */
type HttpSocket = Socket & {
  _httpMessage?: ServerResponse | null;
  parser?: { incoming?: IncomingMessage | null } | null;
  [REFUSED]?: true;
};

const REQUEST_LINE = /(?:^|\n)([A-Z]{1,16}) (\/[^\s]{0,8192}) HTTP\/1\.[01]\r?\n/g;
const UNREADABLE = Symbol('unreadable');
const REFUSED = Symbol('refused');
type Marked = IncomingMessage & { [UNREADABLE]?: DomainError };

/** What the client is told about a request node could not parse. */
function refusal(err: ParseError): DomainError {
  if (err.code === 'HPE_HEADER_OVERFLOW') return new DomainError('HEADERS_TOO_LARGE', "The request's header block is too large");
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new DomainError('BAD_REQUEST', 'The request was not received in time');
  return new DomainError('BAD_REQUEST', 'The request could not be read (malformed HTTP)');
}

const statusOf = (err: ParseError, refused: DomainError) => (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : HTTP_STATUS[refused.code]);

export function answerUnreadableRequests(server: Server, app: RequestListener): void {
  server.on('clientError', (err: ParseError, plain: Socket) => {
    const socket = plain as HttpSocket;
    if (socket[REFUSED]) {
      // Already being refused: more of the same bytes change nothing; a deadline ends the wait.
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.destroy();
      return;
    }
    socket[REFUSED] = true;
    // A client that went away, or a socket already answered: nothing to say.
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    // The request whose body was being read when the parser gave up: the app has it already.
    const incoming = socket.parser?.incoming;
    const started = incoming && !incoming.complete ? incoming : undefined;
    settle(socket, app, err, started, started ? undefined : requestLineOf(err));
  });
}

/**
 * Refuses the bad request once the responses before it on the socket are done: through the app
 * when it never reached it, or as raw bytes when it did and its own response has not begun.
 */
function settle(socket: HttpSocket, app: RequestListener, err: ParseError, started: IncomingMessage | undefined, line?: RequestLine): void {
  if (socket.destroyed || !socket.writable) return void socket.destroy();
  const current = socket._httpMessage;
  if (current && (!started || current.req !== started)) return afterFinish(current, () => settle(socket, app, err, started, line));
  const refused = refusal(err);
  const status = statusOf(err, refused);
  if (started) {
    // Its handler may be waiting for the rest of the body: the answer is ours, and the connection
    // goes, which ends that wait (node's own clientError does the same). Begun, its answer stands.
    if (current && !current.headersSent) {
      socket.write(bare(status, refused.message));
      return void socket.destroy();
    }
    if (current) return afterFinish(current, () => socket.end());
    return void socket.end();
  }
  if (!line || status === 408) return void socket.end(bare(status, refused.message));
  const req = new IncomingMessage(socket) as Marked;
  req.method = line.method;
  req.url = line.url;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  req[UNREADABLE] = refused;
  req.push(null); // no body: none of it is read
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false; // the parser gave up on this connection
  res.assignSocket(socket);
  res.once('finish', () => socket.end());
  app(req, res);
}

/** Runs `then` once when `res` has finished or closed (by then node has moved the socket on). */
function afterFinish(res: ServerResponse, then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  res.once('finish', once);
  res.once('close', once);
}

interface RequestLine {
  method: string;
  url: string;
}

/**
 * The request line of the request that failed: the last one up to the line where the parser stopped,
 * unless its header block ended before that line (then the bytes that failed are no request at all).
 */
function requestLineOf(err: ParseError): RequestLine | undefined {
  const raw = err.rawPacket;
  if (!raw) return undefined;
  const stop = raw.indexOf(0x0a, Math.min(err.bytesParsed ?? 0, raw.length));
  const text = raw.toString('latin1', 0, stop < 0 ? raw.length : stop + 1);
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(REQUEST_LINE)) last = m;
  if (!last || /\n\r?\n/.test(text.slice(last.index + last[0].length - 1))) return undefined;
  return { method: last[1], url: last[2] };
}

/** The first stop after the request id and the access log: a request marked unreadable goes no further. */
export const refuseUnreadable: RequestHandler = (req, _res, next) => {
  next((req as unknown as Marked)[UNREADABLE]);
};

function bare(status: number, detail: string): string {
  const title = status === 408 ? 'Request Timeout' : (REASON[status] ?? 'Bad Request');
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  return `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
