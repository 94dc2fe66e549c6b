// Where the idempotency encryption key comes from: IDEMPOTENCY_ENCRYPTION_KEY (32 bytes, base64 or
// hex), else a key file generated in the embedded database's directory, else (in-memory SQLite, or
// a shared database without a key: say so) a key for this process only.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the store says about where it keeps data (the composition root asks it). */
export interface KeyStorage {
  /** The directory of an embedded database file; null when there is none (in memory, or a server). */
  dataDirectory: string | null;
  /** Several processes may share the database (a server): a key for this process alone breaks replays. */
  shared: boolean;
}

export function loadSealingKey(configured: string | undefined, storage: KeyStorage, warn: (m: string) => void): Buffer {
  if (configured) return decodeKey(configured);
  if (storage.dataDirectory !== null) {
    const file = join(storage.dataDirectory, 'idempotency.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return decodeKey(readFileSync(file, 'utf8').trim());
  }
  if (storage.shared) {
    warn('IDEMPOTENCY_ENCRYPTION_KEY is not set: idempotent replays and access tokens work only on the process that made them');
  }
  return randomBytes(32);
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('IDEMPOTENCY_ENCRYPTION_KEY must be 32 bytes, base64 or hex');
  return key;
}
