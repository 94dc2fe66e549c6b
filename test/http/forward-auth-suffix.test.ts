// Envoy's ext_authz (HTTP service) asks `path_prefix` + the original path: /auth/verify/reports/1.
// The suffix is accepted and ignored, so docs/authentication.md's Envoy setup works; nothing else changes.
import { useTestServer } from '../support/server';

const t = useTestServer();

test('when /auth/verify has a path suffix, then it answers as /auth/verify does', async () => {
  const plain = await t.http.get('/auth/verify').set(t.adminBearer);
  const suffixed = await t.http.get('/auth/verify/reports/1?page=2').set(t.adminBearer);
  expect(plain.status).toBe(200);
  expect(suffixed.status).toBe(200);
  for (const h of ['x-auth-account-id', 'x-auth-org-id', 'x-auth-role', 'x-auth-key-id', 'x-auth-scopes']) {
    expect([h, suffixed.headers[h]]).toEqual([h, plain.headers[h]]);
  }
});

test('when the suffixed check has no credential or lacks the scope, then 401 / 403 as without the suffix', async () => {
  expect((await t.http.get('/auth/verify/reports/1')).status).toBe(401);
  expect((await t.http.post('/auth/verify/reports/1').set(t.adminBearer).query({ scope: 'reports:read' })).status).toBe(403);
});

test('when a path only starts like /auth/verify, then it is not forward auth', async () => {
  expect((await t.http.get('/auth/verifyx').set(t.adminBearer)).status).toBe(404);
});
