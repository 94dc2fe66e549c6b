import { bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => { t = await startTestServer(); });
afterAll(async () => { await t.close(); });

test('when the bootstrap admin lists accounts, then it sees itself', async () => {
  const res = await t.http.get('/api/v2/service-accounts').set(bearer(t.admin.secret));
  expect(res.status).toBe(200);
  expect(res.body.data.map((a: { id: string }) => a.id)).toEqual([t.admin.serviceAccountId]);
});
