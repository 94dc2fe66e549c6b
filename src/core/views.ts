// Loads accounts together with their keys, workspaces and (v3) groups, in a fixed number of queries
// whatever their number: never one query per account or per group (issue 25).
import { notFound } from './errors';
import { MAX_RELATED, related, viewKey, type AccountView, type ServiceAccount, type Workspace } from './model';
import type { Repositories } from './ports';

/** What a view carries beyond the account and its keys, when a dialect shows it. */
export interface ViewOptions {
  /** The groups each account belongs to (v3's `relationships.groups`): the first MAX_RELATED ids. */
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
    ? await repos.groups.membershipsOf(
        orgId,
        accounts.map((a) => a.id),
        MAX_RELATED + 1,
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
    ...(groupsOf ? { groups: related(groupsOf.get(account.id) ?? []) } : {}),
    ...(federatedOf ? { federatedCredentials: federatedOf.get(account.id) ?? [] } : {}),
  }));
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

/** Rows read by id, in the order the ids were given: those that exist, once each (a malformed id is none). */
export async function readByIds<T extends { id: string }>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const wanted = [...new Set(ids.filter(isUuidShaped).map((id) => id.toLowerCase()))];
  if (!wanted.length) return [];
  const found = new Map((await read(wanted)).map((row) => [row.id, row]));
  return wanted.flatMap((id) => found.get(id) ?? []);
}

export async function getAccountOr404(repos: Repositories, orgId: string, id: string): Promise<ServiceAccount> {
  const account = await findAccount(repos, orgId, id);
  if (!account) throw notFound('Service account');
  return account;
}
