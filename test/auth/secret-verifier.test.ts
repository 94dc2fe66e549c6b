// The verified-secret cache: bcrypt once per key and hash, then a remembered digest that only the
// same secret against the same hash matches.
import bcrypt from 'bcrypt';
import { SecretVerifier } from '../../src/auth/secret-verifier';

const COST = 4;

test('when a secret was verified once, then the same secret against the same hash passes without bcrypt', async () => {
  const verifier = new SecretVerifier(COST);
  const hash = await bcrypt.hash('s3cret-one', COST);
  expect(verifier.verifiedBefore('key-1', 's3cret-one', hash)).toBe(false);
  expect(await verifier.verify('key-1', 's3cret-one', hash)).toBe(true);
  const runs = verifier.bcryptRuns;
  expect(verifier.verifiedBefore('key-1', 's3cret-one', hash)).toBe(true);
  expect(verifier.bcryptRuns).toBe(runs);
});

test('when another secret is presented for a remembered key, then it is not taken for the verified one', async () => {
  const verifier = new SecretVerifier(COST);
  const hash = await bcrypt.hash('s3cret-one', COST);
  await verifier.verify('key-1', 's3cret-one', hash);
  expect(verifier.verifiedBefore('key-1', 's3cret-two', hash)).toBe(false);
  expect(verifier.verifiedBefore('key-1', '', hash)).toBe(false);
  expect(verifier.verifiedBefore('key-2', 's3cret-one', hash)).toBe(false);
});

test("when a key's hash changes, then the secret remembered against the old hash no longer passes", async () => {
  const verifier = new SecretVerifier(COST);
  const oldHash = await bcrypt.hash('s3cret-one', COST);
  await verifier.verify('key-1', 's3cret-one', oldHash);
  const newHash = await bcrypt.hash('s3cret-new', COST);
  expect(verifier.verifiedBefore('key-1', 's3cret-one', newHash)).toBe(false);
  // A secret and hash that run together into the remembered pair's bytes do not match it either.
  expect(verifier.verifiedBefore('key-1', 's3cret-one', `${oldHash}\n`)).toBe(false);
  expect(verifier.verifiedBefore('key-1', `\ns3cret-one`, oldHash.slice(0, -1))).toBe(false);
});

test('when a verification fails, then nothing is remembered', async () => {
  const verifier = new SecretVerifier(COST);
  const hash = await bcrypt.hash('s3cret-one', COST);
  expect(await verifier.verify('key-1', 'wrong', hash)).toBe(false);
  expect(verifier.verifiedBefore('key-1', 'wrong', hash)).toBe(false);
  expect(verifier.verifiedBefore('key-1', 's3cret-one', hash)).toBe(false);
});

test('when a second process verifier remembers the same secret, then its digests are its own', async () => {
  const a = new SecretVerifier(COST);
  const b = new SecretVerifier(COST);
  const hash = await bcrypt.hash('s3cret-one', COST);
  await a.verify('key-1', 's3cret-one', hash);
  expect(b.verifiedBefore('key-1', 's3cret-one', hash)).toBe(false);
});
