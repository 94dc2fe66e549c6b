// Issue 12: a disabled key reads as disabled in every dialect (v2 status "Disabled" where it said
// Active, v1 `enabled`, v3 `enabled`). Revoked > Expired > Disabled > Active: a final state wins.
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;
let api: V3Client;
let accountId: string;
beforeAll(async () => {
  api = v3Client(t, auth);
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(auth)
    .send({ name: 'Key holder', scopes: ['service-accounts:read'] });
  accountId = made.body.data.id;
});

const newKey = async (body: object = {}) => {
  const res = await t.http.post(`/api/v2/service-accounts/${accountId}/credentials`).set(auth).send(body);
  expect(res.status).toBe(201);
  return res.body.data.id as string;
};
const setEnabled = async (keyId: string, enabled: boolean) => {
  const res = await api.patch(`/service-accounts/${accountId}/keys/${keyId}`, {
    data: { type: 'service-account-keys', id: keyId, attributes: { enabled } },
  });
  expect(res.status).toBe(200);
};

/** How each dialect shows the key now. */
async function shown(keyId: string) {
  const account = await t.http.get(`/api/v2/service-accounts/${accountId}`).set(auth);
  const listed = await t.http.get(`/api/v2/service-accounts/${accountId}/credentials`).set(auth);
  const v1 = await t.http.get(`/v1/api-keys?serviceAccountId=${accountId}`).set(auth);
  const v3 = await api.get(`/service-accounts/${accountId}/keys/${keyId}`);
  const find = (list: { id: string }[]) => list.find((k) => k.id === keyId) as Record<string, unknown> | undefined;
  return {
    v2Account: find(account.body.data.credentials)?.status,
    v2List: find(listed.body.data)?.status,
    v1: find(v1.body.data.items)?.enabled,
    v3: v3.status === 200 ? v3.body.data.attributes.enabled : v3.status,
  };
}

test('when a key is disabled, then v2 says Disabled and v1 and v3 say enabled: false; enabled again, Active and true', async () => {
  const keyId = await newKey();
  expect(await shown(keyId)).toEqual({ v2Account: 'Active', v2List: 'Active', v1: true, v3: true });
  await setEnabled(keyId, false);
  expect(await shown(keyId)).toEqual({ v2Account: 'Disabled', v2List: 'Disabled', v1: false, v3: false });
  await setEnabled(keyId, true);
  expect(await shown(keyId)).toEqual({ v2Account: 'Active', v2List: 'Active', v1: true, v3: true });
});

test('when a disabled key is revoked, then v2 says Revoked (and v1 and v3 no longer list it)', async () => {
  const keyId = await newKey();
  await setEnabled(keyId, false);
  const revoked = await t.http.post(`/api/v2/service-accounts/${accountId}/credentials/${keyId}/revoke`).set(auth);
  expect(revoked.body.data.status).toBe('Revoked');
  expect(await shown(keyId)).toEqual({ v2Account: 'Revoked', v2List: 'Revoked', v1: undefined, v3: 404 });
});

test('when a disabled key expires, then v2 says Expired', async () => {
  const keyId = await newKey({ expirationDate: new Date(t.clock.now().getTime() + 1500).toISOString() });
  await setEnabled(keyId, false);
  expect((await shown(keyId)).v2List).toBe('Disabled');
  t.clock.advance(1600);
  expect(await shown(keyId)).toMatchObject({ v2Account: 'Expired', v2List: 'Expired', v1: false, v3: false });
});

test('the v1 key made by POST /v1/api-keys says enabled: true', async () => {
  const res = await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: accountId });
  expect(res.body.data.enabled).toBe(true);
});
