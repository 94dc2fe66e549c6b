// Issue 25, item 1: no bytes a client sends can end the process. A malformed request arriving on a
// connection that already had a response assigned threw "ServerResponse has an already assigned
// socket" from the clientError handler, and the process exited (a cluster restarted the worker).
// Here on a real server process, with one process and with two workers.
import { mkdtempSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawExchange } from '../support/raw-http';
import { freshDatabase } from '../support/server';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(60_000);

/** The reproduction from the issue, byte for byte. */
const REPRO = 'GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n';
const PIPELINED_BAD_HEADER = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v2/service-accounts HTTP/1.1\r\nBad Header: x\r\n\r\n';
const PIPELINED_OVERSIZED = `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`;

/** GET `path` on `agent`'s one keep-alive socket: the status, and whether the socket was one used before. */
function getOn(agent: Agent, port: number, path: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe.each([
  ['one process', '1'],
  ['IAMGATE_WORKERS=2', '2'],
])('%s', (_name, workers) => {
  let p: ServerProcess;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-hostile-')), 'db.sqlite')}`);
    drop = db.drop;
    p = await startServerProcess({ DATABASE_URL: db.url, IAMGATE_WORKERS: workers });
  });

  afterAll(async () => {
    await stopServerProcess(p);
    await drop?.();
  });

  test('when the issue reproduction and its pipelined kin arrive again and again, then each is answered or refused, every connection closes, and the process and other connections carry on', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await getOn(agent, p.port, '/healthz')).toEqual({ status: 200, reused: false });
    // Enough rounds that the primary hands connections to both workers.
    for (let round = 0; round < 6; round++) {
      const repro = await rawExchange(p.port, REPRO, { waitMs: 3_000 });
      expect([repro.responses.map((r) => r.status), repro.closed]).toEqual([[200], true]);
      const badHeader = await rawExchange(p.port, PIPELINED_BAD_HEADER, { waitMs: 3_000 });
      expect([badHeader.responses.map((r) => r.status), badHeader.closed]).toEqual([[200, 400], true]);
      const oversized = await rawExchange(p.port, PIPELINED_OVERSIZED, { waitMs: 3_000 });
      expect([oversized.responses.map((r) => r.status), oversized.closed]).toEqual([[200, 431], true]);
    }
    expect(p.child.exitCode).toBeNull();
    expect(await getOn(agent, p.port, '/healthz')).toEqual({ status: 200, reused: true }); // the connection opened first
    for (let i = 0; i < 4; i++) expect((await p.http.get('/healthz')).status).toBe(200);
    agent.destroy();
    // The cluster primary says "iamgate worker <pid> exited … starting another" for each restart.
    expect(p.stderr()).not.toMatch(/exited/);
  });
});
