// The key secret: `iamg_…` (see random-with-id.ts). The prefix makes leaked secrets recognisable
// to secret scanners.
import { randomWithId } from './random-with-id';

export const SECRET_PREFIX = 'iamg_';
export const DISPLAY_PREFIX_LENGTH = 12;
const secrets = randomWithId(SECRET_PREFIX);

export const formatSecret = (keyId: string): string => secrets.make(keyId);
/** The key id inside a secret, or null when the string is not one of our secrets. */
export const keyIdOf = (secret: string): string | null => secrets.idOf(secret);
