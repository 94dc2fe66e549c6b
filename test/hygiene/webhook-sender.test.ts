// Issue 32: what a webhook POST will not do, whatever a subscription's URL says or its DNS answers
// later: connect to a private, loopback or link-local address (checked on the address it resolves
// to at connect time, so a rebinding DNS answer is refused too), follow a redirect, or read an
// answer without limit, or wait without a deadline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, MAX_RESPONSE_BYTES, postWebhook } from '../../src/webhooks/sender';
import { isPublicAddress } from '../../src/core/webhook-url';

let server: http.Server;
let port: number;
let behaviour: (res: http.ServerResponse) => void = (res) => res.end('ok');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => behaviour(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const send = (url: string, allowedHosts: string[] = [], timeoutMs = 2_000) => postWebhook(url, '{}', {}, { allowedHosts, timeoutMs });

test('when a host resolves to a loopback address and is not allowed, then the connection is refused at lookup (DNS rebinding cannot reach inside)', async () => {
  // `localhost` is a name, not an address: only the lookup at connect time sees 127.0.0.1 or ::1.
  await expect(send(`http://localhost:${port}/x`, ['localhost.example'])).rejects.toThrow(DeliveryError);
  await expect(send(`https://localhost:${port}/x`)).rejects.toThrow(
    /resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/,
  );
});

test('when an address literal is private and not allowed, then nothing is sent; allowed, it is', async () => {
  await expect(send(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/not https/);
  await expect(send(`https://127.0.0.1:${port}/x`)).rejects.toThrow(/resolves to 127\.0\.0\.1/);
  await expect(send(`http://127.0.0.1:${port}/x`, ['127.0.0.1'])).resolves.toEqual({ status: 200 });
});

test('when the receiver redirects, then it is not followed: the attempt fails with the status', async () => {
  behaviour = (res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' }).end();
  const err = await send(`http://127.0.0.1:${port}/x`, ['127.0.0.1']).catch((e: DeliveryError) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  expect((err as DeliveryError).status).toBe(302);
  expect((err as DeliveryError).message).toMatch(/redirects are not followed/);
});

test('when the receiver answers without end, then at most 64 KiB are read; when it never answers, the deadline ends the attempt', async () => {
  behaviour = (res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      while (res.write(chunk)) if (res.writableLength > 4 * MAX_RESPONSE_BYTES) break;
    };
    pump();
    res.on('drain', pump);
  };
  await expect(send(`http://127.0.0.1:${port}/x`, ['127.0.0.1'])).resolves.toEqual({ status: 200 });
  behaviour = () => undefined; // never answers
  await expect(send(`http://127.0.0.1:${port}/x`, ['127.0.0.1'], 300)).rejects.toThrow(/no answer within 300 ms/);
});

test.each([
  ['127.0.0.1', false],
  ['10.1.2.3', false],
  ['172.16.0.1', false],
  ['192.168.0.1', false],
  ['169.254.169.254', false],
  ['100.64.0.1', false],
  ['0.0.0.0', false],
  ['::1', false],
  ['fe80::1', false],
  ['fd00::1', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:7f00:1', false],
  ['93.184.216.34', true],
  ['2606:2800:220:1:248:1893:25c8:1946', true],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});
