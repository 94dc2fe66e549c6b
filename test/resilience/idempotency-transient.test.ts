// Issue 16: an Idempotency-Key answered "retry" (a 409 lost race, 429, 503) is released, so the retry
// runs the request again instead of getting that answer replayed for 24 h; a final answer (a 409 name
// conflict) is still replayed. And capturing the response cannot raise an unhandled rejection, even
// when sending it fails after the record was stored.
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import type { Principal } from '../../src/core/authorization';
import { conflict, DomainError, raceLost, rateLimited, unavailable } from '../../src/core/errors';
import { systemClock } from '../../src/ids';
import type { Dialect } from '../../src/http/dialect';
import { dialectErrorHandler } from '../../src/http/error-handler';
import { idempotency } from '../../src/http/idempotency/middleware';
import { Sealer } from '../../src/http/idempotency/sealer';
import { HTTP_STATUS } from '../../src/http/status';
import { TypeOrmStore } from '../../src/store/typeorm-store';
import { freshDatabase } from '../support/server';

const principal: Principal = {
  accountId: 'a',
  organizationId: 'o',
  role: 'Admin',
  keyId: 'k',
  scopes: [],
  capped: false,
  readOnly: false,
} as unknown as Principal;
const dialect: Pick<Dialect, 'serializeError'> = {
  serializeError: (err: DomainError) => ({
    status: HTTP_STATUS[err.code],
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: { code: err.code },
  }),
};

let store: TypeOrmStore;
let drop: () => Promise<void>;
const calls = new Map<string, number>();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

/** Each route fails its first call with `first`, then answers 201 with how many calls it had. */
const FIRST: Record<string, () => DomainError> = {
  race: () => raceLost('The service account is being changed concurrently; retry'),
  limited: () => rateLimited(1),
  down: () => unavailable(5),
  taken: () => conflict('A service account named "x" already exists'),
};

beforeAll(async () => {
  const db = await freshDatabase();
  drop = db.drop;
  store = await TypeOrmStore.open(db.url);
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await store.close();
  await drop();
});

function app(): express.Express {
  const a = express();
  a.use(express.json());
  a.use((req, _res, next) => {
    req.principal = principal;
    req.requestId = 'req_test';
    next();
  });
  a.use(idempotency(store, new Sealer(Buffer.alloc(32, 2)), systemClock, 'test'));
  a.post('/:route', (req, res) => {
    const route = String(req.params.route);
    const n = (calls.get(route) ?? 0) + 1;
    calls.set(route, n);
    if (route === 'sent-twice') {
      // The captured send is stored first; meanwhile the response goes out another way, so the
      // captured send then throws (headers already sent).
      res.status(201).send({ n });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('direct');
      return;
    }
    if (n === 1) throw FIRST[route]();
    res.status(201).json({ n });
  });
  a.use(dialectErrorHandler(dialect) as ErrorRequestHandler);
  return a;
}

test.each([
  ['race', 409],
  ['limited', 429],
  ['down', 503],
])('when the first answer is a transient %s (%i), then the retry with the same key runs again', async (route, status) => {
  const http = request(app());
  const first = await http.post(`/${route}`).set('Idempotency-Key', `k-${route}`).send({});
  expect(first.status).toBe(status);
  const retry = await http.post(`/${route}`).set('Idempotency-Key', `k-${route}`).send({});
  expect([retry.status, retry.body, retry.headers['idempotent-replayed']]).toEqual([201, { n: 2 }, undefined]);
  expect((await http.post(`/${route}`).set('Idempotency-Key', `k-${route}`).send({})).headers['idempotent-replayed']).toBe('true');
});

test('when the first answer is a final 409 (a name conflict), then the retry replays it', async () => {
  const http = request(app());
  expect((await http.post('/taken').set('Idempotency-Key', 'k-taken').send({})).status).toBe(409);
  const retry = await http.post('/taken').set('Idempotency-Key', 'k-taken').send({});
  expect([retry.status, retry.headers['idempotent-replayed'], calls.get('taken')]).toEqual([409, 'true', 1]);
});

test('when sending the captured response fails after it was stored, then nothing is left as an unhandled rejection', async () => {
  const res = await request(app()).post('/sent-twice').set('Idempotency-Key', 'k-twice').send({});
  expect(res.text).toBe('direct');
  await new Promise((r) => setTimeout(r, 100));
  expect(rejections).toEqual([]);
});
