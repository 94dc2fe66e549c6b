// Access tokens are standard compact JWS (issue 28): what iamgate signs, jose verifies on its own
// (with the stored HMAC secret, or the published JWKS); what claims another algorithm than the
// token's format and key have (`none`, HS256 with an Ed25519 key's id, EdDSA under the opaque
// prefix), or spells a signature another way, is refused.
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  SignJWT,
  UnsecuredJWT,
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import type { SigningKeys } from '../../src/auth/signing-keys';
import { signJwt, signOpaque, verifyToken } from '../../src/auth/token-format';
import { claimsAt, handClock, keyRing, memoryStore, testSealer } from '../support/token-keys';

const clock = handClock('2026-12-01T00:00:00Z');
const ctx = { issuer: 'https://iam.example', audience: 'https://api.example', clientId: 'client-1' };
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const check = (keys: SigningKeys, token: string) => verifyToken(token, (kid, alg) => keys.verifier(kid, alg), clock.now());
const accepted = async (keys: SigningKeys, token: string) => 'claims' in (await check(keys, token));

/** Both rings on one store, as a process of each format would hold them, and a token of each. */
async function setUp() {
  const store = memoryStore();
  const hmac = keyRing(store, clock, 'HS256');
  const ed = keyRing(store, clock, 'EdDSA');
  const [hs, eds] = [await hmac.signer(), await ed.signer()];
  await hmac.load(); // knows the EdDSA key too
  const opaque = await signOpaque(claimsAt(clock), hs);
  const jwt = await signJwt(claimsAt(clock, 2), eds, ctx);
  const edRow = store.rows.find((r) => r.alg === 'EdDSA')!;
  return { store, hmac, ed, hs, eds, opaque, jwt, edJwk: JSON.parse(edRow.publicJwk!) as JWK };
}

test('when tokens are issued, then they are compact JWS that jose alone verifies: HS256 with the stored secret, EdDSA with the JWKS', async () => {
  const { store, ed, hs, opaque, jwt } = await setUp();

  expect(opaque.startsWith('iamgt_')).toBe(true);
  const jws = opaque.slice('iamgt_'.length);
  expect(jws.split('.')).toHaveLength(3);
  expect(decodeProtectedHeader(jws)).toEqual({ alg: 'HS256', kid: hs.kid });
  const row = store.rows.find((r) => r.id === hs.kid)!;
  const secret = createSecretKey(Buffer.from(testSealer.open(row.sealedSecret)!, 'base64'));
  const { payload } = await compactVerify(jws, secret, { algorithms: ['HS256'] });
  expect(JSON.parse(Buffer.from(payload).toString())).toEqual({
    jti: claimsAt(clock).jti,
    key: claimsAt(clock).keyId,
    sub: claimsAt(clock).accountId,
    org: claimsAt(clock).orgId,
    scope: 'service-accounts:read',
    iat: claimsAt(clock).iat,
    exp: claimsAt(clock).exp,
  });

  const verified = await jwtVerify(jwt, createLocalJWKSet(ed.jwks() as { keys: JWK[] }), {
    algorithms: ['EdDSA'],
    typ: 'at+jwt',
    issuer: ctx.issuer,
    audience: ctx.audience,
    currentDate: clock.now(),
  });
  expect(verified.protectedHeader).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: (await ed.signer()).kid });
  expect(verified.payload).toMatchObject({ sub: claimsAt(clock).accountId, client_id: ctx.clientId, key_id: claimsAt(clock).keyId });
});

test('when a token is checked, then both formats give their claims, and each is refused from its expiry on', async () => {
  const { hmac, ed, opaque, jwt } = await setUp();
  expect(await check(hmac, opaque)).toEqual({ claims: claimsAt(clock), kid: (await hmac.signer()).kid });
  expect(await check(ed, jwt)).toEqual({ claims: claimsAt(clock, 2), kid: (await ed.signer()).kid });
  const issuedAt = clock.at;
  try {
    clock.at += 3600_000 - 1;
    expect(await accepted(hmac, opaque)).toBe(true);
    clock.at += 1;
    expect(await check(hmac, opaque)).toEqual({ reason: 'The access token has expired' });
    expect(await check(ed, jwt)).toEqual({ reason: 'The access token has expired' });
  } finally {
    clock.at = issuedAt;
  }
});

