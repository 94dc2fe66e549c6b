// The per-request log line is shaped as pino-http's (req, res, responseTime, err, "request
// completed"/"request errored"), carries the caller's account id, and never a credential, a cookie,
// a session token, a body or a secret-named query value; a 500 carries its error with the stack.
import { request as httpRequest, type Server } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import type { Principal } from '../../src/core/authorization';
import { accessLog, loggedUrl } from '../../src/http/access-log';
import { unroutedErrorHandler } from '../../src/http/error-handler';
import { requestId } from '../../src/http/request-id';
import '../../src/http/request-context';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const logger = createLogger('info', sink);

const app = express();
app.use(requestId);
app.use((req, _res, next) => next(req.path === '/early' ? new Error('failed before the access log') : undefined));
app.use(accessLog(logger, new Metrics(false)));
app.use(express.json());
app.use((req, _res, next) => {
  if (req.headers.authorization) req.principal = { accountId: 'acc_1', organizationId: 'org_1' } as Principal;
  next();
});
app.get('/accounts/:id', (_req, res) => {
  res.json({ ok: true });
});
app.post('/accounts', (_req, res) => {
  res.status(201).json({ ok: true });
});
app.get('/boom', () => {
  // A driver error: its message names a secret, and it carries the query's parameters.
  throw Object.assign(new TypeError('insert failed for iamg_abcdEFGH1234secret'), { parameters: ['$2b$10$somehash'], query: 'INSERT …' });
});
app.get('/gone', (req, _res, next) => {
  // Fails once the client has hung up: the 500 is never written, so no access log line either.
  req.socket.once('close', () => next(new Error('failed after the client left')));
});
app.use(unroutedErrorHandler([], logger));

async function lineOf(id: string): Promise<Record<string, any>[]> {
  for (let i = 0; i < 50; i++) {
    const found = lines.map((l) => JSON.parse(l)).filter((l) => l.req?.id === id);
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  return [];
}

const CREDENTIALS = {
  Authorization: 'Bearer iamg_authHeaderSecret1',
  Cookie: 'session=cookieSecret2',
  'X-Session-Token': 'sessionTokenSecret3',
  'User-Agent': 'b3os-client/1.2',
};

test('when a request is answered, then its line has pino-http\'s shape: req (id, method, url, remote address and port, user agent), res.statusCode, responseTime, the account, "request completed"', async () => {
  const res = await request(app)
    .get('/accounts/a1?include=keys')
    .set({ ...CREDENTIALS, 'X-Request-Id': 'req-shape-1' });
  expect(res.status).toBe(200);
  const [line] = await lineOf('req-shape-1');
  expect(line).toEqual({
    level: 30,
    time: expect.any(Number),
    service: 'iamgate',
    msg: 'request completed',
    req: {
      id: 'req-shape-1',
      method: 'GET',
      url: '/accounts/a1?include=keys',
      remoteAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
      remotePort: expect.any(Number),
      headers: { 'user-agent': 'b3os-client/1.2' },
    },
    res: { statusCode: 200 },
    responseTime: expect.any(Number),
    accountId: 'acc_1',
    dialect: 'none',
    route: '/accounts/:id',
  });
  expect(JSON.stringify(line)).not.toMatch(/authHeaderSecret1|cookieSecret2|sessionTokenSecret3/);
});

test('when the query or the body carries secrets, then the line has neither the body nor the secret values', async () => {
  const query = 'token=t0k&client_secret=s3c&access_token=at1&password=pw1&key=k3y&apiKey=ak1&refreshToken=rt1&name=kept';
  await request(app).post(`/accounts?${query}`).set({ 'X-Request-Id': 'req-query-1' }).send({ clientSecret: 'bodySecret4', name: 'x' });
  const [line] = await lineOf('req-query-1');
  expect(line.req.url).toBe(
    '/accounts?token=[redacted]&client_secret=[redacted]&access_token=[redacted]&password=[redacted]' +
      '&key=[redacted]&apiKey=[redacted]&refreshToken=[redacted]&name=kept',
  );
  expect(line).toMatchObject({ res: { statusCode: 201 }, req: { headers: {} } });
  expect(line.accountId).toBeUndefined();
  expect(JSON.stringify(line)).not.toMatch(/t0k|s3c|at1|pw1|k3y|ak1|rt1|bodySecret4/);
  // Our secret shapes are redacted wherever they are (a key pasted into a path).
  expect(loggedUrl('/v1/api-keys/iamg_abcdEFGH1234?x=1')).toBe('/v1/api-keys/redacted?x=1');
});

test('when a route throws, then the 500 is one "request errored" line at error level with err {type, message, stack}, and nothing of the error\'s other fields', async () => {
  const res = await request(app).get('/boom').set({ 'X-Request-Id': 'req-boom-1' });
  expect(res.status).toBe(500);
  const found = await lineOf('req-boom-1');
  expect(found).toHaveLength(1);
  const [line] = found;
  expect(line).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 }, route: '/boom' });
  expect(Object.keys(line.err)).toEqual(['type', 'message', 'stack']);
  expect(line.err).toMatchObject({ type: 'TypeError', message: 'insert failed for redacted' });
  expect(line.err.stack).toMatch(/^TypeError: insert failed for redacted\n {4}at .*access-log\.test\.ts/);
  expect(JSON.stringify(line)).not.toMatch(/somehash|INSERT|abcdEFGH/);
});

test('when an error is raised before the access log ran, then the error handler logs it with its stack itself', async () => {
  const res = await request(app).get('/early').set({ 'X-Request-Id': 'req-early-1' });
  expect(res.status).toBe(500);
  const [line] = await lineOf('req-early-1');
  expect(line).toMatchObject({
    level: 50,
    msg: 'unexpected error',
    req: { id: 'req-early-1' },
    err: { type: 'Error', message: 'failed before the access log' },
  });
  expect(line.err.stack).toMatch(/^Error: failed before the access log\n {4}at /);
});

test('when a route fails after the client went away, then the error is still logged, with its stack, as "request aborted"', async () => {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const { port } = server.address() as { port: number };
    const client = httpRequest({ port, host: '127.0.0.1', path: '/gone', headers: { 'X-Request-Id': 'req-gone-1' } });
    client.on('error', () => undefined);
    client.end();
    setTimeout(() => client.destroy(), 50);
    const [line] = await lineOf('req-gone-1');
    expect(line).toMatchObject({ level: 50, msg: 'request aborted', err: { type: 'Error', message: 'failed after the client left' } });
    expect(line.err.stack).toMatch(/\n {4}at /);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
