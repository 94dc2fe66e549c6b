// A dialect is its folder and one entry in the list: serving v2's dialect again as "v9" under
// /api/v9 (no other change) gives the full v2 lifecycle over the same accounts, its own OpenAPI
// document in /docs, errors in the v2 shape, and audit events that name it.
import { dialect as v2 } from '../../adapters/v2';
import type { Dialect } from '../../src/http/dialect';
import { bearer, useTestServer } from '../support/server';

const v9: Dialect = { ...v2, name: 'v9', basePath: '/api/v9' };
const t = useTestServer({}, { dialects: [v9] });

test('when a fourth dialect is listed, then it serves the whole lifecycle of the same accounts', async () => {
  const auth = t.adminBearer;
  const created = await t.http
    .post('/api/v9/service-accounts')
    .set(auth)
    .send({ name: 'Through v9', scopes: ['service-accounts:read'] });
  expect(created.status).toBe(201);
  const id = created.body.data.id as string;
  expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(auth)).body.data.name).toBe('Through v9');
  expect((await t.http.put(`/api/v9/service-accounts/${id}`).set(auth).send({ description: 'changed' })).status).toBe(200);
  const rotated = await t.http.post(`/api/v9/service-accounts/${id}/credentials`).set(auth).send({});
  expect(rotated.status).toBe(201);
  expect((await t.http.get('/api/v9/service-accounts').set(bearer(rotated.body.data.clientSecret))).status).toBe(200);
  expect((await t.http.post(`/api/v9/service-accounts/${id}/disable`).set(auth).send()).body.data.isActive).toBe(false);
  const events = await t.http.get(`/api/v9/service-accounts/${id}/audit-events`).set(auth);
  expect(events.body.data.map((e: { action: string; dialect: string }) => `${e.action} ${e.dialect}`)).toEqual([
    'service-account.create v9',
    'key.create v9',
    'service-account.update v9',
    'key.create v9',
    'service-account.disable v9',
  ]);
  expect((await t.http.delete(`/api/v9/service-accounts/${id}`).set(auth)).status).toBe(204);
  expect((await t.http.get(`/api/v2/service-accounts/${id}`).set(auth)).status).toBe(404);
});

test('when it errs, then the error is in its own (v2) shape', async () => {
  const res = await t.http.get('/api/v9/service-accounts/0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b').set(t.adminBearer);
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status: 404,
    code: 'NOT_FOUND',
    instance: '/api/v9/service-accounts/0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b',
  });
});

test('when the documents are read, then /openapi/v9.json describes it and /docs lists it', async () => {
  const doc = await t.http.get('/openapi/v9.json');
  expect(doc.status).toBe(200);
  expect(Object.keys(doc.body.paths)).toContain('/api/v9/service-accounts/{id}/credentials');
  expect((await t.http.get('/docs/init.js')).text).toContain('/openapi/v9.json');
});
