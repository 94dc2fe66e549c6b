// Building blocks shared by every dialect's schemas; the rules come from docs/concepts.md. They are
// TypeBox schemas: plain JSON Schema objects (ajv compiles them as it always has) that also carry
// the TypeScript type of what they accept (`Static<typeof schema>`), so no body type is written twice.
import { Type, type Static, type TObject, type TOptional, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { ROLES, WORKSPACE_ROLES } from '../../src/core/model';
import { LIMITS, PERMISSION_PATTERN } from '../../src/core/rules';

/** Exactly `value`, as `{const}` (TypeBox's Literal would add a `type`). */
export const constant = <T extends string | number | boolean>(value: T) => Type.Unsafe<T>({ const: value });

/** One of `values`, as `{type: 'string', enum}` (TypeBox's unions would say it as `anyOf`). */
export const enumOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const uuid = Type.String({ format: 'uuid' });
export const name = Type.String({ minLength: 1, maxLength: LIMITS.name });
export const description = Type.String({ maxLength: LIMITS.description });
export const permission = Type.String({ maxLength: LIMITS.permission, pattern: PERMISSION_PATTERN.source });
export const permissions = Type.Array(permission, { maxItems: LIMITS.permissions });
export const role = enumOf(ROLES);
export const dateTime = Type.String({ format: 'date-time' });
export const workspaceAssignment = Type.Object(
  {
    workspaceId: about("The workspace's id (`GET /api/v2/workspaces`).", uuid),
    role: about('What the account may do in that workspace.', enumOf(WORKSPACE_ROLES)),
  },
  { additionalProperties: false },
);

/**
 * The schema with what the field means: the OpenAPI documents (and so /docs and generated clients)
 * and docs/reference show it. Validation ignores it.
 */
export function about<T extends object>(description: string, schema: T): T & { description: string } {
  return { ...schema, description };
}

/** `{type: X}` → `{type: [X, 'null']}`, for fields a client may send as null. */
export function nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, ...rest } = Object.fromEntries(Object.entries(schema)) as { type: string; enum?: unknown[] };
  const out: Record<string, unknown> = { ...rest, type: [type, 'null'] };
  if (rest.enum) out.enum = [...rest.enum, null];
  return Type.Unsafe<Static<T> | null>(out);
}

/** A body that must be absent or an empty object (action routes like /disable). */
export const emptyBody = Type.Unsafe<Record<string, never> | null>({
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {},
});

/** A closed object, typed: every property is required unless wrapped in `Type.Optional`, and nothing else may appear. */
export const closedObject = <P extends TProperties>(properties: P) => Type.Object(properties, { additionalProperties: false });

/** A closed object whose properties named in `optional` may be absent (the others are required). */
export function closedObjectWith<P extends TProperties, O extends keyof P & string = never>(properties: P, optional: readonly O[] = []) {
  const listed: TProperties = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, optional.includes(k as O) ? Type.Optional(v) : v]),
  );
  return Type.Object(listed, { additionalProperties: false }) as TObject<{ [K in keyof P]: K extends O ? TOptional<P[K]> : P[K] }>;
}

/** A closed object of which no property is required (what sparse fieldsets leave of a resource). */
export const closedPartial = <P extends TProperties>(properties: P) =>
  closedObjectWith(properties, Object.keys(properties) as (keyof P & string)[]);

/** Exactly one of these (JSON Schema's `oneOf`; TypeBox's unions would say `anyOf`). */
export const oneOf = <T extends TSchema[]>(...schemas: T) => Type.Unsafe<Static<T[number]>>({ oneOf: schemas });

export const timestamp = Type.String({ format: 'date-time' });
export const optionalTimestamp = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
export const text = Type.String();
export const optionalText = Type.Unsafe<string | null>({ type: ['string', 'null'] });
export const strings = Type.Array(Type.String());

/** The ids request examples name (OpenAPI examples; the authorization matrix puts real ids in their place). */
export const EXAMPLE_IDS = {
  account: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b',
  key: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7c',
  role: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7d',
  group: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7e',
  federatedCredential: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7f',
  webhook: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a71',
  organization: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a70',
} as const;
