// Requests node's parser refuses before express sees them (a header block over MAX_HEADER_BYTES, a
// malformed header line) are answered with a body in the shape of the dialect the path names, and
// JSON elsewhere; nothing they carry is acted on. A malformed request that follows others on the
// same connection (pipelined, keep-alive, or the body of a request already answered) is answered
// after them, or the connection closes; the server goes on either way.
import { rawExchange, type RawResponse } from '../support/raw-http';
import { useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';

const t = useTestServer();

/** Sends `raw` as it is on a new connection: the one answer, read until the server closes the connection. */
async function send(raw: string): Promise<RawResponse> {
  const res = await rawExchange(t.running.port, raw);
  expect([res.responses.length, res.closed]).toEqual([1, true]);
  return res.responses[0];
}

const oversized = (method: string, path: string, extra = '') =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n${extra}\r\n`;

test('when a v2 request has a header block over the limit, then 431 as a v2 problem document', async () => {
  const res = await send(oversized('GET', '/api/v2/service-accounts'));
  expect(res.status).toBe(431);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(res.body)).toMatchObject({
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    instance: '/api/v2/service-accounts',
    requestId: expect.any(String),
  });
  expect(res.headers['x-request-id']).toEqual(JSON.parse(res.body).requestId);
});

test('when a v3 request has a header block over the limit, then 431 as a JSON:API error document', async () => {
  const res = await send(oversized('GET', `/v3/orgs/${t.admin.organizationId}/iam/service-accounts`));
  expect(res.status).toBe(431);
  expect(res.headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
  expect(JSON.parse(res.body)).toMatchObject({ errors: [{ status: '431', code: 'HEADERS_TOO_LARGE' }] });
});

test('when a v1 request has a header block over the limit, then 431 in the v1 envelope', async () => {
  const res = await send(oversized('GET', '/v1/service-accounts'));
  expect(res.status).toBe(431);
  expect(JSON.parse(res.body)).toMatchObject({ code: 431, data: null, message: expect.any(String) });
});

test('when a path of no dialect has a header block over the limit, then 431 as a JSON problem', async () => {
  const res = await send(oversized('GET', '/nowhere'));
  expect(res.status).toBe(431);
  expect(JSON.parse(res.body)).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
});

test('when an oversized request carries a body and a credential, then nothing is acted on', async () => {
  const body = JSON.stringify({ name: 'never made' });
  const extra = `Authorization: Bearer ${t.admin.secret}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n`;
  const res = await changesNothing(t, () => send(`${oversized('POST', '/api/v2/service-accounts', extra)}${body}`));
  expect(res.status).toBe(431);
});

test('when a v2 request has a malformed header line, then 400 BAD_REQUEST as a v2 problem document', async () => {
  const res = await send('GET /api/v2/service-accounts HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n');
  expect(res.status).toBe(400);
  expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
});

test('when not even the request line can be read, then 400 as a JSON problem, and the server goes on serving', async () => {
  const res = await send('NOT HTTP AT ALL\r\n\r\n');
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(JSON.parse(res.body)).toMatchObject({ status: 400, title: 'Bad Request' });
  expect((await t.http.get('/healthz')).status).toBe(200);
});

describe('when malformed bytes follow a request on the same connection (issue 25: they ended the process)', () => {
  const v2List = (extra = '') =>
    `GET /api/v2/service-accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.admin.secret}\r\n${extra}\r\n`;

  test('when the chunked body of a request already answered is malformed, then its answer stands, the connection closes, and the server goes on', async () => {
    const res = await rawExchange(t.running.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n');
    expect(res.responses.map((r) => r.status)).toEqual([200]);
    expect(res.closed).toBe(true);
    expect((await t.http.get('/healthz')).status).toBe(200);
  });

  test('when a malformed header line follows a request still being answered, then that answer, a 400 in the dialect shape, and the connection closes', async () => {
    // More bytes after the bad request change nothing: it is answered once.
    const res = await rawExchange(
      t.running.port,
      [`${v2List()}GET /api/v2/service-accounts HTTP/1.1\r\nBad Header: x\r\n\r\n`, 'GARBAGE\r\n\r\n'],
      {
        pauseMs: 20,
      },
    );
    expect(res.responses.map((r) => r.status)).toEqual([200, 400]);
    expect(JSON.parse(res.responses[1].body)).toMatchObject({ status: 400, code: 'BAD_REQUEST', instance: '/api/v2/service-accounts' });
    expect(res.closed).toBe(true);
    expect((await t.http.get('/healthz')).status).toBe(200);
  });

  test('when a header block over the limit follows two pipelined requests, then both answers in order, a 431, and the connection closes', async () => {
    const v3 = `/v3/orgs/${t.admin.organizationId}/iam/service-accounts`;
    const res = await rawExchange(t.running.port, `${v2List()}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n${oversized('GET', v3)}`);
    expect(res.responses.map((r) => r.status)).toEqual([200, 200, 431]);
    expect(res.responses[2].headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
    expect(JSON.parse(res.responses[2].body)).toMatchObject({ errors: [{ status: '431', code: 'HEADERS_TOO_LARGE' }] });
    expect(res.closed).toBe(true);
  });

  test('when the chunked body of a pipelined request waiting for it is malformed, then the answers before it, a 400, the connection closes and nothing is made', async () => {
    const post = `POST /api/v2/service-accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.admin.secret}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"nam\r\nZZ\r\n`;
    const res = await changesNothing(t, () => rawExchange(t.running.port, `${v2List()}${v2List()}${post}`));
    expect(res.responses.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(JSON.parse(res.responses[2].body)).toMatchObject({ status: 400 });
    expect(res.closed).toBe(true);
    expect((await t.http.get('/healthz')).status).toBe(200);
  });

  test('when a keep-alive connection sends a malformed request after its first answer arrived, then a 400 and the connection closes', async () => {
    const res = await rawExchange(t.running.port, [v2List(), 'GET /api/v2/service-accounts HTTP/1.1\r\nBad Header: x\r\n\r\n'], {
      pauseMs: 300,
    });
    expect(res.responses.map((r) => r.status)).toEqual([200, 400]);
    expect(JSON.parse(res.responses[1].body)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(res.closed).toBe(true);
  });

  test('when a request waiting for its body is cut short by the end of the stream, then one 400, the connection closes, and nothing is made', async () => {
    const cut = `POST /api/v2/service-accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.admin.secret}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"name":`;
    const res = await changesNothing(t, () => rawExchange(t.running.port, cut, { end: true }));
    expect(res.responses.map((r) => r.status)).toEqual([400]);
    expect(res.rest).toBe('');
    expect(res.closed).toBe(true);
  });
});
