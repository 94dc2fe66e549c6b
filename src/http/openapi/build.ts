// Builds an OpenAPI 3.1 document from a dialect's ApiDescription.
import { REASON } from '../status';
import type { ApiDescription, OperationSpec } from './api-description';

const SECURITY_SCHEMES = {
  apiKey: { type: 'http', scheme: 'bearer', description: "A key's secret (`iamg_…`) used directly as a Bearer token" },
  clientBasic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with the client id and a key secret' },
  oauth2: {
    type: 'oauth2',
    description: 'Client-credentials access tokens from /oauth2/token, sent as Bearer',
    flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: { 'service-accounts:read': 'Read service accounts and keys', 'service-accounts:write': 'Manage service accounts and keys' } } },
  },
};

export function buildOpenApi(api: ApiDescription): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of api.operations) {
    const full = api.basePath + op.path;
    (paths[full] ??= {})[op.method] = operation(api, op, full);
  }
  // A dialect's bare-credential headers (v3's X-Session-Token) are API-key schemes named after the header.
  const headerSchemes = Object.fromEntries((api.credentialHeaders ?? []).map((name) => [name, {
    type: 'apiKey', in: 'header', name, description: 'A key secret or an access token, as `Authorization: Bearer` would carry it (Authorization wins when both are sent)',
  }]));
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version, description: api.description },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }, { clientBasic: [] }, { oauth2: [] }, ...Object.keys(headerSchemes).map((name) => ({ [name]: [] }))],
    tags: [{ name: api.dialect }],
    paths,
    components: { securitySchemes: { ...SECURITY_SCHEMES, ...headerSchemes }, schemas: { Error: api.errorSchema } },
  };
}

function operation(api: ApiDescription, op: OperationSpec, fullPath: string): object {
  const pathParams = [...fullPath.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const queryParams = Object.entries(op.query?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  const headerParams = (api.requestHeaders ?? []).map(({ name, description }) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } }));
  const responses: Record<string, object> = {};
  const everywhere = api.responseHeaders ?? [];
  const headersOf = (names: string[]) => (names.length ? { headers: Object.fromEntries(names.map((h) => [h, { schema: { type: 'string' } }])) } : {});
  for (const [status, spec] of Object.entries(op.responses)) {
    responses[status] = {
      description: spec.description,
      ...headersOf([...(spec.headers ?? []), ...everywhere]),
      ...(spec.schema ? { content: { [api.mediaType]: { schema: spec.schema } } } : {}),
    };
  }
  for (const status of api.errorStatuses) {
    responses[String(status)] ??= {
      description: REASON[status] ?? 'Error', ...headersOf(everywhere), content: { [api.errorMediaType]: { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: `${api.dialect}_${op.method}_${op.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
    summary: op.summary,
    tags: [api.dialect],
    parameters: [...pathParams, ...queryParams, ...headerParams],
    ...(op.body ? { requestBody: { required: op.bodyRequired ?? true, content: Object.fromEntries(api.requestMediaTypes.map((t) => [t, { schema: op.body }])) } } : {}),
    responses,
  };
}
