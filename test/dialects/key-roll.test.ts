// Issue 30, item 4: rolling a key in every dialect. One call makes a new key for the same account
// (same scopes, the old key's lifetime from now) and gives the old key an expiry `overlap` from now
// (default a day, 0 = now, at most 7 days, never later than an expiry it had); the old secret works
// until then and is refused (401) after it — through the verified-secret cache and through access
// tokens minted from it too. A revoked, expired or disabled key is 409 and makes nothing; a replay
// with the same Idempotency-Key answers the same roll.
import { readSecret } from '../../src/auth/secret-format';
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();
const DAY = 86_400_000;
let api: V3Client;
beforeAll(() => {
  api = v3Client(t, t.adminBearer);
});

interface Account {
  id: string;
  clientId: string;
  clientSecret: string;
  credentials: { id: string }[];
}

/** A v2 account (Admin, so its keys can call the API) with its first credential. */
async function newAccount(name: string, body: object = {}): Promise<Account> {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name, organizationalRole: 'UserAdmin', scopes: ['service-accounts:read', 'service-accounts:write'], ...body });
  expect(res.status).toBe(201);
  return res.body.data as Account;
}

const works = async (secret: string) => (await t.http.get('/v1/whoami').set(bearer(secret))).status;
const credentialsOf = async (accountId: string) =>
  (await t.http.get(`/api/v2/service-accounts/${accountId}/credentials`).set(t.adminBearer)).body.data as {
    id: string;
    status: string;
    expirationDate: string | null;
    scopes: string[];
  }[];
const near = (iso: string | null, expectedMs: number) => {
  expect(iso).not.toBeNull();
  expect(Math.abs(Date.parse(iso!) - expectedMs)).toBeLessThan(5_000);
};
const v2Roll = (account: Account, credentialId: string, body?: object, headers: Record<string, string> = {}) => {
  const req = t.http.post(`/api/v2/service-accounts/${account.id}/credentials/${credentialId}/roll`).set(t.adminBearer).set(headers);
  return body === undefined ? req : req.send(body);
};

describe('v1: POST /v1/api-keys/{id}/roll', () => {
  test('when a key is rolled with the default overlap, then the 200 envelope holds the new secret and the old key expires in a day; both work until then, the old one not a second longer', async () => {
    const account = await newAccount('Rolled in v1');
    const made = await t.http.post('/v1/api-keys').set(t.adminBearer).send({ serviceAccountId: account.id, name: 'deploy', scope: 'read' });
    const old = made.body.data as { id: string; key: string };
    expect(await works(old.key)).toBe(200); // verified once: later checks of it come from the cache

    const res = await t.http.post(`/v1/api-keys/${old.id}/roll`).set(t.adminBearer);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.body.data;
    expect(res.body).toMatchObject({ code: 200, message: 'success' });
    expect(data).toMatchObject({ name: 'deploy', scope: 'read', enabled: true, serviceAccountId: account.id, clientId: account.clientId });
    expect(data.id).not.toBe(old.id);
    expect(readSecret(data.key)).toEqual({ shape: 'checksummed', keyId: data.id });
    expect(data.expiresAt).toBeNull(); // the old key had no expiry: neither has the new one
    expect(data.previous.id).toBe(old.id);
    near(data.previous.expiresAt, t.clock.now().getTime() + DAY);

    expect(await works(old.key)).toBe(200);
    expect(await works(data.key)).toBe(200);
    t.clock.advance(Date.parse(data.previous.expiresAt) - t.clock.now().getTime() - 2_000);
    expect(await works(old.key)).toBe(200);
    t.clock.advance(2_000);
    expect(await works(old.key)).toBe(401);
    expect(await works(data.key)).toBe(200);
  });

  test('when the overlapSeconds is out of range or not a number, then 400 and nothing is made', async () => {
    const account = await newAccount('Rolled badly in v1');
    const keyId = account.credentials[0].id;
    for (const overlapSeconds of [-1, 604_801, 1.5, '60']) {
      const res = await t.http.post(`/v1/api-keys/${keyId}/roll`).set(t.adminBearer).send({ overlapSeconds });
      expect([overlapSeconds, res.status]).toEqual([overlapSeconds, 400]);
    }
    expect(await credentialsOf(account.id)).toHaveLength(1);
  });
});

