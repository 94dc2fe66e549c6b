import type { BootstrappedOrganization } from './core/organizations';

/** The one JSON line the CLI and the first start print: everything needed to make the first call. */
export function bootstrapLine(boot: BootstrappedOrganization): string {
  return JSON.stringify({
    organizationId: boot.organization.id,
    serviceAccountId: boot.admin.view.account.id,
    clientId: boot.admin.view.account.clientId,
    clientSecret: boot.admin.issued?.secret,
  });
}
