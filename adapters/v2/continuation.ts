// Opaque continuation tokens: the last id of the page plus the filters it was made under, so a
// token cannot be replayed against a different query.
import { invalidField } from '../../src/core/errors';

interface TokenBody { after: string; filter: string }

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
