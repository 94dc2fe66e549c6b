// Races on one name and one version: the database decides, clients get 409/412, never a 500.
import { bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

test('when 20 creates race for one name, then exactly one succeeds and the rest are 409', async () => {
  const auth = bearer(t.admin.secret);
  const results = await Promise.all(
    Array.from({ length: 20 }, () => t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Racer' })),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  const rows = await t.query(`SELECT id FROM service_accounts WHERE name_key = 'racer'`);
  expect(rows).toHaveLength(1);
  const orphans = await t.query('SELECT k.id FROM keys k LEFT JOIN service_accounts a ON a.id = k.service_account_id WHERE a.id IS NULL');
  expect(orphans).toEqual([]);
});

test('when names differ but clean to one email, then each gets a distinct email', async () => {
  const auth = bearer(t.admin.secret);
  const names = ['Mail Box', 'mail-box', 'MAIL_BOX', 'mail.box', 'Mail  box!'];
  const results = await Promise.all(names.map((name) => t.http.post('/api/v2/service-accounts').set(auth).send({ name })));
  expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  const emails = await t.query<{ email: string }>(`SELECT email FROM service_accounts WHERE email LIKE 'mailbox%'`);
  const locals = emails.map((e) => e.email.split('@')[0]).sort();
  expect(locals).toEqual(['mailbox', 'mailbox-2', 'mailbox-3', 'mailbox-4', 'mailbox-5']);
  expect(emails[0].email.split('@')[1]).toBe(`${t.admin.organizationId}.iam.ctrl-hub.com`);
});

test('when 10 updates race with one If-Match, then one succeeds and the rest are 412', async () => {
  const auth = bearer(t.admin.secret);
  const made = await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Contended' });
  const etag = made.headers.etag;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      t.http
        .put(`/api/v2/service-accounts/${made.body.data.id}`)
        .set(auth)
        .set('If-Match', etag)
        .send({ description: `v${i}` }),
    ),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 412)).toHaveLength(9);
});
