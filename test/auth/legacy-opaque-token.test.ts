// Opaque tokens issued before issue 28 (`iamgt_<claims>.<signature>`, no JWS header) keep working
// until they expire, then never again; the legacy reader refuses what the old one refused.
// Delete with src/auth/legacy-opaque-token.ts (see CHANGELOG.md).
import { randomBytes } from 'node:crypto';
import { TokenChecker } from '../../src/auth/token-checker';
import { signOpaque, type TokenClaims } from '../../src/auth/token-format';
import { LEGACY_FIXTURE, legacyOpaque } from '../support/legacy-token';
import { claimsAt, handClock, keyRing, memoryStore, testSealer } from '../support/token-keys';

const clock = handClock('2026-12-01T00:00:00Z');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const json64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeEach(() => {
  clock.at = Date.parse('2026-12-01T00:00:00Z');
});

/** The HS256 key new tokens are signed with, and its secret as the database holds it (sealed). */
async function hmacRing() {
  const store = memoryStore();
  const keys = keyRing(store, clock, 'HS256');
  const signer = await keys.signer();
  const secret = Buffer.from(testSealer.open(store.rows.find((r) => r.id === signer.kid)!.sealedSecret)!, 'base64');
  return { store, keys, signer, secret, checker: new TokenChecker(keys, clock) };
}

test('when a token printed by the release before is checked, then it has its claims until it expires, and is refused from then on', async () => {
  const store = memoryStore();
  store.rows.push({
    id: LEGACY_FIXTURE.kid,
    alg: 'HS256',
    generation: 1,
    publicJwk: null,
    sealedSecret: testSealer.seal(LEGACY_FIXTURE.secret.toString('base64')),
    createdAt: '2026-11-30T00:00:00.000Z',
    activatesAt: '2026-11-30T00:00:00.000Z',
    retiresAt: '2026-12-02T01:05:00.000Z',
  });
  const checker = new TokenChecker(keyRing(store, clock), clock);
  const expiry = LEGACY_FIXTURE.claims.exp * 1000;

  clock.at = expiry - 3600_000;
  expect(await checker.check(LEGACY_FIXTURE.token)).toEqual({ claims: LEGACY_FIXTURE.claims, kid: LEGACY_FIXTURE.kid });
  clock.at = expiry - 1;
  expect(await checker.check(LEGACY_FIXTURE.token)).toEqual({ claims: LEGACY_FIXTURE.claims, kid: LEGACY_FIXTURE.kid });
  clock.at = expiry;
  expect(await checker.check(LEGACY_FIXTURE.token)).toEqual({ reason: 'The access token has expired' });
  clock.at = expiry + 3600_000;
  // A process that never saw it (no cache) refuses it too.
  expect(await new TokenChecker(keyRing(store, clock), clock).check(LEGACY_FIXTURE.token)).toEqual({
    reason: 'The access token has expired',
  });
});

test('when a legacy token is made with the key new tokens are signed with, then both formats give the same claims', async () => {
  const { signer, secret, checker } = await hmacRing();
  const claims: TokenClaims = { ...claimsAt(clock), narrowed: true };
  const legacy = legacyOpaque(claims, signer.kid, secret);
  const current = await signOpaque(claims, signer);
  expect(legacy.split('.')).toHaveLength(2);
  expect(current.split('.')).toHaveLength(3);
  expect(await checker.check(legacy)).toEqual({ claims, kid: signer.kid });
  expect(await checker.check(current)).toEqual({ claims, kid: signer.kid });
});

test('when a legacy token is altered, respelled, signed by a stranger or names another kind of key, then it is refused', async () => {
  const { store, signer, secret, checker } = await hmacRing();
  const ed = keyRing(store, clock, 'EdDSA');
  const edKid = (await ed.signer()).kid;
  const good = legacyOpaque(claimsAt(clock), signer.kid, secret);
  const dot = good.indexOf('.');
  const body = JSON.parse(Buffer.from(good.slice('iamgt_'.length, dot), 'base64url').toString()) as Record<string, unknown>;
  const signature = good.slice(dot + 1);
  const respelled = good.slice(0, -1) + B64URL[B64URL.indexOf(good.at(-1)!) ^ 1];
  expect(Buffer.from(respelled.slice(dot + 1), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
  const forgeries = [
    `iamgt_${json64({ ...body, scope: 'service-accounts:read service-accounts:write' })}.${signature}`,
    `iamgt_${json64({ ...body, exp: Number(body.exp) + 86_400 })}.${signature}`,
    respelled,
    `${good}=`,
    good.slice(0, dot),
    `${good.slice(0, dot)}.`,
    legacyOpaque(claimsAt(clock), signer.kid, randomBytes(32)),
    legacyOpaque(claimsAt(clock), edKid, secret),
    legacyOpaque(claimsAt(clock), 'unknown-kid', secret),
  ];
  await ed.load();
  for (const forged of forgeries) expect(await checker.check(forged)).toEqual({ reason: 'Invalid access token' });
  expect(await checker.check(good)).toEqual({ claims: claimsAt(clock), kid: signer.kid });
});

test('when the key a legacy token names is dropped, then the token is refused even though it was verified before', async () => {
  const { store, keys, signer, secret, checker } = await hmacRing();
  const token = legacyOpaque(claimsAt(clock), signer.kid, secret);
  expect('claims' in (await checker.check(token))).toBe(true);
  store.rows.splice(0);
  clock.at += 61_000; // the next re-read of the keys
  await keys.load();
  expect(keys.has(signer.kid)).toBe(false);
  expect(await checker.check(token)).toEqual({ reason: 'Invalid access token' });
});
