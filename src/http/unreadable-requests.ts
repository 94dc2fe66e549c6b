// Requests node's HTTP parser gives up on (a header block over MAX_HEADER_BYTES, a malformed header
// line) never reach express: node would answer a bare `431` or `400` with no body. Where the request
// line could be read, the request goes through the app anyway, marked unreadable, with no headers
// and no body: the access log counts it and the dialect whose path it names answers in its own
// shape (JSON elsewhere). Without a request line, a plain JSON problem is written to the socket.
import { IncomingMessage, ServerResponse, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { DomainError } from '../core/errors';

type ParseError = Error & { code?: string; rawPacket?: Buffer };

const REQUEST_LINE = /^([A-Z]{1,16}) (\/[^\s]{0,8192}) HTTP\/1\.[01]\r?\n/;
const UNREADABLE = Symbol('unreadable');
type Marked = IncomingMessage & { [UNREADABLE]?: DomainError };

/** What the client is told about a request node could not parse. */
function refusal(err: ParseError): DomainError {
  if (err.code === 'HPE_HEADER_OVERFLOW') return new DomainError('HEADERS_TOO_LARGE', "The request's header block is too large");
  return new DomainError('BAD_REQUEST', 'The request could not be read (malformed HTTP)');
}

export function answerUnreadableRequests(server: Server, app: RequestListener): void {
  server.on('clientError', (err: ParseError, socket: Socket) => {
    // A client that went away, or a socket already answered: nothing to say.
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return bare(socket, 408, 'Request Timeout', 'The request was not received in time');
    const line = REQUEST_LINE.exec(err.rawPacket?.toString('latin1') ?? '');
    if (!line) return bare(socket, 400, 'Bad Request', 'The request could not be read (malformed HTTP)');
    const req = new IncomingMessage(socket) as Marked;
    req.method = line[1];
    req.url = line[2];
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    req[UNREADABLE] = refusal(err);
    req.push(null); // no body: none of it is read
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false; // the parser gave up on this connection
    res.assignSocket(socket);
    res.once('finish', () => socket.end());
    app(req, res);
  });
}

/** The first stop after the request id and the access log: a request marked unreadable goes no further. */
export const refuseUnreadable: RequestHandler = (req, _res, next) => {
  next((req as unknown as Marked)[UNREADABLE]);
};

function bare(socket: Socket, status: number, title: string, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
