// The shape of key secrets (and of access tokens before issue 19): a fixed prefix, 43 base64url
// characters (256 random bits), then the record's UUID as 32 hex characters, so the server finds
// the record with one indexed read instead of a scan.
import { randomBytes } from 'node:crypto';

export interface RandomWithId {
  make(id: string): string;
  /** The UUID inside the value, or null when the value is not of this kind. */
  idOf(value: string): string | null;
  is(value: string): boolean;
}

export function randomWithId(prefix: string): RandomWithId {
  const pattern = new RegExp(`^${prefix}[A-Za-z0-9_-]{43}([0-9a-f]{32})$`);
  return {
    make: (id) => prefix + randomBytes(32).toString('base64url') + id.replace(/-/g, '').toLowerCase(),
    idOf: (value) => {
      const hex = pattern.exec(value)?.[1];
      return hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
    },
    is: (value) => value.startsWith(prefix),
  };
}
