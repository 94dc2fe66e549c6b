// Organizations and their Admins: the bootstrap path (the CLI and the first start), the CLI's list,
// the CLI's recovery of an organization that lost its admin keys, and a credential's view of its own.
import { ROLE_IMPLIED_SCOPES, type Principal } from './authorization';
import { writeAccount, type CreatedAccount, type NewAccount, type NewKey } from './account-writer';
import { recordAudit } from './audit';
import type { CoreDeps } from './deps';
import { conflict, notFound } from './errors';
import type { Organization } from './model';
import type { OrganizationSummary } from './ports';
import { FieldChecks, nameKey, normalizeName } from './rules';
import { policyExpiry, readPolicy } from './credential-policy';

export interface BootstrappedOrganization {
  organization: Organization;
  admin: CreatedAccount;
}

export async function createOrganization(deps: CoreDeps, rawName: string): Promise<BootstrappedOrganization> {
  const checks = new FieldChecks();
  const name = normalizeName(rawName, checks);
  checks.throwIfAny();
  // Checked before bcrypt runs (to fail fast) and again inside the writing transaction (to be sure).
  const nameTaken = (orgs: Organization[]) => orgs.some((o) => sameName(o.name, name));
  if (nameTaken(await deps.store.run((repos) => repos.organizations.list()))) throw nameConflict(name);
  const organization: Organization = { id: deps.ids.next(), name, createdAt: deps.clock.now().toISOString() };
  const admin = await writeAccount(
    deps,
    null,
    adminAccount(organization.id, `${name} admin`, 'Created with the organization'),
    adminKey('bootstrap'),
    async (repos) => {
      await repos.organizations.lockNames();
      if (nameTaken(await repos.organizations.list())) throw nameConflict(name);
      await repos.organizations.insert(organization);
      await recordAudit(
        deps,
        repos,
        null,
        {
          action: 'organization.create',
          targetType: 'organization',
          targetId: organization.id,
          serviceAccountId: null,
          changes: { name },
        },
        organization.id,
      );
    },
  );
  return { organization, admin };
}

/** An organization by id or (case-insensitive) name, for the CLI; 404 when there is none. */
export async function findOrganization(deps: CoreDeps, idOrName: string): Promise<Organization> {
  const found = await deps.store.run(
    async (repos) =>
      (await repos.organizations.get(idOrName)) ?? (await repos.organizations.list()).find((o) => sameName(o.name, idOrName)) ?? null,
  );
  if (!found) throw notFound('Organization');
  return { id: found.id, name: found.name, createdAt: found.createdAt };
}

/**
 * Recovery (`iamgate admin create`): a new Admin with one key in an existing organization, found by
 * id or (case-insensitive) name, for when every admin key is lost or revoked. Audited as the system.
 */
export async function createAdmin(deps: CoreDeps, idOrName: string): Promise<BootstrappedOrganization> {
  const organization = await findOrganization(deps, idOrName);
  const now = deps.clock.now();
  const at = now.toISOString();
  // The organization's credential policy caps this key too (issue 32): a recovery key is a key.
  const policy = await deps.store.run((repos) => readPolicy(repos, organization.id));
  // Account names are unique in an organization; the time keeps each recovery admin apart.
  const admin = await writeAccount(deps, null, adminAccount(organization.id, `Recovery admin ${at}`, 'Created with iamgate admin create'), {
    ...adminKey('recovery'),
    expiresAt: policyExpiry(policy, null, now, new FieldChecks()),
  });
  return { organization: { id: organization.id, name: organization.name, createdAt: organization.createdAt }, admin };
}

export function listOrganizations(deps: CoreDeps): Promise<OrganizationSummary[]> {
  return deps.store.run((repos) => repos.organizations.list());
}

/**
 * An organization as a credential sees it: its own, and only its own (any other id → 404, as
 * elsewhere). Any working credential may read its own organization, as it may learn who it is.
 */
export async function getOwnOrganization(deps: CoreDeps, p: Principal, id = p.organizationId): Promise<Organization> {
  if (id !== p.organizationId) throw notFound('Organization');
  const org = await deps.store.run((repos) => repos.organizations.get(id));
  if (!org) throw notFound('Organization');
  return { id: org.id, name: org.name, createdAt: org.createdAt };
}

function adminAccount(organizationId: string, name: string, description: string): NewAccount {
  return {
    organizationId,
    name,
    description,
    role: 'Admin',
    permissions: [...(ROLE_IMPLIED_SCOPES.Admin ?? [])],
    workspaceAssignments: [],
    status: 'active',
    disabledAt: null,
    createdBy: null,
  };
}

function adminKey(name: string): NewKey {
  return {
    scopes: [...(ROLE_IMPLIED_SCOPES.Admin ?? [])],
    scopesExplicit: false,
    readOnly: false,
    enabled: true,
    expiresAt: null,
    name,
    description: null,
  };
}

/** Organization names are unique regardless of case, compared as account names are. */
function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

function nameConflict(name: string) {
  return conflict(`An organization named "${name}" already exists`, [{ field: 'name', message: 'is already taken' }]);
}

/** On a first start with an empty database, make the `Default` org; null when there is data already. */
export async function bootstrapIfEmpty(deps: CoreDeps): Promise<BootstrappedOrganization | null> {
  const count = await deps.store.run((repos) => repos.organizations.count());
  return count === 0 ? createOrganization(deps, 'Default') : null;
}
