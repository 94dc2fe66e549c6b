// GET /v3/iam/whoami (issue 14): the caller as a service-accounts document, with its organization,
// its role and the scopes its credential can use right now.
import { expectErrors, jsonApi } from '../support/jsonapi';
import { basic, bearer, useTestServer } from '../support/server';

const t = useTestServer();
const whoami = (auth: Record<string, string>) => jsonApi(t.http.get('/v3/iam/whoami').set(auth));

test('when the Admin asks, then it gets itself: name, email, enabled, and organization, role and scopes in meta', async () => {
  const res = await whoami(t.adminBearer);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({
    type: 'service-accounts',
    id: t.admin.serviceAccountId,
    attributes: {
      name: 'Default admin',
      email: expect.stringMatching(new RegExp(`@${t.admin.organizationId}\\.iam\\.ctrl-hub\\.com$`)),
      enabled: true,
    },
    meta: {
      organisation_id: t.admin.organizationId,
      role: 'Admin',
      scopes: ['service-accounts:read', 'service-accounts:write'],
      capped: false,
    },
    links: {
      self: expect.stringMatching(new RegExp(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${t.admin.serviceAccountId}$`)),
    },
  });
  expect(res.body.links.self).toMatch(/\/v3\/iam\/whoami$/);
});

test('when a credential is capped, then scopes are only what it can use, and meta says it is capped', async () => {
  const token = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', scope: 'service-accounts:read' });
  expect(token.status).toBe(200);
  expect((await whoami(bearer(token.body.access_token))).body.data.meta).toMatchObject({ scopes: ['service-accounts:read'], capped: true });
  const reader = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: 'Who reads', scopes: ['service-accounts:read'] });
  const res = await whoami(bearer(reader.body.data.clientSecret));
  expect(res.body.data).toMatchObject({
    id: reader.body.data.id,
    attributes: { name: 'Who reads' },
    meta: { role: 'Member', scopes: ['service-accounts:read'], capped: false },
  });
  const capped = await t.http
    .post(`/api/v2/service-accounts/${reader.body.data.id}/credentials`)
    .set(t.adminBearer)
    .send({ scopes: ['service-accounts:read'] });
  expect((await whoami(bearer(capped.body.data.clientSecret))).body.data.meta).toMatchObject({
    scopes: ['service-accounts:read'],
    capped: true,
  });
});

// Issue 26: any working credential may learn who it is, as in v1 (this was 403 for a caller that cannot read).
test('when the caller holds no permission, then it still gets itself; when it is not authenticated, then 401', async () => {
  const nobody = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name: 'Who nobody' });
  const res = await whoami(bearer(nobody.body.data.clientSecret));
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({
    id: nobody.body.data.id,
    attributes: { name: 'Who nobody' },
    meta: { role: 'Member', scopes: [] },
  });
  expectErrors(await whoami({}), 401, 'UNAUTHORIZED');
});

test('when whoami gets a query parameter, then 400 names it', async () => {
  expectErrors(await jsonApi(t.http.get('/v3/iam/whoami?include=keys').set(t.adminBearer)), 400, 'VALIDATION_ERROR');
});
