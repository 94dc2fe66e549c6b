// Opaque continuation tokens: the last id of the page plus the filters it was made under, so a
// token cannot be replayed against a different query.
import { invalidField } from '../../src/core/errors';

/** A page's size when the client names none. */
export const DEFAULT_LIMIT = 50;

interface TokenBody {
  after: string;
  filter: string;
}

export function encodeToken(after: string, filter: object): string {
  return Buffer.from(JSON.stringify({ after, filter: JSON.stringify(filter) } satisfies TokenBody)).toString('base64url');
}

export function decodeToken(token: string, filter: object): string {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (typeof body.after === 'string' && /^[0-9a-f-]{36}$/.test(body.after) && body.filter === JSON.stringify(filter)) {
      return body.after;
    }
  } catch {
    // fall through: any undecodable token is simply invalid
  }
  throw invalidField('continuationToken', 'is not a token this list issued (or the filters changed)');
}

/** For lists ordered by something other than id (usage, by last use): the token carries an offset. */
export function encodeOffset(offset: number, filter: object): string {
  return encodeToken(`offset:${offset}`, filter);
}

export function decodeOffset(token: string, filter: object): number {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    const m = typeof body.after === 'string' ? /^offset:(\d{1,9})$/.exec(body.after) : null;
    if (m && body.filter === JSON.stringify(filter)) return Number(m[1]);
  } catch {
    // fall through
  }
  throw invalidField('continuationToken', 'is not a token this list issued (or the filters changed)');
}
