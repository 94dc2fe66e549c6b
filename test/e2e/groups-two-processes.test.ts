// Issue 15: a group change made on one process acts on the very next request on another, like a
// revocation: the account's key passes /auth/verify?scope=billing:read there only while it is in
// a group binding a role that grants it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

const JSONAPI = 'application/vnd.api+json';
let a: ServerProcess;
let b: ServerProcess;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-groups-')), 'db.sqlite')}`);
  drop = db.drop;
  a = await startServerProcess({ DATABASE_URL: db.url });
  b = await startServerProcess({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await Promise.all([stopServerProcess(a), stopServerProcess(b)]);
  await drop();
});

test('when membership changes on one process, then the other grants or refuses on the very next request', async () => {
  const boot = bootLineOf(a);
  const admin = { ...bearer(boot.clientSecret), 'Content-Type': JSONAPI };
  const v3 = (path: string) => `/v3/orgs/${boot.organizationId}/iam${path}`;
  const account = await a.http
    .post(v3('/service-accounts'))
    .set(admin)
    .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name: 'billing bot' } } }));
  const secret = account.body.included[0].attributes.client_secret as string;
  const role = await a.http
    .post(v3('/roles'))
    .set(admin)
    .send(JSON.stringify({ data: { type: 'roles', attributes: { name: 'billing-reader', permissions: ['billing:read'] } } }));
  const group = await a.http
    .post(v3('/groups'))
    .set(admin)
    .send(JSON.stringify({ data: { type: 'groups', attributes: { name: 'billing', bindings: [{ role: role.body.data.id }] } } }));
  const members = v3(`/groups/${group.body.data.id}/relationships/service-accounts`);
  const identifiers = JSON.stringify({ data: [{ type: 'service-accounts', id: account.body.data.id }] });
  const onB = () => b.http.get('/auth/verify?scope=billing:read').set(bearer(secret));

  expect((await onB()).status).toBe(403);
  expect((await a.http.post(members).set(admin).send(identifiers)).status).toBe(200);
  expect((await onB()).status).toBe(200);
  expect((await a.http.delete(members).set(admin).send(identifiers)).status).toBe(200);
  expect((await onB()).status).toBe(403);
});
