// The server builds each request and response on express's prototypes (src/http/app-server.ts), so
// express's per-request prototype swap never changes one: the swap is what made every request's
// objects reach V8's old generation. Requests on it behave as on node's own server.
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import express from 'express';
import { createAppServer, onPrototype } from '../../src/http/app-server';
import { useTestServer } from '../support/server';

const t = useTestServer();

/** Counts Object.setPrototypeOf calls that give a request or a response a prototype it did not have. */
function countPrototypeChanges(): { changes: () => number; restore: () => void } {
  const original = Object.setPrototypeOf;
  let changes = 0;
  const spy = jest.spyOn(Object, 'setPrototypeOf').mockImplementation((o: object, proto: object | null) => {
    if ((o instanceof IncomingMessage || o instanceof ServerResponse) && Object.getPrototypeOf(o) !== proto) changes++;
    return original(o, proto);
  });
  return { changes: () => changes, restore: () => spy.mockRestore() };
}

function miniApp() {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    res.locals.seen = (res.locals.seen ?? 0) + 1;
    next();
  });
  app.get('/echo/:id', (req, res) => {
    res.json({
      id: req.params.id,
      q: req.query.q,
      ip: req.ip,
      sameApp: req.app === app,
      header: req.get('x-probe'),
      seen: res.locals.seen,
    });
  });
  return app;
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

test('when iamgate serves requests of every kind, then no request or response is given a new prototype', async () => {
  const count = countPrototypeChanges();
  try {
    expect((await t.http.get('/healthz')).status).toBe(200);
    expect((await t.http.get('/api/v2/service-accounts').set(t.adminBearer)).status).toBe(200);
    expect((await t.http.get('/v1/service-accounts').set(t.adminBearer)).status).toBe(200);
    expect((await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`).set(t.adminBearer)).status).toBe(200);
    expect((await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'proto probe' })).status).toBe(201);
    expect((await t.http.get('/nowhere')).status).toBe(404);
  } finally {
    count.restore();
  }
  expect(count.changes()).toBe(0);
});

test("when an express app is on node's own server, then express swaps two prototypes a request (what the counter sees)", async () => {
  const server = createServer(miniApp());
  const url = await listening(server);
  const count = countPrototypeChanges();
  try {
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/echo/${i}`)).status).toBe(200);
  } finally {
    count.restore();
    await close(server);
  }
  expect(count.changes()).toBe(6);
});

test('when requests share a keep-alive connection on the app server, then each has its own request, params, query and locals', async () => {
  const server = createAppServer(miniApp(), { maxHeaderSize: 16 * 1024 });
  const url = await listening(server);
  try {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/echo/id-${i}?q=${i}`, { headers: { 'x-probe': `p${i}` } });
      answers.push({ status: res.status, keepAlive: res.headers.get('connection'), body: await res.json() });
    }
    expect(answers).toEqual(
      [0, 1, 2].map((i) => ({
        status: 200,
        keepAlive: 'keep-alive',
        body: { id: `id-${i}`, q: String(i), ip: '127.0.0.1', sameApp: true, header: `p${i}`, seen: 1 },
      })),
    );
  } finally {
    await close(server);
  }
});

test('when the base is a class (a later node), then the object it makes still starts on the prototype given', () => {
  class LaterRequest extends IncomingMessage {
    marked = true;
  }
  const prototype = Object.create(LaterRequest.prototype) as object;
  const Made = onPrototype(LaterRequest, prototype);
  const socket = new Socket();
  const req = new Made(socket) as LaterRequest;
  expect(Object.getPrototypeOf(req)).toBe(prototype);
  expect(req.marked).toBe(true);
  expect(req.socket).toBe(socket);
  socket.destroy();
});

test("when the base is node's own function, then the object starts on the prototype given and node initialised it", () => {
  const prototype = Object.create(IncomingMessage.prototype) as object;
  const socket = new Socket();
  const req = new (onPrototype(IncomingMessage, prototype))(socket);
  expect(Object.getPrototypeOf(req)).toBe(prototype);
  expect(req.socket).toBe(socket);
  expect(req.headers).toEqual({});
  socket.destroy();
});
