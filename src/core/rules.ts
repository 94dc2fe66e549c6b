// Invariants of the model that hold whatever dialect a value came through.
import { invalid, type FieldError } from './errors';
import { ROLES, WORKSPACE_ROLES, type Role, type WorkspaceAssignment } from './model';

export const PERMISSION_PATTERN = /^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$/;
export const LIMITS = { name: 200, description: 1000, permissions: 100, permission: 128, assignments: 100 };

/** A permission that only reads (`service-accounts:read`, `org:read`): it ends in `:read`. */
export function isReadPermission(permission: string): boolean {
  return permission.endsWith(':read');
}

/**
 * The stored scopes of a key made without scopes, when it is made and whenever its account's
 * permissions change: the account's permissions (only its read ones for a read-only key: a write
 * permission it could never use would only mislead whoever reads them).
 */
export function followingScopes(permissions: string[], readOnly: boolean): string[] {
  return readOnly ? permissions.filter(isReadPermission) : [...permissions];
}

export class FieldChecks {
  readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  throwIfAny(): void {
    if (this.errors.length) throw invalid(this.errors);
  }
}

/** A lone surrogate is no character: PostgreSQL's UTF-8 would silently turn it into U+FFFD. */
export const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);
const NOT_WELL_FORMED = 'must be well-formed Unicode (it holds a lone surrogate)';

/** Zero-width and bidi controls: invisible, so two names that look the same could differ by them. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/u;

/**
 * What names are unique by: NFKC (so "ＡＣＭＥ" is "ACME"), case-folded (upper then lower case, so
 * "Straße" is "STRASSE"), trimmed. The store keeps it as `name_key` and searches by it.
 */
export const nameKey = (name: string): string => name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').trim();

/** Names are stored NFKC-normalized and trimmed; lone surrogates and invisible controls are refused. */
export function normalizeName(raw: string, checks: FieldChecks, field = 'name'): string {
  if (!isWellFormed(raw)) {
    checks.add(field, NOT_WELL_FORMED);
    return raw;
  }
  const normalized = raw.normalize('NFKC');
  const name = normalized.trim();
  if (name.length < 1) checks.add(field, 'must not be empty');
  else if (name.length > LIMITS.name) checks.add(field, `must be at most ${LIMITS.name} characters (once NFKC-normalized)`);
  // Before trimming too: trim() would quietly drop a leading U+FEFF.
  else if (INVISIBLE.test(normalized)) checks.add(field, 'must not contain zero-width or bidirectional control characters');
  // Case folding at most doubles a name ('ß' → 'ss'); the store's name_key holds twice LIMITS.name.
  else if (nameKey(name).length > 2 * LIMITS.name) checks.add(field, 'is too long once case-folded');
  return name;
}

/** Descriptions are kept as written (no NFKC: nothing is unique by them), but must be well-formed. */
export function normalizeDescription(raw: string | null, checks: FieldChecks): string | null {
  if (raw === null) return null;
  if (raw.length > LIMITS.description) checks.add('description', `must be at most ${LIMITS.description} characters`);
  else if (!isWellFormed(raw)) checks.add('description', NOT_WELL_FORMED);
  return raw;
}

export function normalizeRole(raw: string, checks: FieldChecks): Role {
  if (!(ROLES as readonly string[]).includes(raw)) checks.add('role', `must be one of ${ROLES.join(', ')}`);
  return raw as Role;
}

/** Order kept, duplicates removed; each must match the permission pattern. */
export function normalizePermissions(raw: string[], checks: FieldChecks, field = 'permissions'): string[] {
  const unique = [...new Set(raw)];
  if (unique.length > LIMITS.permissions) checks.add(field, `must hold at most ${LIMITS.permissions} entries`);
  unique.forEach((perm, i) => {
    if (perm.length > LIMITS.permission) checks.add(`${field}[${i}]`, `must be at most ${LIMITS.permission} characters`);
    else if (!PERMISSION_PATTERN.test(perm))
      checks.add(`${field}[${i}]`, `"${perm}" is not a valid permission (like "service-accounts:read")`);
  });
  return unique;
}

export function normalizeAssignments(raw: WorkspaceAssignment[], checks: FieldChecks): WorkspaceAssignment[] {
  const seen = new Set<string>();
  if (raw.length > LIMITS.assignments) checks.add('workspaceAssignments', `must hold at most ${LIMITS.assignments} entries`);
  raw.forEach((a, i) => {
    if (!(WORKSPACE_ROLES as readonly string[]).includes(a.role)) {
      checks.add(`workspaceAssignments[${i}].role`, `must be one of ${WORKSPACE_ROLES.join(', ')}`);
    }
    // Ids are UUIDs, whose hex digits may come in either case; stored ids are lower-case.
    const id = a.workspaceId.toLowerCase();
    if (seen.has(id)) checks.add(`workspaceAssignments[${i}].workspaceId`, 'is assigned twice');
    seen.add(id);
  });
  return raw.map((a) => ({ workspaceId: a.workspaceId.toLowerCase(), role: a.role }));
}

const LAST_RFC3339_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function normalizeExpiry(raw: string | null | undefined, now: Date, checks: FieldChecks): string | null {
  if (raw === null || raw === undefined) return null;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) {
    checks.add('expiresAt', 'must be an RFC 3339 date-time');
    return null;
  }
  if (at <= now.getTime()) checks.add('expiresAt', 'must be in the future');
  // A later instant has no RFC 3339 form: toISOString would write `+010000-…`.
  else if (at > LAST_RFC3339_INSTANT) checks.add('expiresAt', 'must be before the year 10000 (UTC)');
  return new Date(at).toISOString();
}
