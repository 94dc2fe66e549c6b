// Issue 30, item 1: every secret iamgate issues carries a checksum; a presented secret whose checksum
// fails is refused before any database read or bcrypt run (and counted), through every form a secret
// comes in; secrets of the old format, without checksum, keep working.
import bcrypt from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { readSecret } from '../../src/auth/secret-format';
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();
const CHECKSUMMED = /^iamg_[A-Za-z0-9_-]{43}[0-9a-f]{32}[0-9A-Za-z]{6}$/;

/** The same secret with its last checksum character changed. */
const typo = (secret: string) => secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');

async function checksumFailures(): Promise<number> {
  const text = (await t.http.get('/metrics')).text;
  return Number(/^iamgate_secret_checksum_failures_total\{where="authentication"\} (\d+)$/m.exec(text)?.[1]);
}

test('when any dialect makes a key, then its secret ends in a valid checksum', async () => {
  const auth = t.adminBearer;
  const v2 = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'Checksummed', scopes: ['service-accounts:read'] });
  const v1 = await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: v2.body.data.id, scope: 'read' });
  const v3 = await t.http
    .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${v2.body.data.id}/keys`)
    .set(auth)
    .set('Content-Type', 'application/vnd.api+json')
    .send({ data: { type: 'service-account-keys' } });
  const secrets = [t.admin.secret, v2.body.data.clientSecret, v1.body.data.key, v3.body.data.attributes.client_secret];
  for (const secret of secrets) {
    expect(secret).toMatch(CHECKSUMMED);
    expect(readSecret(secret).shape).toBe('checksummed');
  }
});

test('when a secret with a bad checksum is presented, then it is refused 401 without a database read or bcrypt, and counted', async () => {
  const { store, verifier, limiter } = t.running.runtime;
  const wrong = typo(t.admin.secret);
  expect(readSecret(wrong).shape).toBe('bad-checksum');
  const failuresBefore = await checksumFailures();
  const runs = verifier.bcryptRuns;
  // Reads only: batches of request logs and rate-limit counts are written in the background meanwhile.
  const reads = jest.spyOn(store, 'run');
  const counted = jest.spyOn(limiter, 'reserve');
  try {
    expect((await t.http.get('/api/v2/service-accounts').set(bearer(wrong))).status).toBe(401);
    expect((await t.http.get('/v1/whoami').set(basic(t.admin.clientId, wrong))).status).toBe(401);
    expect((await t.http.get('/auth/verify').set(bearer(wrong))).status).toBe(401);
    expect(reads).not.toHaveBeenCalled();
    // The token endpoint counts token requests per address first (a limit on requests, not on secrets).
    const token = await t.http
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: t.admin.clientId, client_secret: wrong });
    expect([token.status, token.body.error]).toEqual([401, 'invalid_client']);
    expect(counted).not.toHaveBeenCalled();
  } finally {
    reads.mockRestore();
    counted.mockRestore();
  }
  expect(verifier.bcryptRuns).toBe(runs);
  expect((await checksumFailures()) - failuresBefore).toBe(4);
  // The real secret still works: nothing about it was counted against anyone.
  expect((await t.http.get('/api/v2/service-accounts').set(t.adminBearer)).status).toBe(200);
});

test('when a secret of the old format (no checksum) is presented, then it still works, through Bearer, Basic and the token endpoint', async () => {
  const made = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'Issued before checksums', scopes: [] });
  const { id: keyId } = made.body.data.credentials[0] as { id: string };
  const clientId = made.body.data.clientId as string;
  // What the server issued before issue 30: prefix, 43 random base64url characters, the key id in hex.
  const old = `iamg_${randomBytes(32).toString('base64url')}${keyId.replace(/-/g, '')}`;
  expect(readSecret(old)).toEqual({ shape: 'legacy', keyId });
  const hash = await bcrypt.hash(old, 4);
  await t.query(`UPDATE keys SET secret_hash = '${hash}' WHERE id = '${keyId}'`);

  expect((await t.http.get('/v1/whoami').set(bearer(old))).status).toBe(200);
  expect((await t.http.get('/v1/whoami').set(basic(clientId, old))).status).toBe(200);
  const token = await t.http.post('/oauth2/token').set(basic(clientId, old)).type('form').send({ grant_type: 'client_credentials' });
  expect(token.status).toBe(200);
  // The old secret's former self, the checksummed one, no longer matches the key.
  expect((await t.http.get('/v1/whoami').set(bearer(made.body.data.clientSecret))).status).toBe(401);
});
