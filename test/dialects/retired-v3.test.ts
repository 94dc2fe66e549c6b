// After its sunset a dialect answers 410 in its own shape, and with every header it promises on its
// responses: v3's X-Trace-Id too (its OpenAPI document lists it on every response).
import { retirementFromEnv } from '../../src/retirement/config';
import { assertJsonApiDocument } from '../support/jsonapi';
import { useTestServer } from '../support/server';

const t = useTestServer({ retirement: retirementFromEnv({ DIALECT_SUNSET_V3: '2026-01-01T00:00:00Z' }) });

test('after the v3 sunset, then 410 as a JSON:API error document with X-Trace-Id, Sunset and the request id', async () => {
  const res = await t.http.get(`/v3/orgs/${t.admin.organizationId}/iam/service-accounts`).set(t.adminBearer);
  expect(res.status).toBe(410);
  expect(res.headers['x-trace-id']).toBe(res.headers['x-request-id']);
  expect(res.headers.sunset).toBeDefined();
  assertJsonApiDocument(res.body);
  expect(res.body.errors[0]).toMatchObject({ status: '410', code: 'GONE' });
  expect((await t.http.get('/api/v2/service-accounts').set(t.adminBearer)).status).toBe(200);
});
