// Organizations and their first Admin: the bootstrap path, run by the CLI and the first start.
import { ROLE_IMPLIED_SCOPES } from './authorization';
import { writeAccount, type CreatedAccount } from './account-writer';
import { recordAudit } from './audit';
import type { CoreDeps } from './deps';
import type { Organization } from './model';
import { FieldChecks, normalizeName } from './rules';

export interface BootstrappedOrganization {
  organization: Organization;
  admin: CreatedAccount;
}

export async function createOrganization(deps: CoreDeps, rawName: string): Promise<BootstrappedOrganization> {
  const checks = new FieldChecks();
  const name = normalizeName(rawName, checks);
  checks.throwIfAny();
  const organization: Organization = { id: deps.ids.next(), name, createdAt: deps.clock.now().toISOString() };
  const admin = await writeAccount(deps, null, {
    organizationId: organization.id,
    name: `${name} admin`,
    description: 'Created with the organization',
    role: 'Admin',
    permissions: [...(ROLE_IMPLIED_SCOPES.Admin ?? [])],
    workspaceAssignments: [],
    status: 'active',
    disabledAt: null,
    createdBy: null,
  }, { scopes: [...(ROLE_IMPLIED_SCOPES.Admin ?? [])], readOnly: false, enabled: true, expiresAt: null, name: 'bootstrap', description: null },
  async (repos) => {
    await repos.organizations.insert(organization);
    await recordAudit(deps, repos, null, {
      action: 'organization.create', targetType: 'organization', targetId: organization.id, serviceAccountId: null, changes: { name },
    }, organization.id);
  });
  return { organization, admin };
}

/** On a first start with an empty database, make the `Default` org; null when there is data already. */
export async function bootstrapIfEmpty(deps: CoreDeps): Promise<BootstrappedOrganization | null> {
  const count = await deps.store.run((repos) => repos.organizations.count());
  return count === 0 ? createOrganization(deps, 'Default') : null;
}
