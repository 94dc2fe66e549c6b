// GET /auth/verify for gateways: identity headers on 200, 401 without credentials, 403 without the scope.
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();

test('when a valid secret, Basic pair or token is presented, then 200 names the account, org and scopes', async () => {
  const tok = (
    await t.http.post('/oauth2/token').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ grant_type: 'client_credentials' })
  ).body.access_token;
  for (const auth of [bearer(t.admin.secret), basic(t.admin.clientId, t.admin.secret), bearer(tok)]) {
    const res = await t.http.get('/auth/verify?scope=service-accounts:read').set(auth);
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-account-id']).toBe(t.admin.serviceAccountId);
    expect(res.headers['x-auth-org-id']).toBe(t.admin.organizationId);
    expect(res.headers['x-auth-scopes'].split(' ')).toContain('service-accounts:read');
  }
});

test('when the credential lacks the scope, then 403 insufficient_scope; when absent or bad, then 401', async () => {
  const made = await t.http
    .post('/api/v2/service-accounts')
    .set(bearer(t.admin.secret))
    .send({ name: 'Reader', scopes: ['service-accounts:read'] });
  const reader = bearer(made.body.data.clientSecret);
  expect((await t.http.get('/auth/verify?scope=service-accounts:read').set(reader)).status).toBe(200);
  const denied = await t.http.get('/auth/verify?scope=service-accounts:write').set(reader);
  expect(denied.status).toBe(403);
  expect(denied.body.error).toBe('insufficient_scope');
  expect((await t.http.get('/auth/verify')).status).toBe(401);
  expect((await t.http.get('/auth/verify').set(bearer('nonsense'))).headers['www-authenticate']).toBeDefined();
});
