// The OpenAPI documents: valid OpenAPI 3.1, served for every dialect, and the checker that holds
// every response in the suite to them really rejects what they do not allow.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Response } from 'supertest';
import { checkAgainstOpenApi } from '../support/openapi-check';
import { bearer, useTestServer } from '../support/server';

const t = useTestServer();

test.each(['v1', 'v2', 'v3', 'platform'])('when /openapi/%s.json is fetched, then it is a valid OpenAPI 3.1 document', async (name) => {
  const res = await t.http.get(`/openapi/${name}.json`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.openapi).toBe('3.1.0');
  await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeDefined();
  expect(Object.keys(res.body.paths).length).toBeGreaterThan(5);
});

test('when an unknown document is asked for, then 404', async () => {
  expect((await t.http.get('/openapi/v9.json')).status).toBe(404);
});

const fake = (status: number, body: unknown) => ({ status, body, text: JSON.stringify(body) }) as unknown as Response;

test('when a response drifts from its document, then the checker says so', async () => {
  const good = await t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`).set(bearer(t.admin.secret));
  const path = `/api/v2/service-accounts/${t.admin.serviceAccountId}`;
  expect(() => checkAgainstOpenApi('get', path, fake(200, good.body))).not.toThrow();
  expect(() => checkAgainstOpenApi('get', path, fake(200, { ...good.body, extra: 1 }))).toThrow(/does not match/);
  expect(() => checkAgainstOpenApi('get', path, fake(200, { ...good.body, data: { ...good.body.data, isActive: 'yes' } }))).toThrow(
    /does not match/,
  );
  expect(() => checkAgainstOpenApi('get', path, fake(418, {}))).toThrow(/does not list/);
  expect(() => checkAgainstOpenApi('get', '/v1/service-accounts', fake(404, { code: 404 }))).toThrow(/does not match/);
  expect(() => checkAgainstOpenApi('get', '/healthz', fake(200, {}))).not.toThrow();
});