test('when a token claims an algorithm its format or its key does not have, then it is refused', async () => {
  const { hmac, ed, hs, eds, opaque, jwt, edJwk } = await setUp();
  const edKid = eds.kid;
  const jwtClaims = decodeJwt(jwt);
  const opaqueClaims = decodeJwt(opaque.slice('iamgt_'.length));
  // HS256 with the EdDSA key's id, keyed with that public key in each form an attacker might try.
  const publicKey = (await importJWK(edJwk, 'EdDSA')) as KeyObject;
  const publicForms: Uint8Array[] = [
    Buffer.from(edJwk.x!, 'base64url'),
    Buffer.from(JSON.stringify(edJwk)),
    Buffer.from(publicKey.export({ format: 'pem', type: 'spki' })),
    Buffer.from(publicKey.export({ format: 'der', type: 'spki' })),
  ];
  for (const secret of publicForms) {
    const asJwt = await new SignJWT(jwtClaims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: edKid }).sign(secret);
    const asOpaque = await new SignJWT(opaqueClaims).setProtectedHeader({ alg: 'HS256', kid: edKid }).sign(secret);
    for (const keys of [hmac, ed]) {
      expect(await accepted(keys, asJwt)).toBe(false);
      expect(await accepted(keys, `iamgt_${asOpaque}`)).toBe(false);
    }
  }
  // `alg: none`, with no signature or with one.
  for (const [claims, typ, prefix] of [
    [jwtClaims, 'at+jwt', ''],
    [opaqueClaims, undefined, 'iamgt_'],
  ] as const) {
    const unsecured = new UnsecuredJWT(claims).encode();
    const named = `${Buffer.from(JSON.stringify({ alg: 'none', typ, kid: prefix ? hs.kid : edKid })).toString('base64url')}.${unsecured.split('.')[1]}`;
    for (const token of [unsecured, `${unsecured}${'A'.repeat(43)}`, `${named}.`, `${named}.${jwt.split('.')[2]}`])
      for (const keys of [hmac, ed]) expect(await accepted(keys, `${prefix}${token}`)).toBe(false);
  }
  // A good EdDSA JWT under the opaque prefix, a good HS256 JWS without it.
  expect(await accepted(ed, `iamgt_${jwt}`)).toBe(false);
  expect(await accepted(hmac, opaque.slice('iamgt_'.length))).toBe(false);
  // The EdDSA key's id on an EdDSA-signed token under the prefix, and an HMAC key's id on an EdDSA JWT.
  const ownPair = generateKeyPairSync('ed25519');
  const ownSigned = async (kid: string, key: KeyObject = ownPair.privateKey) =>
    new SignJWT(jwtClaims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(key);
  expect(await accepted(ed, `iamgt_${await ownSigned(edKid)}`)).toBe(false);
  expect(await accepted(hmac, await ownSigned(hs.kid))).toBe(false);
  expect(await accepted(ed, await ownSigned(edKid))).toBe(false); // a key iamgate does not hold
  expect(await accepted(ed, await ownSigned(edKid, eds.key))).toBe(true); // the same, signed with iamgate's key
});

test('when a JWT does not say it is an access token (typ), then it is refused however well signed', async () => {
  const { ed, eds, jwt } = await setUp();
  const claims = decodeJwt(jwt);
  for (const header of [{}, { typ: 'JWT' }, { typ: 'at+jwt+x' }]) {
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: eds.kid, ...header }).sign(eds.key);
    expect(await accepted(ed, token)).toBe(false);
  }
});

test('when a signature is spelled another way (padding bits, `=`, stray characters), then the token is refused', async () => {
  const { hmac, ed, opaque, jwt } = await setUp();
  for (const [keys, token] of [
    [hmac, opaque],
    [ed, jwt],
  ] as const) {
    expect(await accepted(keys, token)).toBe(true);
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const respelled = token.slice(0, -1) + B64URL[B64URL.indexOf(token.at(-1)!) ^ 1];
    expect(Buffer.from(respelled.slice(token.lastIndexOf('.') + 1), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    const inserted = `${token.slice(0, -4)}+${token.slice(-4)}`;
    for (const forged of [respelled, `${token}=`, `${token}==`, inserted, `${token} `, token.replace(/\./g, '..')])
      expect(await accepted(keys, forged)).toBe(false);
  }
});
