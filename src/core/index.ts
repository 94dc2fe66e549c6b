// The core's public face: every use case, bound to its dependencies once.
import type { Principal } from './authorization';
import * as audit from './audit';
import type { Reporter } from './audit';
import type { CoreDeps } from './deps';
import * as federated from './federated-credentials';
import type { FederatedCredentialRequest } from './federation-rules';
import * as keys from './keys';
import * as leaks from './leaks';
import * as orgs from './organizations';
import * as requestLogs from './request-logs';
import * as usage from './usage';
import * as accounts from './service-accounts';
import * as groups from './groups';
import * as roles from './roles';
import * as permissions from './permissions';
import * as stats from './stats';
import type { ViewOptions } from './views';
import * as workspaces from './workspaces';
import * as policy from './credential-policy';
import * as webhooks from './webhooks';
import * as janitor from './janitor';
import type { AccountFilter, GroupFilter } from './ports';

export class IamCore {
  constructor(readonly deps: CoreDeps) {}

  /** The use cases for one request: its store calls share one budget (Store.forRequest). */
  forRequest = (): IamCore => new IamCore({ ...this.deps, store: this.deps.store.forRequest() });

  createAccount = (p: Principal, req: accounts.CreateAccountRequest) => accounts.createAccount(this.deps, p, req);
  /** What is wrong with the fields of an account request (create or update) that are there. */
  accountRequestProblems = (p: Principal, req: Partial<accounts.CreateAccountRequest>) =>
    accounts.accountRequestProblems(this.deps, p, req);
  getAccount = (p: Principal, id: string, options?: ViewOptions) => accounts.getAccount(this.deps, p, id, options);
  getSelf = (p: Principal) => accounts.getSelf(this.deps, p);
  /** Accounts by id, in one read (what `include` adds). */
  getAccounts = (p: Principal, ids: string[], options?: ViewOptions) => accounts.getAccounts(this.deps, p, ids, options);
  listAccounts = (p: Principal, q: accounts.AccountListQuery, options?: ViewOptions) => accounts.listAccounts(this.deps, p, q, options);
  countAccounts = (p: Principal, filter: AccountFilter) => accounts.countAccounts(this.deps, p, filter);
  updateAccount = (p: Principal, id: string, changes: accounts.AccountChanges, expectedVersion?: number, options?: ViewOptions) =>
    accounts.updateAccount(this.deps, p, id, changes, expectedVersion, options);
  setAccountEnabled = (p: Principal, id: string, enabled: boolean, expectedVersion?: number) =>
    accounts.setAccountEnabled(this.deps, p, id, enabled, expectedVersion);
  deleteAccount = (p: Principal, id: string, expectedVersion?: number) => accounts.deleteAccount(this.deps, p, id, expectedVersion);

  createKey = (p: Principal, accountId: string, req: accounts.KeyRequest) => keys.createKey(this.deps, p, accountId, req);
  keyRequestProblems = (p: Principal, accountId: string, req: accounts.KeyRequest) => keys.keyRequestProblems(this.deps, p, accountId, req);
  listKeys = (p: Principal, q: keys.KeyListQuery) => keys.listKeys(this.deps, p, q);
  getKey = (p: Principal, keyId: string, accountId?: string) => keys.getKey(this.deps, p, keyId, accountId);
  revokeKey = (p: Principal, keyId: string, target?: keys.KeyTarget) => keys.revokeKey(this.deps, p, keyId, target);
  setKeyEnabled = (p: Principal, keyId: string, enabled: boolean | undefined, target?: keys.KeyTarget) =>
    keys.setKeyEnabled(this.deps, p, keyId, enabled, target);
  rollKey = (p: Principal, keyId: string, overlapSeconds: number | undefined, target?: keys.KeyTarget) =>
    keys.rollKey(this.deps, p, keyId, overlapSeconds, target);
  /** Keys whose secrets were reported leaked: no caller to authorize (holding the secret is the right). */
  revokeLeakedKeys = (reporter: Reporter, found: leaks.Leak[]) => leaks.revokeLeakedKeys(this.deps, reporter, found);

  listFederatedCredentials = (p: Principal, accountId: string) => federated.listFederatedCredentials(this.deps, p, accountId);
  getFederatedCredential = (p: Principal, accountId: string, id: string) => federated.getFederatedCredential(this.deps, p, accountId, id);
  createFederatedCredential = (p: Principal, accountId: string, req: FederatedCredentialRequest) =>
    federated.createFederatedCredential(this.deps, p, accountId, req);
  updateFederatedCredential = (
    p: Principal,
    accountId: string,
    id: string,
    changes: federated.FederatedCredentialChanges,
    expectedVersion?: number,
  ) => federated.updateFederatedCredential(this.deps, p, accountId, id, changes, expectedVersion);
  deleteFederatedCredential = (p: Principal, accountId: string, id: string, expectedVersion?: number) =>
    federated.deleteFederatedCredential(this.deps, p, accountId, id, expectedVersion);

