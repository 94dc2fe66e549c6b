// The key secret: `iamg_` + 43 base64url chars (256 random bits) + the key id as 32 hex chars.
// The prefix makes leaked secrets recognisable (secret scanners); the embedded id finds the key
// with one indexed read instead of a scan.
import { randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'iamg_';
export const DISPLAY_PREFIX_LENGTH = 12;
const SECRET_PATTERN = /^iamg_([A-Za-z0-9_-]{43})([0-9a-f]{32})$/;

export function formatSecret(keyId: string): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url') + keyId.replace(/-/g, '').toLowerCase();
}

/** The key id inside a secret, or null when the string is not one of our secrets. */
export function keyIdOf(secret: string): string | null {
  const match = SECRET_PATTERN.exec(secret);
  if (!match) return null;
  const hex = match[2];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function looksLikeSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}
