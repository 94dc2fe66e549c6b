// An organization's credential policy (issue 32): read and set by its Admins and UserAdmins, audited;
// new keys are capped by it (policyExpiry), and the janitor applies the rest (janitor.ts).
import { requireCapability, type Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { changedValues, recordAudit } from './audit';
import type { CoreDeps } from './deps';
import { forbidden } from './errors';
import { noPolicy, POLICY_RULES, type CredentialPolicy, type CredentialPolicyRules } from './hygiene-model';
import type { Repositories } from './ports';
import { FieldChecks } from './rules';

export const DAY_MS = 86_400_000;
/** The rules' bounds: a lifetime or idle time of up to ten years, a warning up to a year ahead. */
export const POLICY_LIMITS: Record<(typeof POLICY_RULES)[number], number> = {
  maxKeyLifetimeDays: 3650,
  disableUnusedKeysAfterDays: 3650,
  warnBeforeExpiryDays: 365,
};

/** The organization's settings that only its Admins and UserAdmins may read and change (policy, webhooks). */
export const ADMINISTRATOR_ROLES = ['Admin', 'UserAdmin'] as const;

export function requireAdministrator(p: Principal, cap: 'read' | 'write'): void {
  requireCapability(p, cap);
  if (!(ADMINISTRATOR_ROLES as readonly string[]).includes(p.role)) {
    throw forbidden(`Only an Admin or a UserAdmin may ${cap === 'read' ? 'read' : 'change'} this`);
  }
}

export async function readPolicy(repos: Repositories, orgId: string): Promise<CredentialPolicy> {
  return (await repos.policies.get(orgId)) ?? noPolicy(orgId);
}

export async function getCredentialPolicy(deps: CoreDeps, p: Principal): Promise<CredentialPolicy> {
  requireAdministrator(p, 'read');
  return deps.store.run((repos) => readPolicy(repos, p.organizationId));
}

/** `changes`: the rules to set (absent ones stay as they are; v2's PUT sends all three). */
export async function setCredentialPolicy(
  deps: CoreDeps,
  p: Principal,
  changes: Partial<CredentialPolicyRules>,
): Promise<CredentialPolicy> {
  requireAdministrator(p, 'write');
  const checks = new FieldChecks();
  for (const rule of POLICY_RULES) {
    const value = changes[rule];
    if (value === undefined || value === null) continue;
    if (!Number.isInteger(value) || value < 1 || value > POLICY_LIMITS[rule])
      checks.add(rule, `must be null or a whole number from 1 to ${POLICY_LIMITS[rule]}`);
  }
  checks.throwIfAny();
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    requireAdministrator(await actingPrincipal(repos, p, now), 'write');
    await repos.organizations.lock(p.organizationId);
    const before = await readPolicy(repos, p.organizationId);
    const after: CredentialPolicy = { ...before, updatedAt: now.toISOString() };
    for (const rule of POLICY_RULES) if (changes[rule] !== undefined) after[rule] = changes[rule];
    const values = changedValues(POLICY_RULES, before, after);
    if (!values.length) return before;
    await repos.policies.put(after);
    await recordAudit(
      deps,
      repos,
      p,
      {
        action: 'credential-policy.update',
        targetType: 'credential-policy',
        targetId: p.organizationId,
        serviceAccountId: null,
        changes: Object.fromEntries(POLICY_RULES.map((r) => [r, after[r]])),
        values,
        targetName: null,
      },
      p.organizationId,
    );
    return after;
  });
}

/**
 * The expiry of a new key under the policy: a key without one gets the maximum; one asking for more
 * is a validation error on `expiresAt` (each dialect names it its own way). Without the rule, as asked.
 */
export function policyExpiry(policy: CredentialPolicy | null, expiresAt: string | null, now: Date, checks: FieldChecks): string | null {
  const days = policy?.maxKeyLifetimeDays;
  if (!days) return expiresAt;
  const latest = now.getTime() + days * DAY_MS;
  if (expiresAt === null) return new Date(latest).toISOString();
  if (Date.parse(expiresAt) > latest) {
    checks.add(
      'expiresAt',
      `must be at most ${days} days from now (the organization's credential policy allows keys of ${days} days at most)`,
    );
  }
  return expiresAt;
}
