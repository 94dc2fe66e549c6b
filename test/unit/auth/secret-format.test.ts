// Key secrets: `iamg_`, 43 random base64url characters, the key's UUID as 32 hex characters, then a
// six-character checksum (issue 30), so a secret names its key (one indexed read) and secret
// scanners recognise it. (test/auth/secret-format.test.ts checks the checksum itself.)
import { DISPLAY_PREFIX_LENGTH, formatSecret, readSecret, SECRET_PREFIX } from '../../../src/auth/secret-format';

const KEY = '0198f0a0-1234-7abc-8def-0123456789ab';
const HEX = '0198f0a012347abc8def0123456789ab';

/** The key a string names, as authentication reads it; null when it names none. */
function keyIdOf(value: string): string | null {
  const reading = readSecret(value);
  return 'keyId' in reading ? reading.keyId : null;
}

test('when a secret is made for a key, then it has the documented shape and names the key', () => {
  const secret = formatSecret(KEY);
  expect(secret).toMatch(new RegExp(`^iamg_[A-Za-z0-9_-]{43}${HEX}[0-9A-Za-z]{6}$`));
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
  ['a short random part', `iamg_${'a'.repeat(42)}${HEX}`],
  ['upper-case hex', formatSecret(KEY).replace(HEX, HEX.toUpperCase())],
  ['a character outside base64url', `iamg_${'a'.repeat(42)}+${HEX}`],
  ['something after the id', `${formatSecret(KEY)}0`],
  ['an access token', 'iamgt_abc'],
  ['nothing', ''],
])('when a string has %s, then it names no key', (_case, value) => {
  expect(keyIdOf(value)).toBeNull();
});