  listAuditEvents = (p: Principal, accountId: string, q: audit.AuditPageQuery) => audit.listAuditEvents(this.deps, p, accountId, q);
  listOrganizationAuditEvents = (p: Principal, q: audit.OrganizationAuditQuery) => audit.listOrganizationAuditEvents(this.deps, p, q);
  listRequestLogs = (p: Principal, accountId: string, q: requestLogs.RequestLogPageQuery) =>
    requestLogs.listRequestLogs(this.deps, p, accountId, q);
  accountUsage = (p: Principal, accountId: string, days?: number) => usage.accountUsage(this.deps, p, accountId, days);
  dialectUsers = (p: Principal, dialect: string, days: number) => usage.dialectUsers(this.deps, p, dialect, days);
  usageReport = (dialect: string, days: number, orgIdOrName?: string) => usage.usageReport(this.deps, dialect, days, orgIdOrName);
  getRequestLog = (p: Principal, accountId: string, id: string) => requestLogs.getRequestLog(this.deps, p, accountId, id);

  listRoles = (p: Principal, page: roles.Page, builtIn: boolean) => roles.listRoles(this.deps, p, page, builtIn);
  getRole = (p: Principal, id: string, builtIn: boolean) => roles.getRole(this.deps, p, id, builtIn);
  createRole = (p: Principal, req: roles.RoleChanges & { name: string }) => roles.createRole(this.deps, p, req);
  updateRole = (p: Principal, id: string, req: roles.RoleChanges) => roles.updateRole(this.deps, p, id, req);
  deleteRole = (p: Principal, id: string) => roles.deleteRole(this.deps, p, id);

  listGroups = (p: Principal, page: roles.Page, filter?: GroupFilter) => groups.listGroups(this.deps, p, page, filter);
  getGroup = (p: Principal, id: string) => groups.getGroup(this.deps, p, id);
  /** Groups by id, in one read (what `include` adds). */
  getGroups = (p: Principal, ids: string[]) => groups.getGroups(this.deps, p, ids);
  listGroupMembers = (p: Principal, id: string, page: roles.Page) => groups.listGroupMembers(this.deps, p, id, page);
  createGroup = (p: Principal, req: groups.GroupChanges & { name: string }) => groups.createGroup(this.deps, p, req);
  updateGroup = (p: Principal, id: string, req: groups.GroupChanges, expectedVersion?: number) =>
    groups.updateGroup(this.deps, p, id, req, expectedVersion);
  deleteGroup = (p: Principal, id: string) => groups.deleteGroup(this.deps, p, id);
  changeGroupMembers = (p: Principal, id: string, change: groups.MemberChange, accountIds: string[]) =>
    groups.changeMembers(this.deps, p, id, change, accountIds);

  listPermissions = (p: Principal, filter?: permissions.PermissionFilter) => permissions.listPermissions(this.deps, p, filter);
  getPermission = (p: Principal, name: string) => permissions.getPermission(this.deps, p, name);
  accountStats = (p: Principal) => stats.accountStats(this.deps, p);

  createWorkspace = (p: Principal, name: string) => workspaces.createWorkspace(this.deps, p, name);
  listWorkspaces = (p: Principal) => workspaces.listWorkspaces(this.deps, p);

  getCredentialPolicy = (p: Principal) => policy.getCredentialPolicy(this.deps, p);
  setCredentialPolicy = (p: Principal, changes: Parameters<typeof policy.setCredentialPolicy>[2]) =>
    policy.setCredentialPolicy(this.deps, p, changes);

  createWebhook = (p: Principal, req: Parameters<typeof webhooks.createWebhook>[2]) => webhooks.createWebhook(this.deps, p, req);
  listWebhooks = (p: Principal) => webhooks.listWebhooks(this.deps, p);
  getWebhook = (p: Principal, id: string) => webhooks.getWebhook(this.deps, p, id);
  updateWebhook = (p: Principal, id: string, req: webhooks.WebhookRequest) => webhooks.updateWebhook(this.deps, p, id, req);
  rotateWebhookSecret = (p: Principal, id: string) => webhooks.rotateWebhookSecret(this.deps, p, id);
  deleteWebhook = (p: Principal, id: string) => webhooks.deleteWebhook(this.deps, p, id);
  listWebhookDeliveries = (p: Principal, id: string, page: { limit: number; offset: number }) =>
    webhooks.listDeliveries(this.deps, p, id, page);

  /** The janitor's actions due at `asOf` (a dry run), and one action done for real. */
  planJanitor = (asOf: Date) => janitor.planJanitor(this.deps, asOf);
  applyJanitorAction = (action: janitor.JanitorAction, asOf: Date) => janitor.applyJanitorAction(this.deps, action, asOf);

  createOrganization = (name: string) => orgs.createOrganization(this.deps, name);
  listOrganizations = () => orgs.listOrganizations(this.deps);
  getOwnOrganization = (p: Principal, id?: string) => orgs.getOwnOrganization(this.deps, p, id);
  createAdmin = (orgIdOrName: string) => orgs.createAdmin(this.deps, orgIdOrName);
  bootstrapIfEmpty = () => orgs.bootstrapIfEmpty(this.deps);
}

export type { Principal } from './authorization';
export type { AccountChanges, CreateAccountRequest, KeyRequest, AccountListQuery } from './service-accounts';
