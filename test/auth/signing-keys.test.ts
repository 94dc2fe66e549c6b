// Token signing keys (issue 19): made once for every process, rotated ahead of their turn, dropped
// when no token they signed can be valid, and refused when sealed with another key. An in-memory
// TokenStore and a hand-moved clock stand in for the database and time.
import { randomBytes } from 'node:crypto';
import { SigningKeys } from '../../src/auth/signing-keys';
import { encodeJwt, encodeOpaque, parseToken, type TokenClaims } from '../../src/auth/token-format';
import type { SigningAlg, SigningKeyRecord, TokenStore } from '../../src/auth/token-store';
import { Sealer } from '../../src/http/idempotency/sealer';

const HOUR = 3600_000;

function memoryStore(): TokenStore & { rows: SigningKeyRecord[] } {
  const rows: SigningKeyRecord[] = [];
  return {
    rows,
    credential: async () => null,
    deny: async () => undefined,
    signingKeys: async () => rows.map((r) => ({ ...r })),
    addSigningKey: async (k) => {
      if (rows.some((r) => r.id === k.id || (r.alg === k.alg && r.generation === k.generation))) return false;
      rows.push({ ...k });
      return true;
    },
    deleteSigningKeysRetiredBefore: async (at) => {
      for (let i = rows.length - 1; i >= 0; i--) if (rows[i].retiresAt < at) rows.splice(i, 1);
    },
  };
}

const clock = {
  at: Date.parse('2026-12-01T00:00:00Z'),
  now() {
    return new Date(this.at);
  },
};
const sealer = new Sealer(Buffer.alloc(32, 1));
const ring = (store: TokenStore, alg: SigningAlg = 'HS256', sealing = sealer, warn = jest.fn()) =>
  new SigningKeys(store, sealing, clock, { alg, rotateSeconds: 24 * 3600, tokenTtlSeconds: 3600, warn });
const claims = (): TokenClaims => ({
  jti: '0198f0a0-0000-7000-8000-000000000001',
  keyId: '0198f0a0-0000-7000-8000-000000000002',
  accountId: '0198f0a0-0000-7000-8000-000000000003',
  orgId: '0198f0a0-0000-7000-8000-000000000004',
  scopes: ['service-accounts:read'],
  narrowed: false,
  iat: Math.floor(clock.at / 1000),
  exp: Math.floor(clock.at / 1000) + 3600,
});
const opaque = async (keys: SigningKeys) => parseToken(encodeOpaque(claims(), await keys.signer()))!;

beforeEach(() => {
  clock.at = Date.parse('2026-12-01T00:00:00Z');
});

test('when two processes start on an empty table, then one key is made and both sign and check with it', async () => {
  const store = memoryStore();
  const [a, b] = [ring(store), ring(store)];
  await Promise.all([a.load(), b.load()]);
  expect(store.rows).toHaveLength(1);
  expect((await a.signer()).kid).toBe((await b.signer()).kid);
  expect(await b.verifies(await opaque(a))).toBe(true);
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
  expect(await keys.verifies(old)).toBe(true); // tokens of the old key stay good until they expire
  clock.at += 25 * HOUR;
  await keys.load();
  expect(store.rows.find((r) => r.id === first)).toBeUndefined(); // dropped once nothing it signed can be valid
  expect(await keys.verifies(old)).toBe(false);
});

test('when a process holds an old view, then a token signed with a key it does not know yet makes it re-read', async () => {
  const store = memoryStore();
  const a = ring(store);
  const b = ring(store);
  await b.load();
  store.rows.splice(0); // a different generation appears after b read
  const token = await opaque(a);
  expect(await b.verifies(token)).toBe(true);
});

test('when a token names an HMAC key but claims EdDSA, or is signed by a stranger, then it is refused', async () => {
  const store = memoryStore();
  const keys = ring(store);
  const good = await opaque(keys);
  expect(await keys.verifies({ ...good, alg: 'EdDSA' })).toBe(false);
  expect(await keys.verifies({ ...good, format: 'jwt' })).toBe(false);
  const stranger = { kid: good.kid, alg: 'HS256' as const, sign: () => randomBytes(32) };
  expect(await keys.verifies(parseToken(encodeOpaque(claims(), stranger))!)).toBe(false);
});

test('when the signing key was sealed with another sealing key, then nothing it signed is accepted and a warning says why', async () => {
  const store = memoryStore();
  const token = await opaque(ring(store));
  const warn = jest.fn();
  const other = ring(store, 'HS256', new Sealer(Buffer.alloc(32, 2)), warn);
  expect(await other.verifies(token)).toBe(false);
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
  const token = parseToken(encodeJwt(claims(), signer, { issuer: 'https://iam.example', audience: 'https://iam.example', clientId: 'c' }))!;
  expect(token.format).toBe('jwt');
  expect(await jwt.verifies(token)).toBe(true);
  expect(await jwt.verifies({ ...token, input: `${token.input}x` })).toBe(false);
});
