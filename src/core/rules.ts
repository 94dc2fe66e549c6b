// Invariants of the model that hold whatever dialect a value came through.
import { invalid, type FieldError } from './errors';
import { ROLES, WORKSPACE_ROLES, type Role, type WorkspaceAssignment } from './model';

export const PERMISSION_PATTERN = /^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$/;
export const LIMITS = { name: 200, description: 1000, permissions: 100, permission: 128, assignments: 100 };

/** A permission that only reads (`service-accounts:read`, `org:read`): it ends in `:read`. */
export function isReadPermission(permission: string): boolean {
  return permission.endsWith(':read');
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

export function normalizeName(raw: string, checks: FieldChecks, field = 'name'): string {
  const name = raw.trim();
  if (name.length < 1) checks.add(field, 'must not be empty');
  else if (name.length > LIMITS.name) checks.add(field, `must be at most ${LIMITS.name} characters`);
  return name;
}

export function normalizeDescription(raw: string | null, checks: FieldChecks): string | null {
  if (raw === null) return null;
  if (raw.length > LIMITS.description) checks.add('description', `must be at most ${LIMITS.description} characters`);
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
    else if (!PERMISSION_PATTERN.test(perm)) checks.add(`${field}[${i}]`, `"${perm}" is not a valid permission (like "service-accounts:read")`);
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
    if (seen.has(a.workspaceId)) checks.add(`workspaceAssignments[${i}].workspaceId`, 'is assigned twice');
    seen.add(a.workspaceId);
  });
  return raw.map((a) => ({ workspaceId: a.workspaceId, role: a.role }));
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
