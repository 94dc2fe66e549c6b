// Where the idempotency encryption key comes from: IDEMPOTENCY_ENCRYPTION_KEY (32 bytes, base64 or
// hex), else a key file generated beside the embedded SQLite database, else (in-memory SQLite, or
// PostgreSQL without a key: say so) a key for this process only.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '../../store/data-source';

export function loadSealingKey(configured: string | undefined, databaseUrl: string, warn: (m: string) => void): Buffer {
  if (configured) return decodeKey(configured);
  const db = parseDatabaseUrl(databaseUrl);
  if (db.engine === 'sqlite' && db.location !== ':memory:') {
    const file = join(dirname(db.location), 'idempotency.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return decodeKey(readFileSync(file, 'utf8').trim());
  }
  if (db.engine === 'postgres') {
    warn('IDEMPOTENCY_ENCRYPTION_KEY is not set: idempotent replays work only on the process that stored them');
  }
  return randomBytes(32);
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('IDEMPOTENCY_ENCRYPTION_KEY must be 32 bytes, base64 or hex');
  return key;
}