describe('v2: POST /api/v2/service-accounts/{id}/credentials/{credentialId}/roll', () => {
  test('when rolled with overlap 0, then 201 + Location names the new credential, and the old secret is refused at once', async () => {
    const account = await newAccount('Rolled at once');
    const oldId = account.credentials[0].id;
    const res = await v2Roll(account, oldId, { overlapSeconds: 0 });
    expect(res.status).toBe(201);
    const data = res.body.data;
    expect(data).toMatchObject({ clientId: account.clientId, status: 'Active', revokedReason: null });
    expect(readSecret(data.clientSecret)).toEqual({ shape: 'checksummed', keyId: data.id });
    expect(data.previousCredential.id).toBe(oldId);
    near(data.previousCredential.expirationDate, t.clock.now().getTime());
    expect(new URL(res.headers.location).pathname).toBe(`/api/v2/service-accounts/${account.id}/credentials/${data.id}`);
    const located = await t.http.get(new URL(res.headers.location).pathname).set(t.adminBearer);
    expect([located.status, located.body.data.id]).toEqual([200, data.id]);

    expect(await works(account.clientSecret)).toBe(401);
    expect(await works(data.clientSecret)).toBe(200);
    const listed = await credentialsOf(account.id);
    expect(listed.map((c) => [c.id, c.status])).toEqual([
      [oldId, 'Expired'],
      [data.id, 'Active'],
    ]);
  });

  test('when a key with a lifetime and explicit scopes is rolled, then the new one has the same scopes and lifetime from now, and the old one keeps an earlier expiry it had', async () => {
    const account = await newAccount('Rolled with a lifetime');
    const lifetime = 2 * 3_600_000; // two hours: shorter than the default overlap of a day
    const made = await t.http
      .post(`/api/v2/service-accounts/${account.id}/credentials`)
      .set(t.adminBearer)
      .send({ scopes: ['service-accounts:read'], expirationDate: new Date(t.clock.now().getTime() + lifetime).toISOString() });
    const oldExpiry = made.body.data.expirationDate as string;
    t.clock.advance(60_000);
    const res = await v2Roll(account, made.body.data.id);
    expect(res.status).toBe(201);
    expect(res.body.data.scopes).toEqual(['service-accounts:read']);
    near(res.body.data.expirationDate, t.clock.now().getTime() + (Date.parse(oldExpiry) - Date.parse(made.body.data.createdAt)));
    expect(res.body.data.previousCredential.expirationDate).toBe(oldExpiry); // never later than it had
  });

  test('when a roll is sent again with the same Idempotency-Key, then the same new credential is answered and only one is made', async () => {
    const account = await newAccount('Rolled twice');
    const once = { 'Idempotency-Key': 'roll-once' };
    const first = await v2Roll(account, account.credentials[0].id, { overlapSeconds: 60 }, once);
    const again = await v2Roll(account, account.credentials[0].id, { overlapSeconds: 60 }, once);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.body.data.clientSecret).toBe(first.body.data.clientSecret);
    expect(await credentialsOf(account.id)).toHaveLength(2);
    const other = await v2Roll(account, account.credentials[0].id, { overlapSeconds: 120 }, once);
    expect(other.status).toBe(409); // the key was used for another request
  });

  test('when the credential is revoked, expired or disabled, then 409 in the problem shape and nothing is made', async () => {
    const account = await newAccount('Not rollable');
    const extra = async () =>
      (await t.http.post(`/api/v2/service-accounts/${account.id}/credentials`).set(t.adminBearer).send({})).body.data.id as string;
    const revoked = await extra();
    await t.http.post(`/api/v2/service-accounts/${account.id}/credentials/${revoked}/revoke`).set(t.adminBearer);
    const expired = await extra();
    expect((await v2Roll(account, expired, { overlapSeconds: 0 })).status).toBe(201); // expires now
    const disabled = await extra();
    const v3Disable = await api.patch(`/service-accounts/${account.id}/keys/${disabled}`, {
      data: { type: 'service-account-keys', id: disabled, attributes: { enabled: false } },
    });
    expect(v3Disable.status).toBe(200);
    const before = (await credentialsOf(account.id)).length;
    for (const [id, status] of [
      [revoked, 'revoked'],
      [expired, 'expired'],
      [disabled, 'disabled'],
    ]) {
      const res = await v2Roll(account, id);
      expect([id, res.status, res.headers['content-type']]).toEqual([id, 409, expect.stringContaining('application/problem+json')]);
      expect(res.body.detail ?? res.body.title).toContain(status);
    }
    expect(await credentialsOf(account.id)).toHaveLength(before);
  });

  test('when the caller may only read, or the credential belongs to another account, then 403 or 404 and nothing is made', async () => {
    const account = await newAccount('Guarded');
    const reader = await t.http
      .post(`/api/v2/service-accounts/${account.id}/credentials`)
      .set(t.adminBearer)
      .send({ scopes: ['service-accounts:read'] });
    const readerSecret = reader.body.data.clientSecret as string;
    const denied = await t.http
      .post(`/api/v2/service-accounts/${account.id}/credentials/${account.credentials[0].id}/roll`)
      .set(bearer(readerSecret));
    expect(denied.status).toBe(403);
    const elsewhere = await newAccount('Elsewhere');
    expect((await v2Roll(elsewhere, account.credentials[0].id)).status).toBe(404);
    expect(await credentialsOf(account.id)).toHaveLength(2);
  });
});

