// The per-process cache of verified tokens (issue 28): a token's signature is checked once, its
// entry serves until the token expires, and the cache never holds more than 2,000 entries (the
// oldest go first). What can change after issue (key, account, deny list) is the authenticator's
// per-request read, outside this cache (test/security/signed-tokens.test.ts revokes a used token).
import { signOpaque } from '../../src/auth/token-format';
import { TokenChecker } from '../../src/auth/token-checker';
import { claimsAt, handClock, keyRing, memoryStore } from '../support/token-keys';

const clock = handClock('2026-12-01T00:00:00Z');

beforeEach(() => {
  clock.at = Date.parse('2026-12-01T00:00:00Z');
});

async function setUp() {
  const keys = keyRing(memoryStore(), clock, 'HS256');
  const signer = await keys.signer();
  const lookups = jest.spyOn(keys, 'verifier');
  const token = (n = 1) => signOpaque(claimsAt(clock, n), signer);
  return { keys, signer, lookups, token, checker: new TokenChecker(keys, clock) };
}

test('when the same token is checked again, then its signature is not checked again', async () => {
  const { lookups, token, checker } = await setUp();
  const t = await token();
  const first = await checker.check(t);
  expect('claims' in first).toBe(true);
  for (let i = 0; i < 5; i++) expect(await checker.check(Buffer.from(t).toString())).toEqual(first);
  expect(lookups).toHaveBeenCalledTimes(1);
});

test('when a remembered token reaches its expiry, then it is refused from that second on', async () => {
  const { lookups, token, checker } = await setUp();
  const t = await token();
  expect('claims' in (await checker.check(t))).toBe(true);
  clock.at += 3600_000 - 1;
  expect('claims' in (await checker.check(t))).toBe(true);
  clock.at += 1;
  expect(await checker.check(t)).toEqual({ reason: 'The access token has expired' });
  expect(await checker.check(t)).toEqual({ reason: 'The access token has expired' });
  expect(lookups).toHaveBeenCalledTimes(2); // once cached, once more after the expired entry was dropped
});

test('when more tokens than the cache holds are checked, then the oldest entries go first and the newest stay', async () => {
  const { lookups, token, checker } = await setUp();
  const tokens = [];
  for (let i = 0; i < 2001; i++) tokens.push(await token(i + 1));
  for (const t of tokens) expect('claims' in (await checker.check(t))).toBe(true);
  expect(lookups).toHaveBeenCalledTimes(2001);
  await checker.check(tokens[2000]);
  await checker.check(tokens[1]);
  expect(lookups).toHaveBeenCalledTimes(2001); // still remembered
  await checker.check(tokens[0]);
  expect(lookups).toHaveBeenCalledTimes(2002); // dropped for the 2,001st, verified again
});

test('when a token that differs in one byte is checked, then the cache of the good one does not answer for it', async () => {
  const { token, checker } = await setUp();
  const t = await token();
  expect('claims' in (await checker.check(t))).toBe(true);
  const [h, p, s] = t.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const widened = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: 'service-accounts:write' })).toString('base64url')}.${s}`;
  expect(await checker.check(widened)).toEqual({ reason: 'Invalid access token' });
  expect(await checker.check(`${t}A`)).toEqual({ reason: 'Invalid access token' });
});
