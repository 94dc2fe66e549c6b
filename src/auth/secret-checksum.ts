// The checksum at the end of a key secret (issue 30): the CRC-32 (IEEE 802.3, zlib's) of every
// character before it, prefix included, in base62 (`0-9A-Za-z`, most significant digit first),
// left-padded with `0` to six characters (62^6 > 2^32). It lets a scanner, the CLI and the server
// tell a typo or random noise from a real secret without a database; it is no defence against a
// crafted secret (anyone can compute a CRC), which bcrypt still is.
import { crc32 } from 'node:zlib';

export const CHECKSUM_LENGTH = 6;
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `text`'s checksum: six base62 characters. */
export function checksumOf(text: string): string {
  let n = crc32(text) >>> 0;
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(CHECKSUM_LENGTH, '0');
}