describe('v3: POST …/service-accounts/{id}/keys/{keyId}/roll', () => {
  test('when rolled with an explicit overlap, then 201 + Location and ETag, the new key with client_secret, the old in included with its new expiry', async () => {
    const account = await newAccount('Rolled in v3');
    const oldId = account.credentials[0].id;
    const res = await api.post(`/service-accounts/${account.id}/keys/${oldId}/roll`, {
      data: { type: 'service-account-keys', attributes: { overlap_seconds: 600 } },
    });
    expect(res.status).toBe(201);
    const { data, included } = res.body;
    expect(data.type).toBe('service-account-keys');
    expect(readSecret(data.attributes.client_secret)).toEqual({ shape: 'checksummed', keyId: data.id });
    expect(res.headers.location).toBe(data.links.self);
    expect(res.headers.etag).toMatch(/^"\d+"$/);
    expect(included).toHaveLength(1);
    expect(included[0].id).toBe(oldId);
    expect(included[0].attributes.client_secret).toBeUndefined();
    near(included[0].meta.expires_at, t.clock.now().getTime() + 600_000);

    // A token minted from the old key dies with it, though its own lifetime (an hour) is longer.
    const token = (
      await t.http.post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: account.clientId,
        client_secret: account.clientSecret,
      })
    ).body.access_token as string;
    expect(await works(token)).toBe(200);
    expect(await works(account.clientSecret)).toBe(200);
    t.clock.advance(Date.parse(included[0].meta.expires_at) - t.clock.now().getTime() + 1);
    expect(await works(account.clientSecret)).toBe(401);
    expect(await works(token)).toBe(401);
    expect(await works(data.attributes.client_secret)).toBe(200);
  });

  test('when no body is sent, then the default overlap of a day applies; a document of another type is 409', async () => {
    const account = await newAccount('Rolled in v3 without a body');
    const path = `/service-accounts/${account.id}/keys/${account.credentials[0].id}/roll`;
    const wrongType = await api.post(path, { data: { type: 'service-accounts' } });
    expect(wrongType.status).toBe(409);
    const res = await t.http.post(`${api.base}${path}`).set(t.adminBearer);
    expect(res.status).toBe(201);
    near(res.body.included[0].meta.expires_at, t.clock.now().getTime() + DAY);
  });

  test('when the key is revoked, then 409 in the JSON:API error shape', async () => {
    const account = await newAccount('Revoked in v3');
    const keyId = account.credentials[0].id;
    await t.http.post(`/api/v2/service-accounts/${account.id}/credentials/${keyId}/revoke`).set(t.adminBearer);
    const res = await api.post(`/service-accounts/${account.id}/keys/${keyId}/roll`, { data: { type: 'service-account-keys' } });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].detail).toContain('revoked');
  });

  test('when a roll is audited, then the new key and the old key each have an event, of the `service-accounts` principal', async () => {
    const account = await newAccount('Audited roll');
    const keyId = account.credentials[0].id;
    const rolled = await v2Roll(account, keyId, { overlapSeconds: 30 });
    const events = (await t.http.get(`/api/v2/service-accounts/${account.id}/audit-events`).set(t.adminBearer)).body.data as {
      action: string;
      actorType: string;
      targetId: string;
      changes: Record<string, unknown>;
    }[];
    const roll = events.find((e) => e.action === 'key.roll')!;
    expect(roll).toMatchObject({ actorType: 'service-accounts', targetId: keyId, changes: { rolledTo: rolled.body.data.id } });
    const created = events.find((e) => e.action === 'key.create' && e.targetId === rolled.body.data.id)!;
    expect(created.changes.rolledFrom).toBe(keyId);
    const v3 = await t.http.get('/v3/audit-events').query({ 'filter[operation]': 'roll' }).set(t.adminBearer);
    expect(v3.status).toBe(200);
    const mine = v3.body.data.find((e: { attributes: { resource: { id: string } } }) => e.attributes.resource.id === keyId);
    expect(mine.attributes.principal).toEqual({ type: 'service-accounts', id: t.admin.serviceAccountId });
  });
});
