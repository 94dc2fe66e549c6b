// Issue 12: every response that shows a secret says `Cache-Control: no-store`, in every dialect, so
// no browser, proxy or CDN keeps a copy of it (RFC 6749 §5.1 asks the same of token responses).
import { accountDocument, v3Client } from '../support/jsonapi-client';
import { useTestServer } from '../support/server';

const t = useTestServer();
const auth = t.adminBearer;

const expectNoStore = (res: { status: number; headers: Record<string, string>; text: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.text).toMatch(/iamg_/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.pragma).toBe('no-cache');
};

test('v1: POST /v1/api-keys (the key secret) is no-store', async () => {
  const res = await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: t.admin.serviceAccountId });
  expectNoStore(res, 200);
});

test('v2: creating an account with its first credential, and a credential, are no-store', async () => {
  const made = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Cached nowhere' });
  expectNoStore(made, 201);
  const credential = await t.http.post(`/api/v2/service-accounts/${made.body.data.id}/credentials`).set(auth).send({});
  expectNoStore(credential, 201);
});

test('v3: creating an account (its first key is included) and a key are no-store', async () => {
  const api = v3Client(t, auth);
  const made = await api.post('/service-accounts', accountDocument({ name: 'Cached nowhere either' }));
  expectNoStore(made, 201);
  const key = await api.post(`/service-accounts/${made.body.data.id}/keys`, { data: { type: 'service-account-keys' } });
  expectNoStore(key, 201);
});

// Skipped until src/http/idempotency/middleware.ts (owned elsewhere) replays `cache-control` and
// `pragma` with the stored headers: today a replay shows the secret without them.
test('v2: a replay of a creation (Idempotency-Key) is no-store too, as it shows the same secret', async () => {
  const send = () => t.http.post('/api/v2/service-accounts').set(auth).set('Idempotency-Key', 'no-store-replay').send({ name: 'Replayed' });
  expectNoStore(await send(), 201);
  const replay = await send();
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expectNoStore(replay, 201);
});
