// Loads accounts together with their keys and workspaces, in a fixed number of queries.
import { notFound } from './errors';
import { viewKey, type AccountView, type GroupView, type ServiceAccount, type Workspace } from './model';
import type { Repositories } from './ports';

/** What a view carries beyond the account and its keys, when a dialect shows it. */
export interface ViewOptions {
  /** The groups each account belongs to (v3's `relationships.groups`). */
  groups?: boolean;
  /** The ids of each account's federated credentials (v3's `relationships.federated-credentials`). */
  federatedCredentials?: boolean;
}

export async function loadViews(
  repos: Repositories,
  accounts: ServiceAccount[],
  now: Date,
  options: ViewOptions = {},
): Promise<AccountView[]> {
  if (!accounts.length) return [];
  const orgId = accounts[0].organizationId;
  const groupsOf = options.groups
    ? await loadGroups(
        repos,
        orgId,
        accounts.map((a) => a.id),
      )
    : null;
  const federatedOf = options.federatedCredentials
    ? await repos.federatedCredentials.idsForAccounts(
        orgId,
        accounts.map((a) => a.id),
      )
    : null;
  const keys = await repos.keys.listForAccounts(
    orgId,
    accounts.map((a) => a.id),
  );
  const workspaceIds = [...new Set(accounts.flatMap((a) => a.workspaceAssignments.map((w) => w.workspaceId)))];
  const workspaces = workspaceIds.length ? await repos.workspaces.getMany(orgId, workspaceIds) : [];
  const byId = new Map<string, Workspace>(workspaces.map((w) => [w.id, w]));
  return accounts.map((account) => ({
    account,
    keys: keys.filter((k) => k.serviceAccountId === account.id).map((k) => viewKey(k, now)),
    workspaces: byId,
    ...(groupsOf ? { groups: groupsOf.get(account.id) ?? [] } : {}),
    ...(federatedOf ? { federatedCredentials: federatedOf.get(account.id) ?? [] } : {}),
  }));
}

async function loadGroups(repos: Repositories, orgId: string, accountIds: string[]): Promise<Map<string, GroupView[]>> {
  const memberships = await repos.groups.membershipsOf(orgId, accountIds);
  const groups = await repos.groups.getMany(orgId, [...new Set([...memberships.values()].flat())]);
  const views = new Map<string, GroupView>();
  for (const group of groups) views.set(group.id, { group, members: await repos.groups.members(orgId, group.id) });
  return new Map([...memberships].map(([id, gids]) => [id, gids.map((g) => views.get(g)).filter((g): g is GroupView => g !== undefined)]));
}

export async function loadView(repos: Repositories, account: ServiceAccount, now: Date, options: ViewOptions = {}): Promise<AccountView> {
  return (await loadViews(repos, [account], now, options))[0];
}

/** Every id is a UUID; anything else names nothing and never reaches the database (PostgreSQL refuses U+0000). */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuidShaped = (id: string): boolean => UUID_SHAPE.test(id);

/** The organization's account with that id, or null (a malformed id is none). */
export async function findAccount(repos: Repositories, orgId: string, id: string): Promise<ServiceAccount | null> {
  // UUIDs are case-insensitive; every stored id is lower-case.
  return isUuidShaped(id) ? repos.accounts.get(orgId, id.toLowerCase()) : null;
}

export async function getAccountOr404(repos: Repositories, orgId: string, id: string): Promise<ServiceAccount> {
  const account = await findAccount(repos, orgId, id);
  if (!account) throw notFound('Service account');
  return account;
}
