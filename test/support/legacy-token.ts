// The opaque token format of the releases before issue 28, made the way they made it (encodeOpaque
// in src/auth/token-format.ts at dc3a2c6): `iamgt_` + base64url(JSON claims with `kid`) + `.` +
// base64url(HMAC-SHA256 of what precedes the dot). For the tests of src/auth/legacy-opaque-token.ts;
// delete with it.
import { createHmac } from 'node:crypto';
import type { TokenClaims } from '../../src/auth/token-format';
import type { TestServer } from './server';

const json64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function legacyOpaque(claims: TokenClaims, kid: string, secret: Buffer): string {
  const body = {
    kid,
    jti: claims.jti,
    key: claims.keyId,
    sub: claims.accountId,
    org: claims.orgId,
    scope: claims.scopes.join(' '),
    ...(claims.narrowed ? { nrw: 1 } : {}),
    iat: claims.iat,
    exp: claims.exp,
  };
  const input = `iamgt_${json64(body)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * A token printed by the release before issue 28 itself (dc3a2c6's encodeOpaque, run once), with
 * the HMAC secret and key id it was signed with: issued 2026-12-01T00:00:00Z, valid for an hour.
 */
export const LEGACY_FIXTURE = {
  token:
    'iamgt_eyJraWQiOiJsZWdhY3lGaXh0dXJlS2lkIiwianRpIjoiMDE5OGYwYTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGExIiwia2V5IjoiMDE5OGYwYTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGEyIiwic3ViIjoiMDE5OGYwYTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGEzIiwib3JnIjoiMDE5OGYwYTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGE0Iiwic2NvcGUiOiJzZXJ2aWNlLWFjY291bnRzOnJlYWQgc2VydmljZS1hY2NvdW50czp3cml0ZSIsIm5ydyI6MSwiaWF0IjoxNzk2MDgzMjAwLCJleHAiOjE3OTYwODY4MDB9.VISODVxlpCRujhi8C71Z8gBB_e5kjNAF2M5OBeFP6OY',
  kid: 'legacyFixtureKid',
  secret: Buffer.alloc(32, 7),
  claims: {
    jti: '0198f0a0-0000-7000-8000-0000000000a1',
    keyId: '0198f0a0-0000-7000-8000-0000000000a2',
    accountId: '0198f0a0-0000-7000-8000-0000000000a3',
    orgId: '0198f0a0-0000-7000-8000-0000000000a4',
    scopes: ['service-accounts:read', 'service-accounts:write'],
    narrowed: true,
    iat: 1796083200,
    exp: 1796086800,
  } satisfies TokenClaims,
};

/** The HMAC key a running server signs opaque tokens with, opened from its signing_keys row. */
export async function serverHmacKey(t: TestServer): Promise<{ kid: string; secret: Buffer }> {
  const [row] = await t.query<{ id: string; sealed_secret: string }>(
    "SELECT id, sealed_secret FROM signing_keys WHERE alg = 'HS256' ORDER BY generation DESC",
  );
  const opened = t.running.runtime.sealer.open(row.sealed_secret);
  if (opened === null) throw new Error('the signing key was sealed with another key');
  return { kid: row.id, secret: Buffer.from(opened, 'base64') };
}
