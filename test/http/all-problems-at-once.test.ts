// One refused request names every problem it has, in its dialect's shape: those the schema finds
// and those only the core can (a date in the past, a workspace the organization does not have, a
// scope the account does not hold), so a client learns them in one round trip. Nothing is written.
import { useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';
import { JSONAPI } from '../support/jsonapi';

const t = useTestServer();
const auth = () => t.adminBearer;
const UNKNOWN_WORKSPACE = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

// The v2 seed's request body as its documentation shows it, placeholders and all.
const V2_SEED_BODY = {
  name: '<string>',
  description: '<string>',
  organizationalRole: 'Admin',
  workspaceAssignments: [{ workspaceId: UNKNOWN_WORKSPACE, role: 'Owner' }],
  expirationDate: '2023-11-07T05:31:56Z',
  scopes: ['<string>'],
};

const v2Create = (body: object) => t.http.post('/api/v2/service-accounts').set(auth()).send(body);

test('when the v2 seed body is sent as documented, then one 400 names its three problems', async () => {
  const res = await changesNothing(t, () => v2Create(V2_SEED_BODY));
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_ERROR');
  expect(res.body.errors).toEqual({
    'scopes[0]': ['is not a valid permission (like "service-accounts:read")'],
    expirationDate: ['must be in the future'],
    workspaceAssignments: [`unknown workspace: ${UNKNOWN_WORKSPACE}`],
  });
});

test('when the schema accepts a v2 body but the core finds two problems, then both are named at once', async () => {
  const res = await changesNothing(t, () => v2Create({ ...V2_SEED_BODY, name: 'two problems', scopes: ['service-accounts:read'] }));
  expect(res.status).toBe(400);
  expect(Object.keys(res.body.errors).sort()).toEqual(['expirationDate', 'workspaceAssignments']);
});

test('when a v2 update has a refused field and an unknown workspace, then both are named', async () => {
  const created = await v2Create({ name: 'update target', scopes: ['service-accounts:read'] });
  expect(created.status).toBe(201);
  const res = await changesNothing(t, () =>
    t.http
      .put(`/api/v2/service-accounts/${created.body.data.id}`)
      .set(auth())
      .send({
        organizationalRole: 'Boss',
        workspaceAssignments: [{ workspaceId: UNKNOWN_WORKSPACE, role: 'Owner' }],
      }),
  );
  expect(res.status).toBe(400);
  expect(Object.keys(res.body.errors).sort()).toEqual(['organizationalRole', 'workspaceAssignments']);
});

test('when a v2 credential asks for a scope of the wrong form, and a past expiry, then both are named at once (and a scope the account lacks once its form is right, with the expiry)', async () => {
  const created = await v2Create({ name: 'credential target', scopes: ['service-accounts:read'] });
  const res = await changesNothing(t, () =>
    t.http
      .post(`/api/v2/service-accounts/${created.body.data.id}/credentials`)
      .set(auth())
      .send({
        expirationDate: '2020-01-01T00:00:00Z',
        scopes: ['not a scope', 'service-accounts:write'],
      }),
  );
  expect(res.status).toBe(400);
  // The malformed scope is refused by the schema, so the scopes left to the core are none: what the
  // account does not hold is found once the form is right. The expiry is found now.
  expect(res.body.errors).toMatchObject({
    'scopes[0]': [expect.stringContaining('not a valid permission')],
    expirationDate: ['must be in the future'],
  });
  const again = await t.http
    .post(`/api/v2/service-accounts/${created.body.data.id}/credentials`)
    .set(auth())
    .send({
      expirationDate: '2020-01-01T00:00:00Z',
      scopes: ['service-accounts:write'],
    });
  expect(again.status).toBe(400);
  expect(Object.keys(again.body.errors).sort()).toEqual(['expirationDate', 'scopes']);
});

test('when a v1 create has a refused field and a name the core refuses, then one envelope names both', async () => {
  const res = await changesNothing(t, () =>
    t.http.post('/v1/service-accounts').set(auth()).send({ name: 'zero\u200bwidth', permissions: 'all' }),
  );
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 400, data: null });
  expect(res.body.errors).toEqual([
    { field: 'permissions', message: 'must be an array' },
    { field: 'name', message: 'must not contain zero-width or bidirectional control characters' },
  ]);
});

test('when a v3 create has an unknown attribute and a name the core refuses, then one error document holds an error for each', async () => {
  const res = await changesNothing(t, () =>
    t.http
      .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`)
      .set(auth())
      .set('Content-Type', JSONAPI)
      .send({
        data: { type: 'service-accounts', attributes: { name: '\u202eevil', colour: 'blue' } },
      }),
  );
  expect(res.status).toBe(400);
  const pointers = (res.body.errors as { source: { pointer: string } }[]).map((e) => e.source.pointer).sort();
  expect(pointers).toEqual(['/data/attributes/colour', '/data/attributes/name']);
});

test('when a v3 key has an expiry in the past and an unknown attribute, then both are named', async () => {
  const created = await t.http
    .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`)
    .set(auth())
    .set('Content-Type', JSONAPI)
    .send({
      data: { type: 'service-accounts', attributes: { name: 'v3 key target' } },
    });
  expect(created.status).toBe(201);
  const res = await changesNothing(t, () =>
    t.http
      .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts/${created.body.data.id}/keys`)
      .set(auth())
      .set('Content-Type', JSONAPI)
      .send({
        data: { type: 'service-account-keys', attributes: { expires_at: '2020-01-01T00:00:00Z', colour: 'blue' } },
      }),
  );
  expect(res.status).toBe(400);
  const pointers = (res.body.errors as { source: { pointer: string } }[]).map((e) => e.source.pointer).sort();
  expect(pointers).toEqual(['/data/attributes/colour', '/data/attributes/expires_at']);
});

test('when both the query and the body are refused, then one error names the parameter and the field', async () => {
  const res = await changesNothing(t, () =>
    t.http
      .post(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts?fields[service-accounts]=name&colour=blue`)
      .set(auth())
      .set('Content-Type', JSONAPI)
      .send({
        data: { type: 'service-accounts', attributes: { name: 42 } },
      }),
  );
  expect(res.status).toBe(400);
  const sources = (res.body.errors as { source: Record<string, string> }[]).map((e) => e.source);
  expect(sources).toEqual(expect.arrayContaining([{ parameter: 'colour' }, { pointer: '/data/attributes/name' }]));
});
