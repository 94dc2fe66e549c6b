// The core's public face: every use case, bound to its dependencies once.
import type { Principal } from './authorization';
import * as audit from './audit';
import type { CoreDeps } from './deps';
import * as keys from './keys';
import * as orgs from './organizations';
import * as accounts from './service-accounts';
import * as workspaces from './workspaces';
import type { AccountFilter } from './ports';

export class IamCore {
  constructor(readonly deps: CoreDeps) {}

  createAccount = (p: Principal, req: accounts.CreateAccountRequest) => accounts.createAccount(this.deps, p, req);
  getAccount = (p: Principal, id: string) => accounts.getAccount(this.deps, p, id);
  listAccounts = (p: Principal, q: accounts.AccountListQuery) => accounts.listAccounts(this.deps, p, q);
  countAccounts = (p: Principal, filter: AccountFilter) => accounts.countAccounts(this.deps, p, filter);
  updateAccount = (p: Principal, id: string, changes: accounts.AccountChanges, expectedVersion?: number) =>
    accounts.updateAccount(this.deps, p, id, changes, expectedVersion);
  setAccountEnabled = (p: Principal, id: string, enabled: boolean, expectedVersion?: number) =>
    accounts.setAccountEnabled(this.deps, p, id, enabled, expectedVersion);
  deleteAccount = (p: Principal, id: string, expectedVersion?: number) => accounts.deleteAccount(this.deps, p, id, expectedVersion);

  createKey = (p: Principal, accountId: string, req: accounts.KeyRequest) => keys.createKey(this.deps, p, accountId, req);
  listKeys = (p: Principal, accountId?: string) => keys.listKeys(this.deps, p, accountId);
  getKey = (p: Principal, keyId: string, accountId?: string) => keys.getKey(this.deps, p, keyId, accountId);
  revokeKey = (p: Principal, keyId: string, accountId?: string, expectedVersion?: number) =>
    keys.revokeKey(this.deps, p, keyId, accountId, expectedVersion);
  setKeyEnabled = (p: Principal, keyId: string, enabled: boolean, accountId?: string, expectedVersion?: number) =>
    keys.setKeyEnabled(this.deps, p, keyId, enabled, accountId, expectedVersion);

  listAuditEvents = (p: Principal, accountId: string, limit: number, afterId?: string) =>
    audit.listAuditEvents(this.deps, p, accountId, limit, afterId);

  createWorkspace = (p: Principal, name: string) => workspaces.createWorkspace(this.deps, p, name);
  listWorkspaces = (p: Principal) => workspaces.listWorkspaces(this.deps, p);

  createOrganization = (name: string) => orgs.createOrganization(this.deps, name);
  listOrganizations = () => orgs.listOrganizations(this.deps);
  createAdmin = (orgIdOrName: string) => orgs.createAdmin(this.deps, orgIdOrName);
  bootstrapIfEmpty = () => orgs.bootstrapIfEmpty(this.deps);
}

export type { Principal } from './authorization';
export type { AccountChanges, CreateAccountRequest, KeyRequest, AccountListQuery } from './service-accounts';
