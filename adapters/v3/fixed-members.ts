// Members a request document may carry but not change: read-only attributes (`email`) and
// relationships set elsewhere (`keys`, made through …/keys). JSON:API clients that send a fetched
// record back whole (jsona, Orbit) repeat them: the current value is accepted and ignored, another
// is a 403 naming it, JSON:API's answer to an update the server does not support.
import { DomainError, type FieldError } from '../../src/core/errors';
import { canonicalId } from '../../src/http/path-ids';
import { READ_ONLY_ATTRIBUTES, RELATIONSHIPS, type ResourceType } from './resource-types';

interface Identifier {
  type: string;
  id: string;
}
type Linkage = Identifier | Identifier[] | null;

export interface SentResource {
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data: Linkage }>;
}

/** What the resource shows now (or, on create, what it will show); absent members count as unset. */
export interface CurrentResource {
  attributes?: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

const identity = (i: Identifier) => `${i.type}\u0000${canonicalId(i.id)}`;
const isIdentifier = (v: unknown): v is Identifier =>
  typeof v === 'object' && v !== null && 'type' in v && 'id' in v && typeof v.type === 'string' && typeof v.id === 'string';
/** A relationship's linkage as the resource shows it (undefined: it shows none). */
const linkageOf = (relationship: unknown): unknown =>
  typeof relationship === 'object' && relationship !== null && 'data' in relationship ? relationship.data : undefined;

function sameLinkage(sent: Linkage, current: unknown): boolean {
  if (Array.isArray(sent) || Array.isArray(current)) {
    if (!Array.isArray(sent) || !Array.isArray(current) || !current.every(isIdentifier)) return false;
    const a = new Set(sent.map(identity));
    const b = new Set(current.map(identity));
    return a.size === b.size && [...a].every((k) => b.has(k));
  }
  if (sent === null || current === null || current === undefined) return sent === null && (current ?? null) === null;
  return isIdentifier(current) && identity(sent) === identity(current);
}

/** The relationships and read-only attributes a document names, which need the current resource to check. */
export function namesFixedMembers(type: ResourceType, sent: SentResource): boolean {
  const readOnly = READ_ONLY_ATTRIBUTES[type] ?? [];
  const relationships = RELATIONSHIPS[type] ?? {};
  return (
    readOnly.some((a) => sent.attributes?.[a] !== undefined) ||
    Object.keys(sent.relationships ?? {}).some((r) => relationships[r] && !relationships[r].settable)
  );
}

/** 403, one error per member, when the document changes what it may only repeat. */
export function assertUnchanged(type: ResourceType, sent: SentResource, current: CurrentResource): void {
  const errors: FieldError[] = [];
  for (const attribute of READ_ONLY_ATTRIBUTES[type] ?? []) {
    const value = sent.attributes?.[attribute];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current.attributes?.[attribute])) {
      errors.push({
        field: attribute,
        pointer: `/data/attributes/${attribute}`,
        message: 'is read-only: a document may repeat it as it is, not change it',
      });
    }
  }
  const specs = RELATIONSHIPS[type] ?? {};
  for (const [name, relationship] of Object.entries(sent.relationships ?? {})) {
    if (!specs[name] || specs[name].settable) continue;
    const now = linkageOf(current.relationships?.[name]);
    if (!sameLinkage(relationship.data, now)) {
      errors.push({
        field: name,
        pointer: `/data/relationships/${name}`,
        message: 'cannot be set through this resource (it has endpoints of its own); only its current value may be repeated',
      });
    }
  }
  if (errors.length) throw new DomainError('FORBIDDEN', 'The document changes members this endpoint does not change', errors);
}
