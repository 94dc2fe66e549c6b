// Nobody can lock an organization out (issue 12): deleting, disabling or demoting its last active
// Admin, or revoking or disabling that Admin's last usable key, is refused with 409 in every
// dialect, races included, and changes nothing.
import { changesNothing } from '../support/stored-state';
import { JSONAPI, jsonApi } from '../support/jsonapi';
import { bearer, type Credentials, useTestServer } from '../support/server';

const t = useTestServer();

const v3 = (org: Credentials, path: string) => `/v3/orgs/${org.organizationId}/iam${path}`;

async function bootstrapKeyId(org: Credentials): Promise<string> {
  const rows = await t.query<{ id: string }>(`SELECT id FROM keys WHERE service_account_id = '${org.serviceAccountId}'`);
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

describe('the only Admin of an organization, with one key', () => {
  let org: Credentials;
  let auth: Record<string, string>;
  let keyId: string;
  beforeAll(async () => {
    org = await t.newOrg(`Lonely ${Date.now()}`);
    auth = bearer(org.secret);
    keyId = await bootstrapKeyId(org);
  });

  const refusals: [string, () => Promise<{ status: number; body: Record<string, unknown> }>, (body: Record<string, unknown>) => void][] = [
    [
      'v1 delete',
      () => t.http.delete(`/v1/service-accounts/${org.serviceAccountId}`).set(auth),
      (b) => expect(b).toMatchObject({ code: 409, data: null }),
    ],
    [
      'v1 disable',
      () => t.http.post(`/v1/service-accounts/${org.serviceAccountId}/disable`).set(auth).send(),
      (b) => expect(b).toMatchObject({ code: 409 }),
    ],
    ['v1 revoke its key', () => t.http.delete(`/v1/api-keys/${keyId}`).set(auth), (b) => expect(b).toMatchObject({ code: 409 })],
    [
      'v2 delete',
      () => t.http.delete(`/api/v2/service-accounts/${org.serviceAccountId}`).set(auth),
      (b) => expect(b).toMatchObject({ status: 409, code: 'CONFLICT' }),
    ],
    [
      'v2 demote',
      () => t.http.put(`/api/v2/service-accounts/${org.serviceAccountId}`).set(auth).send({ organizationalRole: 'UserAdmin' }),
      (b) => expect(b).toMatchObject({ status: 409 }),
    ],
    [
      'v2 disable',
      () => t.http.post(`/api/v2/service-accounts/${org.serviceAccountId}/disable`).set(auth).send(),
      (b) => expect(b).toMatchObject({ status: 409 }),
    ],
    [
      'v2 revoke its credential',
      () => t.http.post(`/api/v2/service-accounts/${org.serviceAccountId}/credentials/${keyId}/revoke`).set(auth).send(),
      (b) => expect(b).toMatchObject({ status: 409 }),
    ],
    [
      'v3 delete',
      () => jsonApi(t.http.delete(v3(org, `/service-accounts/${org.serviceAccountId}`)).set(auth)),
      (b) => expect((b.errors as { status: string }[])[0].status).toBe('409'),
    ],
    [
      'v3 disable',
      () =>
        jsonApi(
          t.http
            .patch(v3(org, `/service-accounts/${org.serviceAccountId}`))
            .set(auth)
            .type(JSONAPI)
            .send({ data: { type: 'service-accounts', id: org.serviceAccountId, attributes: { enabled: false } } }),
        ),
      (b) => expect((b.errors as { status: string }[])[0].status).toBe('409'),
    ],
    [
      'v3 disable its key',
      () =>
        jsonApi(
          t.http
            .patch(v3(org, `/service-accounts/${org.serviceAccountId}/keys/${keyId}`))
            .set(auth)
            .type(JSONAPI)
            .send({ data: { type: 'service-account-keys', id: keyId, attributes: { enabled: false } } }),
        ),
      (b) => expect((b.errors as { status: string }[])[0].status).toBe('409'),
    ],
    [
      'v3 revoke its key',
      () => jsonApi(t.http.delete(v3(org, `/service-accounts/${org.serviceAccountId}/keys/${keyId}`)).set(auth)),
      (b) => expect((b.errors as { status: string }[])[0].status).toBe('409'),
    ],
  ];

  test.each(refusals)('when %s is asked, then 409 says why and nothing changes', async (_what, send, shape) => {
    const res = await changesNothing(t, send);
    expect(res.status).toBe(409);
    shape(res.body);
    expect(JSON.stringify(res.body)).toMatch(/without an active Admin/);
    expect((await t.http.get('/api/v2/service-accounts').set(auth)).status).toBe(200);
  });

  test('a read-only key does not count: with only that left, the last read-write key still cannot go', async () => {
    const reader = await t.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: org.serviceAccountId, scope: 'read' });
    expect(reader.status).toBe(200);
    const res = await changesNothing(t, () => t.http.delete(`/v1/api-keys/${keyId}`).set(auth));
    expect(res.status).toBe(409);
  });

  test('once a second key exists, the first can be revoked; then the second is the last', async () => {
    const second = await t.http.post(`/api/v2/service-accounts/${org.serviceAccountId}/credentials`).set(auth).send({});
    expect(second.status).toBe(201);
    const secondAuth = bearer(second.body.data.clientSecret);
    expect((await t.http.delete(`/v1/api-keys/${keyId}`).set(secondAuth)).status).toBe(200);
    const last = await changesNothing(t, () => t.http.delete(`/v1/api-keys/${second.body.data.id}`).set(secondAuth));
    expect(last.status).toBe(409);
  });
});

