// Builds an OpenAPI 3.1 document from a dialect's ApiDescription: every operation with its tag,
// security (the scope its need asks for), parameters (path, query, the headers it reads), request
// example, response headers and the dialect's error responses; the schemas the dialect names, the
// headers, parameters and error responses are declared once under `components`.
import type { ApiDescription, OperationSpec, Tag } from './api-description';
import {
  CONTACT,
  errorResponseName,
  errorResponses,
  errorStatusesOf,
  headerRefs,
  LICENSE,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  SCOPES_FOR,
  securitySchemes,
} from './components';
import { withNamedSchemas } from './named-schemas';

/** What the operations refer to, collected while they are built: only these are declared. */
interface Used {
  parameters: Set<string>;
  headers: Set<string>;
}

/**
 * `origin`: the public origin the document is served at (the server, and the OAuth2 token URL);
 * without one the document names its server relatively, as `/`.
 */
export function buildOpenApi(api: ApiDescription, origin?: string): object {
  const used: Used = { parameters: new Set(), headers: new Set() };
  const paths: Record<string, Record<string, object>> = {};
  const operationIds = new Set<string>();
  for (const op of api.operations) {
    if (operationIds.has(op.operationId)) throw new Error(`OpenAPI ${api.dialect}: operationId ${op.operationId} is used twice`);
    operationIds.add(op.operationId);
    const full = api.basePath + op.path;
    (paths[full] ??= {})[op.method] = operation(api, op, full, used);
  }
  // A dialect's bare-credential headers (v3's X-Session-Token) are API-key schemes named after the header.
  const headerSchemes = Object.fromEntries(
    (api.credentialHeaders ?? []).map((name) => [
      name,
      {
        type: 'apiKey',
        in: 'header',
        name,
        description: 'A key secret or an access token, as `Authorization: Bearer` would carry it (Authorization wins when both are sent)',
      },
    ]),
  );
  const responses = errorResponses(api);
  const parameters = requestHeaders(api);
  for (const r of Object.values(responses) as { headers: Record<string, unknown> }[])
    for (const h of Object.keys(r.headers)) used.headers.add(h);
  const document = {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version, description: api.description, contact: CONTACT, license: LICENSE },
    servers: [{ url: origin ?? '/', description: 'iamgate, where this document is served' }],
    security: [{ apiKey: [] }, { clientBasic: [] }, { oauth2: [] }, ...Object.keys(headerSchemes).map((name) => ({ [name]: [] }))],
    tags: tagsOf(api),
    paths,
    components: {
      securitySchemes: { ...securitySchemes(`${origin ?? ''}/oauth2/token`), ...headerSchemes },
      parameters: Object.fromEntries([...used.parameters].map((name) => [name, parameters[name]])),
      headers: Object.fromEntries([...used.headers].map((name) => [name, responseHeader(api, name)])),
      responses,
    },
  };
  const named = withNamedSchemas(document, { Error: api.errorSchema, ...api.schemas }, ['Error']);
  const components = named.document.components as Record<string, unknown>;
  return { ...named.document, components: { schemas: named.schemas, ...components } };
}

/** The tags the operations use, each once, in the order they first appear. */
function tagsOf(api: ApiDescription): Tag[] {
  const tags = new Map<string, Tag>();
  for (const { tag } of api.operations) {
    const known = tags.get(tag.name);
    if (known && known.description !== tag.description) throw new Error(`OpenAPI ${api.dialect}: tag ${tag.name} is described twice`);
    tags.set(tag.name, { name: tag.name, description: tag.description });
  }
  return [...tags.values()];
}

/** The headers any route reads, and the dialect's own (v1's X-Org-ID), as parameters. */
function requestHeaders(api: ApiDescription): Record<string, object> {
  const own = (api.requestHeaders ?? []).map(({ name, description }) => [
    name,
    { name, in: 'header', required: false, description, schema: { type: 'string' } },
  ]);
  return { ...REQUEST_HEADERS, ...Object.fromEntries(own) };
}

function responseHeader(api: ApiDescription, name: string): object {
  if (RESPONSE_HEADERS[name]) return RESPONSE_HEADERS[name];
  const description = api.headerDescriptions?.[name];
  if (!description) throw new Error(`OpenAPI ${api.dialect}: the response header ${name} has no description`);
  return { description, required: true, schema: { type: 'string' } };
}

function operation(api: ApiDescription, op: OperationSpec, fullPath: string, used: Used): object {
  const headerNames = [
    'X-Request-Id',
    ...(op.ifMatch ? ['If-Match'] : []),
    ...(op.method === 'post' ? ['Idempotency-Key'] : []),
    ...(api.requestHeaders ?? []).map((h) => h.name),
  ];
  for (const name of headerNames) used.parameters.add(name);
  const everywhere = api.responseHeaders ?? [];
  const responses: Record<string, object> = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    // A replayed POST answer (Idempotency-Key) says so; every response names its request.
    const replay = op.method === 'post' ? ['Idempotent-Replayed'] : [];
    const headers = ['X-Request-Id', ...(spec.headers ?? []), ...everywhere, ...replay];
    for (const h of headers) used.headers.add(h);
    responses[status] = {
      description: spec.description,
      headers: headerRefs(headers),
      ...(spec.schema ? { content: { [api.mediaType]: { schema: spec.schema } } } : {}),
    };
  }
  for (const status of errorStatusesOf(api)) responses[String(status)] ??= { $ref: `#/components/responses/${errorResponseName(status)}` };
  const credentialHeaders = (api.credentialHeaders ?? []).map((name) => ({ [name]: [] }));
  return {
    tags: [op.tag.name],
    summary: op.summary,
    description: op.description,
    operationId: op.operationId,
    security: [{ apiKey: [] }, { clientBasic: [] }, { oauth2: SCOPES_FOR[op.needs] }, ...credentialHeaders],
    parameters: [
      ...pathParameters(fullPath),
      ...queryParameters(op),
      ...headerNames.map((name) => ({ $ref: `#/components/parameters/${name}` })),
    ],
    ...(op.body ? { requestBody: requestBody(api, op) } : {}),
    responses,
  };
}

/** `/service-accounts/{id}` → "The service account's id": each id is named after the collection it is in. */
function pathParameters(fullPath: string): object[] {
  const segments = fullPath.split('/');
  return segments.flatMap((segment, i) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name === undefined) return [];
    const singular = (segments[i - 1] ?? '').replace(/s$/, '').replace(/-/g, ' ');
    const thing = { org: 'organization', log: 'request log' }[singular] ?? singular;
    return [{ name, in: 'path', required: true, description: `The ${thing}'s id.`, schema: { type: 'string', format: 'uuid' } }];
  });
}

/** Each property of the query schema; its description goes on the parameter. */
function queryParameters(op: OperationSpec): object[] {
  const required = new Set(op.query?.required ?? []);
  return Object.entries(op.query?.properties ?? {}).map(([name, property]) => {
    const { description, ...schema } = property as { description?: string };
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema };
  });
}

function requestBody(api: ApiDescription, op: OperationSpec): object {
  const example = op.example === undefined ? {} : { example: op.example };
  return {
    required: op.bodyRequired ?? true,
    content: Object.fromEntries(api.requestMediaTypes.map((t) => [t, { schema: op.body, ...example }])),
  };
}
