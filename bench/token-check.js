#!/usr/bin/env node
'use strict';
// A micro-benchmark of access-token checking (issue 28): TokenChecker.check, in one process, with
// the signing keys in memory (no database, no HTTP). Two figures per format:
// - the hot path: the same token checked N times (after the first, answered from the cache), each
//   time as a new string with the same characters, as each request's header is;
// - misses: M distinct tokens checked once each (each one a signature check).
// Usage: node bench/token-check.js [dist directory, default ./dist] [N=100000] [M=10000]
// (`npx tsc -p tsconfig.build.json` first). Point it at another build's dist/ to compare releases.
const { resolve } = require('node:path');

const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 100_000);
const M = Number(process.argv[4] ?? 10_000);
const { SigningKeys } = require(`${dist}/src/auth/signing-keys`);
const { TokenChecker } = require(`${dist}/src/auth/token-checker`);
const format = require(`${dist}/src/auth/token-format`);
const { Sealer } = require(`${dist}/src/http/idempotency/sealer`);

function memoryStore() {
  const rows = [];
  return {
    credential: async () => null,
    deny: async () => undefined,
    signingKeys: async () => rows.map((r) => ({ ...r })),
    addSigningKey: async (k) => (rows.push({ ...k }), true),
    deleteSigningKeysRetiredBefore: async () => undefined,
  };
}

const clock = { now: () => new Date() };
const uuid = (n) => `0198f0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const claims = (n) => {
  const iat = Math.floor(Date.now() / 1000);
  return {
    jti: uuid(n),
    keyId: uuid(1),
    accountId: uuid(2),
    orgId: uuid(3),
    scopes: ['service-accounts:read'],
    narrowed: false,
    iat,
    exp: iat + 3600,
  };
};
/** Today's signing function, or the one of a build before issue 28. */
async function sign(kind, c, signer) {
  if (format.signOpaque) return kind === 'jwt' ? format.signJwt(c, signer, ctx) : format.signOpaque(c, signer);
  return kind === 'jwt' ? format.encodeJwt(c, signer, ctx) : format.encodeOpaque(c, signer);
}
const ctx = { issuer: 'https://iam.example', audience: 'https://iam.example', clientId: 'bench' };

async function run(kind) {
  const keys = new SigningKeys(memoryStore(), new Sealer(Buffer.alloc(32, 1)), clock, {
    alg: kind === 'jwt' ? 'EdDSA' : 'HS256',
    rotateSeconds: 86_400,
    tokenTtlSeconds: 3600,
    warn: () => undefined,
  });
  const signer = await keys.signer();
  const checker = new TokenChecker(keys, clock);
  const tokens = [];
  for (let i = 0; i < M; i++) tokens.push(await sign(kind, claims(i + 10), signer));
  const hot = tokens[0];
  const copies = Array.from({ length: N }, () => Buffer.from(hot).toString('latin1'));
  for (let i = 0; i < 2000; i++) await checker.check(hot); // warm up
  let t = process.hrtime.bigint();
  for (const copy of copies) if (!('claims' in (await checker.check(copy)))) throw new Error('refused');
  const sameNs = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint();
  for (const token of tokens) if (!('claims' in (await checker.check(token)))) throw new Error('refused');
  const distinctNs = Number(process.hrtime.bigint() - t) / M;
  console.log(
    `${kind.padEnd(6)} same token x${N}: ${(sameNs / 1000).toFixed(2)} µs/check   ${M} distinct tokens once each: ${(distinctNs / 1000).toFixed(2)} µs/check   (token ${hot.length} chars)`,
  );
}

(async () => {
  console.log(`${dist} on node ${process.version}`);
  for (const kind of ['opaque', 'jwt']) await run(kind);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
