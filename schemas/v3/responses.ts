// v3 response documents (docs/reference/v3.md): JSON:API 1.1, closed wherever our shape is closed so
// any drift between the server and its OpenAPI document shows. Sparse fieldsets may drop any
// attribute or relationship, so those members are listed but never required.
import { closed, optionalText, optionalTimestamp, text, timestamp, uuid } from '../common/fields';
import { HTTP_STATUS } from '../../src/http/status';

const uri = { type: 'string', format: 'uri' } as const;
const optionalUri = { type: ['string', 'null'], format: 'uri' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const optionalCount = { type: ['integer', 'null'], minimum: 0 } as const;
const jsonapi = closed({ version: { const: '1.1' } });

/** Closed, but with nothing required: what sparse fieldsets leave of attributes and relationships. */
const sparse = (properties: Record<string, object>) => closed(properties, Object.keys(properties));

const identifier = (type: string) => closed({ type: { const: type }, id: uuid });
const accountIdentifier = identifier('service-accounts');
const keyIdentifier = identifier('service-account-keys');
const toAccount = closed({ data: accountIdentifier, links: closed({ related: uri }) });

export const account = closed({
  type: { const: 'service-accounts' },
  id: uuid,
  attributes: sparse({ name: text, description: optionalText, enabled: { type: 'boolean' }, email: { type: 'string', format: 'email' } }),
  // effective_permissions: on single-resource responses only (its own and its groups' roles').
  meta: closed({ created_at: timestamp, updated_at: timestamp, effective_permissions: { type: 'array', items: text } }, ['effective_permissions']),
  relationships: sparse({
    keys: closed({ data: { type: 'array', items: keyIdentifier }, links: closed({ self: uri, related: uri }) }),
    groups: closed({ data: { type: 'array', items: identifier('groups') } }),
  }),
  links: closed({ self: uri }),
});

const keyAttributes = { client_id: uuid, enabled: { type: 'boolean' } };
const keyResource = (attributes: Record<string, object>) => closed({
  type: { const: 'service-account-keys' },
  id: uuid,
  attributes: sparse(attributes),
  meta: closed({ created_at: timestamp, expires_at: optionalTimestamp, last_used_at: optionalTimestamp }),
  relationships: sparse({ 'service-account': toAccount }),
  links: closed({ self: uri }),
});
/** A key as every response but its creation shows it: no secret, ever. */
export const key = keyResource(keyAttributes);
/** The key in the response that creates it: the only place its secret appears. */
export const issuedKey = keyResource({ ...keyAttributes, client_secret: { type: 'string', pattern: '^iamg_' } });

/** Header or query parameter name → its values (Ctrl-Hub's shape). */
const valueLists = { type: 'object', additionalProperties: { type: 'array', items: text } } as const;
const principalObject = closed({ type: { const: 'service-accounts' }, id: uuid });

/** One request a service account made (Ctrl-Hub's request logs); every secret in it reads "redacted". */
export const log = closed({
  type: { const: 'logs' },
  id: uuid,
  attributes: sparse({
    actor: principalObject,
    /** Milliseconds, from the request's arrival to its response's last byte. */
    duration: { type: 'number', minimum: 0 },
    request: closed({
      time: timestamp, headers: valueLists, body: text, path: text, query: valueLists, raw_query: text, method: text, content_length: count,
    }),
    response: closed({ time: timestamp, body: text, headers: valueLists, status: { type: 'integer', minimum: 100, maximum: 599 } }),
  }),
  meta: closed({
    created_at: timestamp, request_id: text, dialect: text, route: optionalText, key_id: { type: ['string', 'null'], format: 'uuid' }, client_ip: optionalText,
  }),
  relationships: sparse({ service_account: toAccount, actor: toAccount }),
  links: closed({ self: uri }),
});

/** One audited change in the organization (Ctrl-Hub's audit events); `values` never hold a secret. */
export const auditEvent = closed({
  type: { const: 'audit-events' },
  id: uuid,
  attributes: sparse({
    time: timestamp,
    operation: text,
    resource: closed({ type: text, id: uuid, name: optionalText }),
    values: { type: 'array', items: closed({ field: text, before: {}, after: {}, data_type: { type: 'string', enum: ['string', 'number', 'boolean', 'array', 'object', 'null'] } }) },
    /** Null for the system (the first start, the CLI). */
    principal: { oneOf: [principalObject, { type: 'null' }] },
    request_id: optionalText,
    context: closed({ client_ip: optionalText, user_agent: optionalText }),
  }),
  meta: closed({ created_at: timestamp }),
  relationships: sparse({ organisation: closed({ data: closed({ type: { const: 'organisations' }, id: uuid }) }) }),
});

/** The caller (GET /v3/iam/whoami): what it is, and what it may use now. */
export const whoami = closed({
  type: { const: 'service-accounts' },
  id: uuid,
  attributes: closed({ name: text, email: { type: 'string', format: 'email' }, enabled: { type: 'boolean' } }),
  meta: closed({ organisation_id: uuid, role: text, scopes: { type: 'array', items: text } }),
  links: closed({ self: uri }),
});

/** A named bundle of permissions: a built-in one (`custom: false`) or the organization's own. */
export const role = closed({
  type: { const: 'roles' },
  id: uuid,
  attributes: sparse({
    name: text, description: optionalText, custom: { type: 'boolean' }, launch_stage: { type: 'string', enum: ['GA'] },
    permissions: { type: 'array', items: text },
  }),
  meta: closed({ created_at: timestamp, updated_at: timestamp }),
  relationships: closed({}),
  links: closed({ self: uri }),
});

/** A role group: `bindings` name roles (by id), granted to every service account in it. */
export const group = closed({
  type: { const: 'groups' },
  id: uuid,
  attributes: sparse({
    name: text, description: optionalText,
    bindings: { type: 'array', items: closed({ id: uuid, role: uuid }) },
  }),
  meta: closed({ created_at: timestamp, updated_at: timestamp }),
  relationships: sparse({ service_accounts: closed({ data: { type: 'array', items: accountIdentifier }, links: closed({ self: uri }) }) }),
  links: closed({ self: uri }),
});

/** Every document carries the request id in `meta` and `jsonapi: {version: "1.1"}`. */
const documentMeta = { request_id: text };
const document = (members: Record<string, object>, optional: string[] = []) =>
  closed({ ...members, meta: closed(documentMeta), jsonapi }, optional);
const selfLinks = closed({ self: uri });
const many = (items: object) => ({ type: 'array', items });

const pageProperties = {
  current_page: { type: 'integer', minimum: 1 },
  requested: closed({ limit: { type: 'integer', minimum: 1 }, offset: count }),
  offsets: closed({ next: optionalCount, previous: optionalCount }),
};

/** Ctrl-Hub's `meta.features`: the include paths a collection offers. */
const features = closed({ include: closed({ options: { type: 'array', items: text } }) });

/** Offset pages with a known total: counts and a `last` link. */
export const accountCollection = closed({
  data: many(account),
  included: many({ oneOf: [key, group] }),
  links: closed({ self: uri, first: uri, prev: optionalUri, next: optionalUri, last: uri }),
  meta: closed({ ...documentMeta, features, pagination: closed({ ...pageProperties, counts: closed({ resources: count, pages: count }) }) }),
  jsonapi,
}, ['included']);

export const accountDocument = document({ data: account, included: many({ oneOf: [key, group] }), links: selfLinks }, ['included']);
export const createdAccountDocument = document({ data: account, included: { ...many(issuedKey), minItems: 1, maxItems: 1 } });
export const keyDocument = document({ data: key, links: selfLinks });
export const issuedKeyDocument = document({ data: issuedKey, links: selfLinks });
export const keyCollection = closed({ data: many(key), links: selfLinks, meta: closed({ ...documentMeta, features }), jsonapi });
export const keyIdentifiers = document({ data: many(keyIdentifier), links: closed({ self: uri, related: uri }) });

/** Offset pages of a history read from its newest end: no total is counted, so no counts and no `last`. */
const historyPage = (item: object) => closed({
  data: many(item),
  links: closed({ self: uri, first: uri, prev: optionalUri, next: optionalUri }),
  meta: closed({ ...documentMeta, features, pagination: closed(pageProperties) }),
  jsonapi,
});
export const logCollection = historyPage(log);
export const logDocument = document({ data: log, links: selfLinks });
export const auditEventCollection = historyPage(auditEvent);
export const whoamiDocument = document({ data: whoami, links: selfLinks });

const errorObject = closed({
  status: { type: 'string', enum: [...new Set(Object.values(HTTP_STATUS))].map(String) },
  code: { type: 'string', enum: Object.keys(HTTP_STATUS) },
  title: text,
  detail: text,
  source: { oneOf: [closed({ pointer: { type: 'string', pattern: '^(/.*)?$' } }), closed({ parameter: text })] },
  meta: closed({ timestamp }),
}, ['source']);

export const errorDocument = document({ errors: { ...many(errorObject), minItems: 1 } });

/** Offset pages of roles or groups, with their total. */
export const countedCollection = (item: object, included?: object) => closed({
  data: many(item),
  ...(included ? { included: many(included) } : {}),
  links: closed({ self: uri, first: uri, prev: optionalUri, next: optionalUri, last: uri }),
  meta: closed({ ...documentMeta, features, pagination: closed({ ...pageProperties, counts: closed({ resources: count, pages: count }) }) }, ['features']),
  jsonapi,
}, included ? ['included'] : []);

export const roleCollection = countedCollection(role);
export const roleDocument = document({ data: role, links: selfLinks });
export const groupCollection = countedCollection(group, account);
export const groupDocument = document({ data: group, included: many(account), links: selfLinks }, ['included']);
export const groupMembers = document({ data: many(accountIdentifier), links: closed({ self: uri, related: uri }) });

/** One account's use of one dialect (issue 18): id `<dialect>:<account id>`. */
export const dialectUsage = closed({
  type: { const: 'dialect-usage' },
  id: { type: 'string', pattern: '^[a-z][a-z0-9-]*:[0-9a-f-]{36}$' },
  attributes: closed({
    dialect: text, name: optionalText, requests: { type: 'integer', minimum: 1 }, last_used_at: timestamp,
    keys: many(closed({ id: text, requests: { type: 'integer', minimum: 1 }, last_used_at: timestamp })),
    routes: many(closed({ method: text, route: text, requests: { type: 'integer', minimum: 1 } })),
  }),
  relationships: closed({ service_account: toAccount }),
});
export const usageCollection = countedCollection(dialectUsage);
