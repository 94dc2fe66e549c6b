// Access tokens: `iamgt_…` (see random-with-id.ts). Stored as SHA-256: the value is random enough
// that a fast hash is safe, so no bcrypt on use.
import { createHash } from 'node:crypto';
import { randomWithId } from './random-with-id';

const tokens = randomWithId('iamgt_');

export const formatToken = (tokenId: string): string => tokens.make(tokenId);
export const tokenIdOf = (token: string): string | null => tokens.idOf(token);
export const isAccessToken = (value: string): boolean => tokens.is(value);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
