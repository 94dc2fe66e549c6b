// Access tokens: `iamgt_` + 43 base64url chars (256 random bits) + the token id as 32 hex chars.
// Stored as SHA-256: the value is random enough that a fast hash is safe, so no bcrypt on use.
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^iamgt_([A-Za-z0-9_-]{43})([0-9a-f]{32})$/;

export function formatToken(tokenId: string): string {
  return `iamgt_${randomBytes(32).toString('base64url')}${tokenId.replace(/-/g, '').toLowerCase()}`;
}

export function tokenIdOf(token: string): string | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const h = match[2];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function isAccessToken(value: string): boolean {
  return value.startsWith('iamgt_');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
