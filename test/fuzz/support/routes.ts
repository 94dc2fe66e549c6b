// The routes to fuzz, read from each dialect's ApiDescription (the same list its OpenAPI document
// is built from), so a route added there is fuzzed without touching the fuzzer.
import { DIALECTS } from '../../../src/dialects';
import { apiOf as describe } from '../../../src/http/dialect';
import type { ApiDescription } from '../../../src/http/openapi/api-description';
import type { JsonSchema } from './schema-arbitraries';

export type DialectName = 'v1' | 'v2' | 'v3';

export interface FuzzRoute {
  dialect: DialectName;
  method: string;
  /** The full path template: `/v3/orgs/{orgId}/iam/service-accounts/{id}`. */
  template: string;
  body?: JsonSchema;
  query?: JsonSchema;
}

export function apiOf(dialect: DialectName): ApiDescription {
  const found = DIALECTS.find((d) => d.name === dialect);
  if (!found) throw new Error(`no dialect ${dialect}: the fuzzer reads its routes from src/dialects.ts`);
  return describe(found);
}

export function routesOf(dialect: DialectName): FuzzRoute[] {
  const api = apiOf(dialect);
  return api.operations.map((op) => ({
    dialect,
    method: op.method.toUpperCase(),
    template: api.basePath + op.path,
    body: op.body as JsonSchema | undefined,
    query: op.query as JsonSchema | undefined,
  }));
}

/** The `{name}`s of a template, in order. */
export function paramsOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** What a path parameter names: `{id}` is a key under /api-keys, an org under /organizations, an account elsewhere. */
export function paramKind(template: string, name: string): 'org' | 'account' | 'key' {
  if (name === 'orgId' || /\/organizations\/\{id\}/.test(template)) return 'org';
  if (name === 'credentialId' || name === 'keyId') return 'key';
  return /\/api-keys\/\{id\}/.test(template) ? 'key' : 'account';
}
