// Requests node's parser refuses before express sees them (a header block over MAX_HEADER_BYTES, a
// malformed header line) are answered with a body in the shape of the dialect the path names, and
// JSON elsewhere; nothing they carry is acted on.
import { connect } from 'node:net';
import { useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';

const t = useTestServer();

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `raw` as it is on a new connection and reads the answer until the server closes it. */
function send(raw: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(t.running.port, '127.0.0.1', () => socket.write(raw));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
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
