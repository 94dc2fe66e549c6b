// v3 response documents (contract section 5): JSON:API 1.1, closed wherever our shape is closed so
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
  meta: closed({ created_at: timestamp, updated_at: timestamp }),
  relationships: sparse({ keys: closed({ data: { type: 'array', items: keyIdentifier }, links: closed({ self: uri, related: uri }) }) }),
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

/** An entry of an account's audit log; `changes` holds the changed fields' new, non-secret values. */
export const log = closed({
  type: { const: 'logs' },
  id: uuid,
  attributes: sparse({
    action: text,
    actor_id: { type: ['string', 'null'], format: 'uuid' },
    actor_key_id: { type: ['string', 'null'], format: 'uuid' },
    /** The dialect the change came through, or `system`. */
    dialect: text,
    target_type: { type: 'string', enum: ['service-account', 'key', 'workspace', 'organization'] },
    target_id: uuid,
    request_id: optionalText,
    changes: { type: 'object' },
  }),
  meta: closed({ created_at: timestamp }),
  relationships: sparse({ 'service-account': toAccount }),
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

/** Offset pages with a known total: counts and a `last` link. */
export const accountCollection = closed({
  data: many(account),
  included: many(key),
  links: closed({ self: uri, first: uri, prev: optionalUri, next: optionalUri, last: uri }),
  meta: closed({ ...documentMeta, pagination: closed({ ...pageProperties, counts: closed({ resources: count, pages: count }) }) }),
  jsonapi,
}, ['included']);

export const accountDocument = document({ data: account, included: many(key), links: selfLinks }, ['included']);
export const createdAccountDocument = document({ data: account, included: { ...many(issuedKey), minItems: 1, maxItems: 1 } });
export const keyDocument = document({ data: key, links: selfLinks });
export const issuedKeyDocument = document({ data: issuedKey, links: selfLinks });
export const keyCollection = document({ data: many(key), links: selfLinks });
export const keyIdentifiers = document({ data: many(keyIdentifier), links: closed({ self: uri, related: uri }) });

/** Offset pages of a log read from its start: no total is counted, so no counts and no `last`. */
export const logCollection = closed({
  data: many(log),
  links: closed({ self: uri, first: uri, prev: optionalUri, next: optionalUri }),
  meta: closed({ ...documentMeta, pagination: closed(pageProperties) }),
  jsonapi,
});

const errorObject = closed({
  status: { type: 'string', enum: [...new Set(Object.values(HTTP_STATUS))].map(String) },
  code: { type: 'string', enum: Object.keys(HTTP_STATUS) },
  title: text,
  detail: text,
  source: { oneOf: [closed({ pointer: { type: 'string', pattern: '^(/.*)?$' } }), closed({ parameter: text })] },
  meta: closed({ timestamp }),
}, ['source']);

export const errorDocument = document({ errors: { ...many(errorObject), minItems: 1 } });
