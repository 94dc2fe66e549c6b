// The public keys a secret-scanning partner signs its reports with (issue 30), in GitHub's format
// (what https://api.github.com/meta/public_keys/secret_scanning answers):
//   {"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----…", "is_current": true}]}
// A report is accepted when `Github-Public-Key-Signature` (base64 of a DER ECDSA P-256 signature)
// verifies over the raw body against the key `Github-Public-Key-Identifier` names. Every listed key
// is accepted, current or not: GitHub signs with an older one for a while after a rotation.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface PartnerKeys {
  /** Whether `signature` (base64) is a valid signature of `body` by the key named `identifier`. */
  verifies(identifier: string | undefined, signature: string | undefined, body: Buffer): boolean;
}

/** A DER ECDSA P-256 signature is at most 72 bytes: anything much longer is not one. */
const MAX_SIGNATURE_CHARS = 200;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads and checks the keys file once (at start): a file that is not as described stops the start. */
export function loadPartnerKeys(path: string, setting = 'SECRET_SCANNING_GITHUB_KEYS'): PartnerKeys {
  const fail = (why: string) => new Error(`${setting}: ${path} ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw fail(`cannot be read as JSON (${(err as Error).message})`);
  }
  const list = (parsed as { public_keys?: unknown })?.public_keys;
  if (!Array.isArray(list) || !list.length) throw fail('has no public_keys');
  const keys = new Map<string, KeyObject>();
  for (const entry of list as { key_identifier?: unknown; key?: unknown }[]) {
    if (typeof entry?.key_identifier !== 'string' || typeof entry.key !== 'string')
      throw fail('has an entry without key_identifier or key');
    let key: KeyObject;
    try {
      key = createPublicKey(entry.key);
    } catch {
      throw fail(`has a key that is not a PEM public key (${entry.key_identifier})`);
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw fail(`has a key that is not ECDSA P-256 (${entry.key_identifier})`);
    }
    keys.set(entry.key_identifier, key);
  }
  return {
    verifies(identifier, signature, body) {
      const key = identifier === undefined ? undefined : keys.get(identifier);
      if (!key || !signature || signature.length > MAX_SIGNATURE_CHARS || !BASE64.test(signature)) return false;
      try {
        return verify('sha256', body, key, Buffer.from(signature, 'base64'));
      } catch {
        return false; // not DER at all
      }
    },
  };
}
