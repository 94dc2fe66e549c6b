// Checksummed key secrets (issue 30): `iamg_` + 43 base64url + 32 hex (the key id) + six base62
// characters, the CRC-32 (IEEE) of everything before them, most significant digit first, left-padded
// with `0`. The vectors are checked against zlib's CRC-32 by decoding the base62 here, independently
// of the code under test; old secrets without checksum are still read, and noise is told from them.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { checksumOf } from '../../src/auth/secret-checksum';
import { formatSecret, readSecret, SECRET_PATTERN } from '../../src/auth/secret-format';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Base62 (most significant first) → number, written apart from the encoder under test. */
const decode62 = (text: string) => [...text].reduce((n, c) => n * 62 + DIGITS.indexOf(c), 0);

describe('the checksum', () => {
  test.each([
    ['hello', '0zNvy2'],
    ['', '000000'],
    ['iamg_', '1Bn30T'],
    [`iamg_${'A'.repeat(43)}${'0'.repeat(32)}`, '1qnLUa'],
  ])('when the text is %j, then its checksum is %s, the CRC-32 of it in base62', (text, expected) => {
    expect(checksumOf(text)).toBe(expected);
    expect(decode62(expected)).toBe(crc32(text));
  });

  test('when "hello" is worked by hand, then 907060870 = 0·62⁵ + 61·62⁴ + 23·62³ + 57·62² + 60·62 + 2 reads 0zNvy2', () => {
    expect(crc32('hello')).toBe(907060870);
    expect(0 * 62 ** 5 + 61 * 62 ** 4 + 23 * 62 ** 3 + 57 * 62 ** 2 + 60 * 62 + 2).toBe(907060870);
    expect(['0', DIGITS[61], DIGITS[23], DIGITS[57], DIGITS[60], DIGITS[2]].join('')).toBe('0zNvy2');
  });

  test('when the CRC is the largest there is, then six base62 characters still hold it', () => {
    // 62^6 > 2^32: any CRC-32 fits; decode of the largest six-character value is past it.
    expect(decode62('zzzzzz')).toBeGreaterThan(0xffffffff);
    for (let i = 0; i < 200; i++) {
      const text = randomUUID();
      const sum = checksumOf(text);
      expect(sum).toMatch(/^[0-9A-Za-z]{6}$/);
      expect(decode62(sum)).toBe(crc32(text));
    }
  });
});

describe('new secrets', () => {
  test('when a secret is made, then it ends in the checksum of everything before it and names its key', () => {
    const keyId = randomUUID();
    const secret = formatSecret(keyId);
    expect(secret).toMatch(/^iamg_[A-Za-z0-9_-]{43}[0-9a-f]{32}[0-9A-Za-z]{6}$/);
    expect(secret).toHaveLength(86);
    expect(secret.slice(48, 80)).toBe(keyId.replace(/-/g, ''));
    expect(decode62(secret.slice(-6))).toBe(crc32(secret.slice(0, -6)));
    expect(readSecret(secret)).toEqual({ shape: 'checksummed', keyId });
    expect(SECRET_PATTERN.test(`token: "${secret}"`)).toBe(true);
  });

  test('when any one character of a secret is changed, then its checksum no longer matches', () => {
    const secret = formatSecret(randomUUID());
    for (let i = 5; i < secret.length; i++) {
      const swapped = secret[i] === 'a' ? 'b' : 'a';
      const typo = secret.slice(0, i) + swapped + secret.slice(i + 1);
      expect([i, readSecret(typo).shape]).toEqual([i, 'bad-checksum']);
    }
  });
});

describe('other strings', () => {
  test('when a secret of the old format (no checksum) is read, then it is still ours, with its key id', () => {
    const keyId = randomUUID();
    const old = `iamg_${'B'.repeat(43)}${keyId.replace(/-/g, '')}`;
    expect(readSecret(old)).toEqual({ shape: 'legacy', keyId });
  });

  test.each([
    ['empty', ''],
    ['another prefix', `iamx_${'A'.repeat(43)}${'0'.repeat(32)}000000`],
    ['a key id not hex', `iamg_${'A'.repeat(43)}${'Z'.repeat(32)}000000`],
    ['a checksum with a symbol', `iamg_${'A'.repeat(43)}${'0'.repeat(32)}0000-0`],
    ['one character short', `iamg_${'A'.repeat(43)}${'0'.repeat(32)}00000`],
    ['an access token', 'iamgt_abc.def'],
  ])('when the string is %s, then it is not one of ours', (_what, value) => {
    expect(readSecret(value).shape).toBe('foreign');
  });
});

describe('the scanner patterns docs/security.md gives', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
  const plain = /^(\\biamg_.*)$/m.exec(page)![1];
  const gitleaks = /^regex = '''(.*)'''$/m.exec(page)![1];
  const trufflehog = /^ {6}secret: '(.*)'$/m.exec(page)![1];

  test.each([
    ['the plain one', plain],
    ['the gitleaks rule', gitleaks],
    ['the TruffleHog detector', trufflehog],
  ])('when %s scans text, then it finds a new secret whole, and not an old one or a cut one', (_what, source) => {
    const pattern = new RegExp(source);
    const secret = formatSecret(randomUUID());
    expect(pattern.exec(`API_KEY="${secret}"\n`)?.[0]).toBe(secret);
    expect(pattern.test(`export KEY=${secret} # prod`)).toBe(true);
    expect(pattern.test(secret.slice(0, -6))).toBe(false);
    expect(pattern.test(secret.slice(0, -1))).toBe(false);
  });
});
