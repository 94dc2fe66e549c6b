// v3 request documents (docs/reference/v3.md): JSON:API resource objects under `data`.
// `type` is only checked to be a string here; a wrong type is a 409 (JSON:API), decided in the adapter,
// as are a client-generated `id`/`lid` on create and changed read-only members (403, issue 14).
// Relationships are the ones adapters/v3/resource-types.ts lists for the type; any other is a 400.
import { ACCOUNT_TYPE, KEY_TYPE, READ_ONLY_OF, RELATIONSHIPS, type RelationshipSpec } from '../../adapters/v3/resource-types';
import { Type, type Static, type TObject, type TOptional, type TProperties, type TSchema, type TUnknown } from '@sinclair/typebox';
import { about, dateTime, description, name, nullable } from '../common/fields';

const { Optional } = Type;

const member = Type.String({ minLength: 1 });
/** JSON:API lets a client send `meta` (and `jsonapi`) anywhere; they carry nothing for us. */
const freeForm = Type.Unsafe<Record<string, unknown>>({ type: 'object' });
export const ignored = (what: string) => Optional(about(`${what} JSON:API allows; accepted and ignored.`, freeForm));
const typeMember = about("The resource type (another type than the path's is 409).", member);
const idMember = about("The resource's id (another id than the path's is 409).", member);

/** An `attributes` object of these properties only; those not `required` are optional. */
export function attributes<P extends TProperties, R extends keyof P & string = never>(properties: P, required: readonly R[] = []) {
  const listed: TProperties = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, required.includes(k as R) ? v : Optional(v)]),
  );
  return Type.Object(listed, { additionalProperties: false }) as TObject<{ [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> }>;
}

/** A resource named by type and id (resource linkage). */
const identifier = Type.Object({ type: typeMember, id: idMember, meta: ignored('Meta') }, { additionalProperties: false });
type Identifier = Static<typeof identifier>;

/** What a request document's `relationships` may hold: linkage to one resource, to none, or to several. */
type Relationships = Record<
  string,
  { data: Identifier | Identifier[] | null; links?: Record<string, unknown>; meta?: Record<string, unknown> }
>;

/** `relationships`: only the names listed, each a relationship object whose `data` is linkage. */
function relationshipsOf(specs: Record<string, RelationshipSpec> = {}) {
  const properties: TProperties = Object.fromEntries(
    Object.entries(specs).map(([relationship, spec]) => [
      relationship,
      Optional(
        about(
          spec.settable
            ? `The \`${spec.type}\` it is linked to.`
            : `The \`${spec.type}\` it is linked to, as a fetched record repeats it: set elsewhere, so only its current value is accepted (else 403).`,
          Type.Object(
            {
              data: about(
                'Resource linkage: identifiers of the related resources.',
                spec.many ? Type.Array(identifier) : nullable(identifier),
              ),
              links: ignored('Links'),
              meta: ignored('Meta'),
            },
            { additionalProperties: false },
          ),
        ),
      ),
    ]),
  );
  // Its names come from RELATIONSHIPS at run time; what each holds is said once, by Relationships.
  return Type.Unsafe<Relationships>(
    about('Relationships, as a fetched record shows them.', Type.Object(properties, { additionalProperties: false })),
  );
}

/** An update's attributes may repeat read-only ones (any value here; the adapter compares them). */
function withReadOnly<T extends keyof typeof READ_ONLY_OF, P extends TProperties>(
  type: T,
  properties: P,
): P & Record<(typeof READ_ONLY_OF)[T][number], TUnknown> {
  const readOnly = about('Read-only: a fetched record may repeat it unchanged; another value is 403.', Type.Unknown());
  const names: readonly string[] = READ_ONLY_OF[type];
  return { ...properties, ...Object.fromEntries(names.map((a) => [a, readOnly])) } as P &
    Record<(typeof READ_ONLY_OF)[T][number], TUnknown>;
}

/** The resource object of a request document, as its schema accepts it. */
type ResourceData<A, AttributesRequired extends boolean, IdRequired extends boolean> = {
  type: string;
  lid?: string;
  relationships?: Relationships;
  meta?: Record<string, unknown>;
  links?: Record<string, unknown>;
} & (IdRequired extends true ? { id: string } : { id?: string }) &
  (AttributesRequired extends true ? { attributes: A } : { attributes?: A });

/**
 * `{data: {type, id?, attributes?, relationships?, meta?, links?}}`: the single resource object a
 * POST or PATCH carries. On create, `id` and `lid` are let through for the adapter's 403. Its type is
 * the attributes schema's, in that frame.
 */
export function resourceDocument<A extends TSchema, AttributesRequired extends boolean = false, IdRequired extends boolean = false>(data: {
  attributes: A;
  attributesRequired?: AttributesRequired;
  idRequired: IdRequired;
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
  return Type.Unsafe<{
    data: ResourceData<Static<A>, AttributesRequired, IdRequired>;
    meta?: Record<string, unknown>;
    jsonapi?: Record<string, unknown>;
  }>({
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: about('The resource object.', { type: 'object', additionalProperties: false, required, properties }),
      meta: ignored('Meta'),
      jsonapi: ignored('The JSON:API object'),
    },
  });
}

const accountAttributes = {
  name: about("The account's name, unique in the organization (case and width folded).", name),
  description: about('What the account is for; null for none.', nullable(description)),
  enabled: about('false disables the account (none of its keys works), true enables it again.', Type.Boolean()),
};

export const createServiceAccount = about(
  'A new `service-accounts` resource.',
  resourceDocument({
    attributes: attributes(accountAttributes, ['name']),
    attributesRequired: true,
    idRequired: false,
    relationships: RELATIONSHIPS[ACCOUNT_TYPE],
  }),
);

export const updateServiceAccount = about(
  'What to change in a service account (a fetched record may be sent back whole).',
  resourceDocument({
    attributes: attributes(withReadOnly(ACCOUNT_TYPE, accountAttributes)),
    idRequired: true,
    relationships: RELATIONSHIPS[ACCOUNT_TYPE],
  }),
);

export const createKey = about(
  'A new `service-account-keys` resource.',
  resourceDocument({
    attributes: attributes({ expires_at: about('When the key stops working; null or absent for never.', nullable(dateTime)) }),
    idRequired: false,
    relationships: RELATIONSHIPS[KEY_TYPE],
  }),
);

export const updateKey = about(
  'What to change in a key (a fetched record may be sent back whole).',
  resourceDocument({
    attributes: attributes(withReadOnly(KEY_TYPE, { enabled: about('false disables the key, true enables it again.', Type.Boolean()) })),
    idRequired: true,
    relationships: RELATIONSHIPS[KEY_TYPE],
  }),
);

/** DELETE takes no body, but a client may name what it deletes (kitsu sends `{data:{type, id}}`). */
export const deleteResource = about(
  'Optional: what is deleted, as kitsu names it.',
  nullable(
    Type.Object(
      {
        data: about("What is deleted, by type and id (both must be the path's).", identifier),
        meta: ignored('Meta'),
        jsonapi: ignored('The JSON:API object'),
      },
      { additionalProperties: false },
    ),
  ),
);

export type CreateAccountDocument = Static<typeof createServiceAccount>;
export type UpdateAccountDocument = Static<typeof updateServiceAccount>;
export type CreateKeyDocument = Static<typeof createKey>;
export type UpdateKeyDocument = Static<typeof updateKey>;
export type DeleteDocument = Static<typeof deleteResource>;
