// Key secrets: `iamg_`, 43 random base64url characters, then the key's UUID as 32 hex characters,
// so a secret names its key (one indexed read) and secret scanners recognise it.
import { DISPLAY_PREFIX_LENGTH, formatSecret, keyIdOf, SECRET_PREFIX } from '../../../src/auth/secret-format';

const KEY = '0198f0a0-1234-7abc-8def-0123456789ab';

test('when a secret is made for a key, then it has the documented shape and names the key', () => {
  const secret = formatSecret(KEY);
  expect(secret).toMatch(/^iamg_[A-Za-z0-9_-]{43}0198f0a012347abc8def0123456789ab$/);
  expect(keyIdOf(secret)).toBe(KEY);
  expect(secret.slice(0, DISPLAY_PREFIX_LENGTH).startsWith(SECRET_PREFIX)).toBe(true);
});

test('when two secrets are made for the same key, then they differ', () => {
  expect(formatSecret(KEY)).not.toBe(formatSecret(KEY));
});

test('when a key id is written in upper case, then the secret carries it in lower case', () => {
  expect(keyIdOf(formatSecret(KEY.toUpperCase()))).toBe(KEY);
});

test.each([
  ['another prefix', formatSecret(KEY).replace(/^iamg_/, 'iamx_')],
  ['a short random part', `iamg_${'a'.repeat(42)}0198f0a012347abc8def0123456789ab`],
  ['upper-case hex', formatSecret(KEY).replace(/[a-f0-9]{32}$/, (hex) => hex.toUpperCase())],
  ['a character outside base64url', `iamg_${'a'.repeat(42)}+0198f0a012347abc8def0123456789ab`],
  ['something after the id', `${formatSecret(KEY)}0`],
  ['an access token', 'iamgt_abc'],
  ['nothing', ''],
])('when a string has %s, then it names no key', (_case, value) => {
  expect(keyIdOf(value)).toBeNull();
});
