// Issue 31: the JWKS fetcher connects only to public addresses. The classifier, address by address,
// and the connection's own DNS lookup (what DNS rebinding would have to get past).
import { isPublicAddress } from '../../src/auth/federation/address-policy';
import { fetchJson, publicOnlyLookup } from '../../src/auth/federation/safe-fetch';

describe('the address classifier', () => {
  test.each([
    ['10.0.0.1'],
    ['10.255.255.255'],
    ['172.16.0.1'],
    ['172.31.255.254'],
    ['192.168.1.1'],
    ['127.0.0.1'],
    ['127.8.9.10'],
    ['169.254.169.254'],
    ['0.0.0.0'],
    ['100.64.0.1'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::'],
    ['::1'],
    ['fc00::1'],
    ['fd12:3456:789a::1'],
    ['fe80::1'],
    ['fe80::1%eth0'],
    ['febf::1'],
    ['ff02::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:169.254.169.254'],
    ['::127.0.0.1'],
    ['64:ff9b::10.0.0.1'],
    ['64:ff9b::a9fe:a9fe'],
    ['2002:c0a8:0101::1'],
    ['2001:db8::1'],
    ['not an address'],
    [''],
  ])('when %s, then it is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each([
    ['8.8.8.8'],
    ['172.32.0.1'],
    ['172.15.255.255'],
    ['192.169.0.1'],
    ['11.0.0.1'],
    ['2606:4700:4700::1111'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::8.8.8.8'],
    ['2002:0808:0808::1'],
  ])('when %s, then it is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('the fetcher', () => {
  const limits = { timeoutMs: 1_000, maxBytes: 1024, anyAddress: false };

  test('when a name resolves to a loopback address, then the lookup refuses it before any connection', async () => {
    const answer = await new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      publicOnlyLookup('localhost', { all: true }, (err, address) => resolve({ err, address })),
    );
    expect(answer.err?.message).toMatch(/not a public address/);
  });

  test('when the URL names a private or loopback address literally, or is plain http, then nothing is fetched', async () => {
    for (const url of [
      'https://127.0.0.1:1/x',
      'https://[::1]:1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/x',
      'http://8.8.8.8/x',
    ])
      await expect(fetchJson(new URL(url), limits)).rejects.toThrow(/not a public address|not https/);
  });

  test('when the URL names a host that resolves to loopback, then the connection is refused by the lookup', async () => {
    await expect(fetchJson(new URL('https://localhost:1/x'), limits)).rejects.toThrow(/not a public address/);
  });
});
