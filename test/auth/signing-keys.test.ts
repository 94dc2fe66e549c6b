// Token signing keys (issue 19): made once for every process, rotated ahead of their turn, dropped
// when no token they signed can be valid, and refused when sealed with another key. An in-memory
// TokenStore and a hand-moved clock stand in for the database and time.
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import type { SigningKeys } from '../../src/auth/signing-keys';
import { signJwt, signOpaque, verifyToken } from '../../src/auth/token-format';
import type { SigningAlg, TokenStore } from '../../src/auth/token-store';
import { Sealer } from '../../src/http/idempotency/sealer';
import { claimsAt, handClock, keyRing, memoryStore, testSealer } from '../support/token-keys';

const HOUR = 3600_000;

const clock = handClock('2026-12-01T00:00:00Z');
const ring = (store: TokenStore, alg: SigningAlg = 'HS256', sealing = testSealer, warn = jest.fn()) =>
  keyRing(store, clock, alg, sealing, warn);
const claims = () => claimsAt(clock);
const opaque = async (keys: SigningKeys) => signOpaque(claims(), await keys.signer());
/** Whether `keys` accept the token's signature (with jose, through the key its `kid` names); its expiry plays no part. */
const verifies = async (keys: SigningKeys, token: string) =>
  'claims' in (await verifyToken(token, (kid, alg) => keys.verifier(kid, alg), new Date(0)));

beforeEach(() => {
  clock.at = Date.parse('2026-12-01T00:00:00Z');
});

test('when two processes start on an empty table, then one key is made and both sign and check with it', async () => {
  const store = memoryStore();
  const [a, b] = [ring(store), ring(store)];
  await Promise.all([a.load(), b.load()]);
  expect(store.rows).toHaveLength(1);
  expect((await a.signer()).kid).toBe((await b.signer()).kid);
  expect(await verifies(b, await opaque(a))).toBe(true);
  expect(store.rows[0].sealedSecret).not.toContain(store.rows[0].id); // sealed, not the raw secret
});

test('when a key nears the end of its turn, then the next is made ahead and signs only from its turn on', async () => {
  const store = memoryStore();
  const keys = ring(store);
  const first = (await keys.signer()).kid;
  clock.at += 23.5 * HOUR;
  await keys.load();
  expect(store.rows.map((r) => r.generation)).toEqual([1, 2]);
  expect((await keys.signer()).kid).toBe(first); // published, not yet signing
  const old = await opaque(keys);
  clock.at += 0.5 * HOUR + 1;
  const second = (await keys.signer()).kid;
  expect(second).not.toBe(first);
  expect(await verifies(keys, old)).toBe(true); // tokens of the old key stay good until they expire
  clock.at += 25 * HOUR;
  await keys.load();
  expect(store.rows.find((r) => r.id === first)).toBeUndefined(); // dropped once nothing it signed can be valid
  expect(await verifies(keys, old)).toBe(false);
});

test('when a process holds an old view, then a token signed with a key it does not know yet makes it re-read', async () => {
  const store = memoryStore();
  const a = ring(store);
  const b = ring(store);
  await b.load();
  store.rows.splice(0); // a different generation appears after b read
  const token = await opaque(a);
  expect(await verifies(b, token)).toBe(true);
});

test('when a token names an HMAC key but claims EdDSA, or is signed by a stranger, then it is refused', async () => {
  const store = memoryStore();
  const keys = ring(store);
  const good = await keys.signer();
  const token = await opaque(keys);
  expect(await verifies(keys, token)).toBe(true);
  // The HMAC key's id on a token that says EdDSA (signed with an Ed25519 key), and on a JWT signed with that HMAC key.
  const payload = decodeJwt(token.slice('iamgt_'.length));
  const ed = generateKeyPairSync('ed25519').privateKey;
  const claimingEdDsa = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: good.kid }).sign(ed);
  expect(await verifies(keys, `iamgt_${claimingEdDsa}`)).toBe(false);
  const { key, org, ...rest } = payload;
  const asJwt = await new SignJWT({ ...rest, key_id: key, organization_id: org })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: good.kid })
    .sign(good.key);
  expect(await verifies(keys, asJwt)).toBe(false);
  const stranger = { kid: good.kid, alg: 'HS256' as const, key: createSecretKey(randomBytes(32)) };
  expect(await verifies(keys, await signOpaque(claims(), stranger))).toBe(false);
});

test('when the signing key was sealed with another sealing key, then nothing it signed is accepted and a warning says why', async () => {
  const store = memoryStore();
  const token = await opaque(ring(store));
  const warn = jest.fn();
  const other = ring(store, 'HS256', new Sealer(Buffer.alloc(32, 2)), warn);
  expect(await verifies(other, token)).toBe(false);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('IDEMPOTENCY_ENCRYPTION_KEY'));
});

test('when JWT keys exist, then the JWKS publishes their public halves only, and an HMAC key never', async () => {
  const store = memoryStore();
  await ring(store, 'HS256').load();
  const jwt = ring(store, 'EdDSA');
  const signer = await jwt.signer();
  const { keys } = jwt.jwks() as { keys: Record<string, string>[] };
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: signer.kid, alg: 'EdDSA', use: 'sig' });
  expect(keys[0].d).toBeUndefined();
  const token = await signJwt(claims(), signer, { issuer: 'https://iam.example', audience: 'https://iam.example', clientId: 'c' });
  expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
  expect(await verifies(jwt, token)).toBe(true);
  const [h, p, sig] = token.split('.');
  expect(await verifies(jwt, `${h}.${p}x.${sig}`)).toBe(false);
});
