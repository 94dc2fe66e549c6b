// Does a token's content satisfy a federated credential's rule (issue 31)? Subject exactly or by
// the prefix before a trailing `*`, one of the audiences, and every listed claim exactly. Run on the
// unverified payload to pick which rules' keys to try, and by jose's verification (issuer,
// audience) again after; the payload is the same bytes either way.
import type { JWTPayload } from 'jose';
import type { FederatedCredential } from '../../core/federation-rules';

export function subjectMatches(rule: string, sub: string): boolean {
  return rule.endsWith('*') ? sub.startsWith(rule.slice(0, -1)) : sub === rule;
}

/**
 * The claim at a dotted name: `repository` at the top, `kubernetes.io.namespace` in the object
 * `kubernetes.io`. Names may themselves hold dots, so every split is tried (names have at most 8 steps).
 */
export function claimAt(value: unknown, name: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  if (Object.hasOwn(object, name)) return object[name];
  const steps = name.split('.');
  for (let i = steps.length - 1; i >= 1; i--) {
    const head = steps.slice(0, i).join('.');
    if (!Object.hasOwn(object, head)) continue;
    const found = claimAt(object[head], steps.slice(i).join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A string claim equals the rule's value; a number or a boolean by its text (`"true"`, `"42"`). */
function claimEquals(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value === expected;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === expected;
  return false;
}

export function ruleMatches(rule: FederatedCredential, payload: JWTPayload): boolean {
  if (payload.iss !== rule.issuer || typeof payload.sub !== 'string' || !subjectMatches(rule.subject, payload.sub)) return false;
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
  if (!audiences.some((a) => rule.audiences.includes(a))) return false;
  return Object.entries(rule.claims).every(([name, expected]) => claimEquals(claimAt(payload, name), expected));
}
