// LEGACY — delete this file, its call in token-format.ts and test/auth/legacy-opaque-token.test.ts
// in the first release made 30 days (the longest TOKEN_TTL_SECONDS) or more after the release that
// brings issue 28 (see CHANGELOG.md). Until then, opaque tokens issued by earlier releases keep
// working until they expire, on every process sharing the database.
//
// The format it reads (issued until issue 28, never made any more): `iamgt_` + base64url(JSON
// claims, with the key id as `kid`) + `.` + base64url(HMAC-SHA256 of everything before the dot,
// with the HS256 signing key the `kid` names). It is not a JWS (there is no header), so jose cannot
// check it; this module does, and nothing else.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { base64url } from 'jose';

const PREFIX = 'iamgt_';
const LEGACY_SHAPE = /^iamgt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A token of the earlier opaque format: one dot after the prefix (today's have two). */
export const isLegacyOpaque = (token: string): boolean => LEGACY_SHAPE.test(token);

/**
 * The claims of a legacy token whose HMAC was made by the HS256 key it names, or null. The
 * signature must be spelled canonically (its last character's padding bits zero), as before.
 */
export async function verifyLegacyOpaque(
  token: string,
  hmacKey: (kid: string) => Promise<KeyObject | null>,
): Promise<{ kid: string; body: Record<string, unknown> } | null> {
  if (!isLegacyOpaque(token)) return null;
  const dot = token.indexOf('.');
  const input = token.slice(0, dot);
  const spelled = token.slice(dot + 1);
  const signature = Buffer.from(base64url.decode(spelled));
  if (base64url.encode(signature) !== spelled || signature.length !== 32) return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(base64url.decode(input.slice(PREFIX.length))).toString('utf8'));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { kid } = body as { kid?: unknown };
  if (typeof kid !== 'string') return null;
  const key = await hmacKey(kid);
  if (!key || !timingSafeEqual(createHmac('sha256', key).update(input).digest(), signature)) return null;
  return { kid, body: body as Record<string, unknown> };
}
