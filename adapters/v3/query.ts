// JSON:API query parameters after the schema has checked their types: the comma-separated lists of
// `include`, `fields[TYPE]` and `sort`.
import { invalid } from '../../src/core/errors';
import type { AccountSort } from '../../src/core/ports';
import { FIELDS, INCLUDE_PATHS, type ResourceType } from './resource-types';

/** Per type, the fields to show; a type not named shows all of its fields. */
export type Fieldsets = Partial<Record<ResourceType, ReadonlySet<string>>>;

export interface ResourceOptions {
  include: ReadonlySet<string>;
  fields: Fieldsets;
}

export type Query = Record<string, unknown>;

export function badParameter(parameter: string, message: string): never {
  throw invalid([{ field: parameter, parameter, message }], 'A query parameter is not valid');
}

function splitList(raw: string): string[] {
  return raw === '' ? [] : raw.split(',').map((s) => s.trim());
}

export function parseInclude(raw: unknown, primary: ResourceType): ReadonlySet<string> {
  if (raw === undefined) return new Set();
  const allowed = INCLUDE_PATHS[primary];
  const paths = splitList(String(raw));
  const unknown = paths.filter((p) => !allowed.includes(p));
  if (unknown.length) {
    badParameter('include', `names an unknown relationship path: ${unknown.join(', ')} (allowed: ${allowed.join(', ') || 'none'})`);
  }
  return new Set(paths);
}

export function parseFields(query: Query): Fieldsets {
  const out: Fieldsets = {};
  for (const type of Object.keys(FIELDS) as ResourceType[]) {
    const parameter = `fields[${type}]`;
    const raw = query[parameter];
    if (raw === undefined) continue;
    const names = splitList(String(raw));
    const unknown = names.filter((n) => !FIELDS[type].includes(n));
    if (unknown.length) badParameter(parameter, `names unknown fields: ${unknown.join(', ')} (allowed: ${FIELDS[type].join(', ')})`);
    out[type] = new Set(names);
  }
  return out;
}

export function resourceOptions(query: Query, primary: ResourceType): ResourceOptions {
  return { include: parseInclude(query.include, primary), fields: parseFields(query) };
}

const SORTS: Record<string, AccountSort> = {
  name: 'name',
  '-name': '-name',
  // Ids are time-ordered (UUID v7): creation order is id order.
  created_at: 'id',
  '-created_at': '-id',
};

/**
 * Names are unique per organization and ids are unique, so each sort field alone is a total order:
 * the first field decides and any further ones could never break a tie.
 */
export function parseSort(raw: unknown): AccountSort {
  if (raw === undefined) return 'id';
  const fields = splitList(String(raw));
  const unknown = fields.filter((f) => !Object.hasOwn(SORTS, f));
  if (!fields.length || unknown.length) {
    badParameter('sort', `can sort only by ${Object.keys(SORTS).join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}`);
  }
  return SORTS[fields[0]];
}
