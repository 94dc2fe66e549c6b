// v3 request documents (docs/reference/v3.md): JSON:API resource objects under `data`.
// `type` is only checked to be a string here; a wrong type is a 409 (JSON:API), decided in the adapter,
// as are a client-generated `id`/`lid` on create and changed read-only members (403, issue 14).
// Relationships are the ones adapters/v3/resource-types.ts lists for the type; any other is a 400.
import {
  ACCOUNT_TYPE,
  KEY_TYPE,
  READ_ONLY_ATTRIBUTES,
  RELATIONSHIPS,
  type RelationshipSpec,
  type ResourceType,
} from '../../adapters/v3/resource-types';
import { Type } from '@sinclair/typebox';
import { about, dateTime, description, name, nullable } from '../common/fields';

/** What a resource object's linkage names: a resource by type and id. */
interface Identifier {
  type: string;
  id: string;
}
/**
 * A request document as these schemas accept it: the single resource object a POST or PATCH carries.
 * (The schemas are built from RELATIONSHIPS and the attribute lists at run time, so their TypeScript
 * type is said here, once, for each; the adapter reads only what the schema let through.)
 */
export interface ResourceDocument<A> {
  data: {
    type: string;
    id?: string;
    lid?: string;
    attributes?: A;
    relationships?: Record<string, { data: Identifier | Identifier[] | null }>;
    meta?: object;
    links?: object;
  };
}
type AccountAttributes = {
  name?: string;
  description?: string | null;
  enabled?: boolean;
};
export type CreateAccountDocument = ResourceDocument<AccountAttributes & { name: string }>;
export type UpdateAccountDocument = ResourceDocument<AccountAttributes & { email?: unknown }>;
export type CreateKeyDocument = ResourceDocument<{ expires_at?: string | null }>;
export type UpdateKeyDocument = ResourceDocument<{ enabled?: boolean; client_id?: unknown; created_at?: unknown }>;
export type DeleteDocument = { data: Identifier & { meta?: object } } | null;

const member = { type: 'string', minLength: 1 } as const;
/** JSON:API lets a client send `meta` (and `jsonapi`) anywhere; they carry nothing for us. */
const freeForm = { type: 'object' } as const;
const ignored = (what: string) => about(`${what} JSON:API allows; accepted and ignored.`, freeForm);
const typeMember = about("The resource type (another type than the path's is 409).", member);
const idMember = about("The resource's id (another id than the path's is 409).", member);

export function attributes(properties: Record<string, object>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, required, properties };
}

const identifier = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'id'],
  properties: { type: typeMember, id: idMember, meta: ignored('Meta') },
};

/** `relationships`: only the names listed, each a relationship object whose `data` is linkage. */
function relationshipsOf(specs: Record<string, RelationshipSpec> = {}) {
  const properties = Object.fromEntries(
    Object.entries(specs).map(([relationship, spec]) => [
      relationship,
      {
        type: 'object',
        description: spec.settable
          ? `The \`${spec.type}\` it is linked to.`
          : `The \`${spec.type}\` it is linked to, as a fetched record repeats it: set elsewhere, so only its current value is accepted (else 403).`,
        additionalProperties: false,
        required: ['data'],
        properties: {
          data: about(
            'Resource linkage: identifiers of the related resources.',
            spec.many ? { type: 'array', items: identifier } : { ...identifier, type: ['object', 'null'] },
          ),
          links: ignored('Links'),
          meta: ignored('Meta'),
        },
      },
    ]),
  );
  return { type: 'object', description: 'Relationships, as a fetched record shows them.', additionalProperties: false, properties };
}

/** An update's attributes may repeat read-only ones (any value here; the adapter compares them). */
function withReadOnly(type: ResourceType, properties: Record<string, object>): Record<string, object> {
  const readOnly = about('Read-only: a fetched record may repeat it unchanged; another value is 403.', {});
  return { ...properties, ...Object.fromEntries((READ_ONLY_ATTRIBUTES[type] ?? []).map((a) => [a, readOnly])) };
}

/**
 * `{data: {type, id?, attributes?, relationships?, meta?, links?}}`: the single resource object a
 * POST or PATCH carries. On create, `id` and `lid` are let through for the adapter's 403.
 */
export function resourceDocument(data: {
  attributes: object;
  attributesRequired?: boolean;
  idRequired: boolean;
  relationships?: Record<string, RelationshipSpec>;
}) {
  const required = ['type', ...(data.idRequired ? ['id'] : []), ...(data.attributesRequired ? ['attributes'] : [])];
  const properties: Record<string, object> = {
    type: typeMember,
    id: data.idRequired ? idMember : about('Not allowed: the server makes ids (403).', member),
    attributes: about('The attributes to set.', data.attributes),
    relationships: relationshipsOf(data.relationships),
    meta: ignored('Meta'),
    links: ignored('Links'),
  };
  if (!data.idRequired) properties.lid = about('Not allowed: no local ids (403).', member);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: about('The resource object.', { type: 'object', additionalProperties: false, required, properties }),
      meta: ignored('Meta'),
      jsonapi: ignored('The JSON:API object'),
    },
  };
}

const accountAttributes = {
  name: about("The account's name, unique in the organization (case and width folded).", name),
  description: about('What the account is for; null for none.', nullable(description)),
  enabled: about('false disables the account (none of its keys works), true enables it again.', { type: 'boolean' }),
};

export const createServiceAccount = Type.Unsafe<CreateAccountDocument>(
  about(
    'A new `service-accounts` resource.',
    resourceDocument({
      attributes: attributes(accountAttributes, ['name']),
      attributesRequired: true,
      idRequired: false,
      relationships: RELATIONSHIPS[ACCOUNT_TYPE],
    }),
  ),
);

export const updateServiceAccount = Type.Unsafe<UpdateAccountDocument>(
  about(
    'What to change in a service account (a fetched record may be sent back whole).',
    resourceDocument({
      attributes: attributes(withReadOnly(ACCOUNT_TYPE, accountAttributes)),
      idRequired: true,
      relationships: RELATIONSHIPS[ACCOUNT_TYPE],
    }),
  ),
);

export const createKey = Type.Unsafe<CreateKeyDocument>(
  about(
    'A new `service-account-keys` resource.',
    resourceDocument({
      attributes: attributes({ expires_at: about('When the key stops working; null or absent for never.', nullable(dateTime)) }),
      idRequired: false,
      relationships: RELATIONSHIPS[KEY_TYPE],
    }),
  ),
);

export const updateKey = Type.Unsafe<UpdateKeyDocument>(
  about(
    'What to change in a key (a fetched record may be sent back whole).',
    resourceDocument({
      attributes: attributes(
        withReadOnly(KEY_TYPE, { enabled: about('false disables the key, true enables it again.', { type: 'boolean' }) }),
      ),
      idRequired: true,
      relationships: RELATIONSHIPS[KEY_TYPE],
    }),
  ),
);

/** DELETE takes no body, but a client may name what it deletes (kitsu sends `{data:{type, id}}`). */
export const deleteResource = Type.Unsafe<DeleteDocument>({
  type: ['object', 'null'],
  description: 'Optional: what is deleted, as kitsu names it.',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: about("What is deleted, by type and id (both must be the path's).", {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'id'],
      properties: { type: typeMember, id: idMember, meta: ignored('Meta') },
    }),
    meta: ignored('Meta'),
    jsonapi: ignored('The JSON:API object'),
  },
});
