// The key secret: `iamg_` + 43 base64url characters (256 random bits) + the key's UUID as 32 hex
// characters (see random-with-id.ts) + a six-character checksum of all that (secret-checksum.ts).
// The prefix makes leaked secrets recognisable to scanners, the checksum tells them (and us) a real
// one from noise offline. Secrets issued before issue 30 have no checksum (80 characters instead of
// 86) and keep working: the length tells the two apart. docs/security.md gives the format.
import { randomWithId } from './random-with-id';
import { CHECKSUM_LENGTH, checksumOf } from './secret-checksum';

export const SECRET_PREFIX = 'iamg_';
export const DISPLAY_PREFIX_LENGTH = 12;
const secrets = randomWithId(SECRET_PREFIX);
/** A secret without checksum (before issue 30): prefix, 43 random characters, 32 hex. */
const LEGACY_LENGTH = SECRET_PREFIX.length + 43 + 32;
const CHECKSUM = /^[0-9A-Za-z]{6}$/;

/** A checksummed scanner pattern (docs/security.md), for tests and tools that look for secrets in text. */
export const SECRET_PATTERN = /iamg_[A-Za-z0-9_-]{43}[0-9a-f]{32}[0-9A-Za-z]{6}/;

/**
 * What a presented string is: a secret with a valid checksum, one of the old format (no checksum),
 * our shape with a checksum that does not match (a typo, noise: refused without any further work),
 * or not ours at all.
 */
export type SecretReading = { shape: 'checksummed' | 'legacy'; keyId: string } | { shape: 'bad-checksum' } | { shape: 'foreign' };

export function readSecret(value: string): SecretReading {
  if (value.length === LEGACY_LENGTH + CHECKSUM_LENGTH) {
    const body = value.slice(0, LEGACY_LENGTH);
    const sum = value.slice(LEGACY_LENGTH);
    const keyId = secrets.idOf(body);
    if (!keyId || !CHECKSUM.test(sum)) return { shape: 'foreign' };
    return checksumOf(body) === sum ? { shape: 'checksummed', keyId } : { shape: 'bad-checksum' };
  }
  const keyId = secrets.idOf(value);
  return keyId ? { shape: 'legacy', keyId } : { shape: 'foreign' };
}

export const formatSecret = (keyId: string): string => {
  const body = secrets.make(keyId);
  return body + checksumOf(body);
};
