// A bare HTTP client for the fuzzer: it sends exactly the headers and bytes it is given (no
// default Content-Type, no JSON encoding, query strings as written), over one keep-alive socket.
import http from 'node:http';

export interface WireRequest {
  method: string;
  /** Path and query, already encoded as the fuzzer wants them on the wire. */
  path: string;
  headers: [string, string][];
  body?: Buffer;
}

export interface WireResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  body: unknown;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function sendWire(port: number, req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of req.headers) headers[name] = value;
    if (req.body) headers['content-length'] = String(req.body.length);
    const out = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text && /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    out.on('error', reject);
    out.end(req.body);
  });
}

/** What an HTTP client may put in a header value: tab, printable ASCII and Latin-1. */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;

/** encodeURIComponent that also takes lone surrogates (as the UTF-8 of U+FFFD, like any client would send). */
export function encodeComponent(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Percent-encodes only what may not stand in a request target, so `%ZZ` and `..` reach the server as written. */
export function targetSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]|[#?/&=]/gu, (c) => encodeComponent(c));
}

export function closeWireClients(): void {
  agent.destroy();
}
