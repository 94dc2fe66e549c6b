// A webhook receiver on 127.0.0.1 for the tests: it verifies every request with the
// `standardwebhooks` package (the Standard Webhooks reference library) and can be up (200), failing
// (503) or closed (connections refused) at will.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { id: string; action: string };
  headers: http.IncomingHttpHeaders;
}

export interface Receiver {
  url: string;
  port: number;
  /** Every verified delivery in the order it arrived (a retry arrives again). */
  received: Received[];
  /** Requests whose signature did not verify with the current secret (answered 401). */
  unverified: number;
  secret: string;
  mode: 'up' | 'failing';
  /** Events delivered, each once, in the order first received. */
  unique(): Received[];
  waitFor(predicate: (r: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /** Stops listening (connections refused) and starts again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  let server: http.Server;
  const r: Receiver = {
    url: '',
    port,
    received: [],
    unverified: 0,
    secret: '',
    mode: 'up',
    unique() {
      const seen = new Set<string>();
      return this.received.filter((x) => (seen.has(x.id) ? false : (seen.add(x.id), true)));
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(this.received)) {
        if (Date.now() > until) throw new Error(`receiver: still waiting after ${timeoutMs} ms (${this.received.length} received)`);
        await new Promise((res) => setTimeout(res, 25));
      }
    },
    close: () => new Promise((res) => (server.listening ? server.close(() => res()) : res())),
    async down() {
      server.closeAllConnections();
      await this.close();
    },
    up: () => listen(r.port),
  };
  const listen = (at: number) =>
    new Promise<void>((resolve) => {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let verified = false;
          try {
            const payload = new Webhook(r.secret).verify(body, req.headers as Record<string, string>) as Omit<Received, 'id' | 'headers'>;
            verified = true;
            if (r.mode === 'up') r.received.push({ ...payload, id: String(req.headers['webhook-id']), headers: req.headers });
          } catch {
            r.unverified++;
          }
          // A forged (or wrongly signed) delivery is refused, as a real receiver would: it is sent again.
          res.writeHead(!verified ? 401 : r.mode === 'up' ? 200 : 503).end('ok');
        });
      });
      server.listen(at, '127.0.0.1', () => {
        r.port = (server.address() as AddressInfo).port;
        r.url = `http://127.0.0.1:${r.port}/hooks`;
        resolve();
      });
    });
  await listen(port);
  return r;
}
