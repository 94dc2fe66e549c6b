// Secrets the tests forge: the shape of a real one (prefix, 43 random characters, a key id, a valid
// checksum) but never a key's actual secret, so a check of one costs bcrypt and fails.
import { randomBytes, randomUUID } from 'node:crypto';
import { checksumOf } from '../../src/auth/secret-checksum';

/** The key id (32 hex) inside a secret, with or without its checksum. */
export const keyHexOf = (secret: string): string => secret.slice(48, 80);

/** A well-formed, checksummed secret for the key `keyHex` (default: a key that does not exist). */
export function forgedSecret(keyHex: string = randomUUID().replace(/-/g, '')): string {
  const body = `iamg_${randomBytes(32).toString('base64url')}${keyHex}`;
  return body + checksumOf(body);
}
