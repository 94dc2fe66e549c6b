// Building blocks shared by every dialect's schemas; the rules come from docs/concepts.md.
import { ROLES, WORKSPACE_ROLES } from '../../src/core/model';
import { LIMITS, PERMISSION_PATTERN } from '../../src/core/rules';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const name = { type: 'string', minLength: 1, maxLength: LIMITS.name } as const;
export const description = { type: 'string', maxLength: LIMITS.description } as const;
export const permission = { type: 'string', maxLength: LIMITS.permission, pattern: PERMISSION_PATTERN.source } as const;
export const permissions = { type: 'array', maxItems: LIMITS.permissions, items: permission } as const;
export const role = { type: 'string', enum: [...ROLES] } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const workspaceAssignment = {
  type: 'object',
  additionalProperties: false,
  required: ['workspaceId', 'role'],
  properties: {
    workspaceId: about("The workspace's id (`GET /api/v2/workspaces`).", uuid),
    role: about('What the account may do in that workspace.', { type: 'string', enum: [...WORKSPACE_ROLES] }),
  },
} as const;

/**
 * The schema with what the field means: the OpenAPI documents (and so /docs and generated clients)
 * and docs/reference show it. Validation ignores it.
 */
export function about<T extends object>(description: string, schema: T): T & { description: string } {
  return { ...schema, description };
}

/** `{type: X}` → `{type: [X, 'null']}`, for fields a client may send as null. */
export function nullable<T extends { type: string }>(schema: T) {
  const { type, ...rest } = schema as T & { enum?: unknown[] };
  const out: Record<string, unknown> = { ...rest, type: [type, 'null'] };
  if (rest.enum) out.enum = [...rest.enum, null];
  return out;
}

/** A body that must be absent or an empty object (action routes like /disable). */
export const emptyBody = { type: ['object', 'null'], additionalProperties: false, properties: {} } as const;

/** A closed object: every property listed is required and nothing else may appear (response shapes). */
export function closed(properties: Record<string, object>, optional: string[] = []) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  } as const;
}

export const timestamp = { type: 'string', format: 'date-time' } as const;
export const optionalTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;
export const text = { type: 'string' } as const;
export const optionalText = { type: ['string', 'null'] } as const;
export const strings = { type: 'array', items: { type: 'string' } } as const;

/** The ids request examples name (OpenAPI examples; the authorization matrix puts real ids in their place). */
export const EXAMPLE_IDS = {
  account: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7b',
  key: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7c',
  role: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7d',
  group: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7e',
  webhook: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a7f',
  organization: '0190a6b2-5c3e-7d4f-8a1b-2c3d4e5f6a70',
} as const;
