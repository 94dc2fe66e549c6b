// When a body's schema refused some of its fields, the rest are still checked (by the core), so one
// error names every problem of the request. This is the body without what was refused.
import type { FieldError } from '../core/errors';

/**
 * A copy of `body` without each refused field: the member a field error's pointer names, or the
 * array holding it (an element cannot be removed without renumbering the rest). A refusal of the
 * whole body leaves nothing to check: null.
 */
export function withoutRefusedFields(body: unknown, refused: FieldError[]): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const { pointer } of refused) {
    if (!pointer) return null;
    const segments = pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    remove(copy, segments);
  }
  return copy;
}

function remove(root: Record<string, unknown>, segments: string[]): void {
  let parent: Record<string, unknown> = root;
  for (let i = 0; i < segments.length; i++) {
    const value = parent[segments[i]];
    const last = i === segments.length - 1;
    if (last || Array.isArray(value) || value === null || typeof value !== 'object') {
      delete parent[segments[i]];
      return;
    }
    parent = value as Record<string, unknown>;
  }
}