describe('with two Admins', () => {
  test('one may be demoted, disabled or deleted, and then the other is the last', async () => {
    const org = await t.newOrg(`Pair ${Date.now()}`);
    const auth = bearer(org.secret);
    const other = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'second admin', organizationalRole: 'Admin' });
    expect(other.status).toBe(201);
    expect(
      (await t.http.put(`/api/v2/service-accounts/${other.body.data.id}`).set(auth).send({ organizationalRole: 'Member' })).status,
    ).toBe(200);
    const refused = await changesNothing(t, () =>
      t.http.delete(`/api/v2/service-accounts/${org.serviceAccountId}`).set(bearer(other.body.data.clientSecret)),
    );
    // The demoted account is a Member now: it may not manage an Admin at all.
    expect(refused.status).toBe(403);
    expect((await t.http.delete(`/api/v2/service-accounts/${org.serviceAccountId}`).set(auth)).status).toBe(409);
  });

  test("when both revoke each other's last key at once, exactly one succeeds", async () => {
    const org = await t.newOrg(`Race ${Date.now()}`);
    const auth = bearer(org.secret);
    const other = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'racing admin', organizationalRole: 'Admin' });
    expect(other.status).toBe(201);
    const firstKey = await bootstrapKeyId(org);
    const otherKey = other.body.data.credentials[0].id as string;
    const results = await Promise.all([
      t.http
        .post(`/api/v2/service-accounts/${org.serviceAccountId}/credentials/${firstKey}/revoke`)
        .set(bearer(other.body.data.clientSecret))
        .send(),
      t.http.post(`/api/v2/service-accounts/${other.body.data.id}/credentials/${otherKey}/revoke`).set(auth).send(),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The loser is refused: 409 because no Admin would remain, or 401 because its own key went first.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const usable = await t.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM keys WHERE organization_id = '${org.organizationId}' AND revoked_at IS NULL`,
    );
    expect(Number(usable[0].n)).toBe(1);
  });

  test('when both Admins are demoted at once by a third party, one of them stays', async () => {
    const org = await t.newOrg(`Demotions ${Date.now()}`);
    const auth = bearer(org.secret);
    const a = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'a', organizationalRole: 'Admin' });
    const others = await t.query<{ id: string }>(
      `SELECT id FROM service_accounts WHERE organization_id = '${org.organizationId}' AND role = 'Admin'`,
    );
    expect(others).toHaveLength(2);
    const results = await Promise.all(
      others.map((o) =>
        t.http.put(`/api/v2/service-accounts/${o.id}`).set(bearer(a.body.data.clientSecret)).send({ organizationalRole: 'UserAdmin' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    // The loser is refused: 409 because no Admin would remain, or 403 when `a` demoted itself first.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await t.query(
      `SELECT id FROM service_accounts WHERE organization_id = '${org.organizationId}' AND role = 'Admin' AND status = 'active'`,
    );
    expect(admins).toHaveLength(1);
  });
});
