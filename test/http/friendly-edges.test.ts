// Issue 17's friendly edges: a known path with a method it does not serve is 405 with Allow, in the
// dialect's own shape; validation messages read well.
import { JSONAPI } from '../support/jsonapi';
import { useTestServer } from '../support/server';

const t = useTestServer();

test.each([
  ['v1', () => '/v1/service-accounts', (b: Record<string, unknown>) => expect(b).toMatchObject({ code: 405, data: null })],
  [
    'v2',
    () => '/api/v2/service-accounts',
    (b: Record<string, unknown>) => expect(b).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' }),
  ],
  [
    'v3',
    () => `/v3/orgs/${t.admin.organizationId}/iam/service-accounts`,
    (b: Record<string, unknown>) =>
      expect((b.errors as { status: string }[])[0]).toMatchObject({ status: '405', code: 'METHOD_NOT_ALLOWED' }),
  ],
])("%s: a wrong method on a known path is 405 with Allow, in the dialect's shape", async (_d, path, shape) => {
  const res = await t.http
    .put(path())
    .set(t.adminBearer)
    .set('Content-Type', 'application/json')
    .set('Accept', `${JSONAPI}, application/json`)
    .send('{}');
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe('POST, GET, HEAD');
  shape(res.body);
  expect((await t.http.delete(path()).set(t.adminBearer)).headers.allow).toBe('POST, GET, HEAD');
});

test('a path that does not exist is still 404', async () => {
  expect((await t.http.put('/api/v2/nothing').set(t.adminBearer)).status).toBe(404);
});

test('validation messages read well: "a string or null", no trailing comma in enum lists', async () => {
  const res = await t.http
    .post('/api/v2/service-accounts')
    .set(t.adminBearer)
    .send({ name: 'x', description: 5, organizationalRole: 'Boss', scopes: 'all' });
  expect(res.status).toBe(400);
  const messages = Object.values(res.body.errors as Record<string, string[]>).flat();
  expect(messages).toEqual(
    expect.arrayContaining([
      'must be a string or null',
      'must be one of: Admin, UserAdmin, WorkspaceAdmin, AgentAdmin, Member or null',
      'must be an array or null',
    ]),
  );
  expect(messages.join(' ')).not.toMatch(/,null|, or|,$/);
});
