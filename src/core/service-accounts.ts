// Service-account use cases. Every function takes the caller and checks what it may do.
import { accountScopes, effectivePermissions, assertCanGrant, assertCanManage, requireCapability, type Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { writeAccount, type CreatedAccount, type NewKey } from './account-writer';
import { changedValues, recordAudit, type AuditFact } from './audit';
import type { CoreDeps } from './deps';
import { conflict, type FieldError } from './errors';
import type { AccountView, Role, ServiceAccount, WorkspaceAssignment } from './model';
import { UniqueViolation, type AccountFilter, type AccountSort, type Repositories } from './ports';
import {
  FieldChecks,
  followingScopes,
  normalizeAssignments,
  normalizeDescription,
  normalizeExpiry,
  normalizeName,
  normalizePermissions,
  normalizeRole,
} from './rules';
import { assertVersion, untilWritten } from './optimistic-writes';
import { getAccountOr404, loadView, loadViews, readByIds, type ViewOptions } from './views';
import { assertAdminRemains, lockOrganization, mayRemoveAdminAccess } from './last-admin';
import { syncFollowingKeys } from './inheritance';
import { policyExpiry, readPolicy } from './credential-policy';
import type { CredentialPolicy } from './hygiene-model';

export interface AccountChanges {
  name?: string;
  description?: string | null;
  role?: Role;
  permissions?: string[];
  workspaceAssignments?: WorkspaceAssignment[];
  enabled?: boolean;
}

export interface KeyRequest {
  expiresAt?: string | null;
  /** Default: all of the account's permissions (only its read permissions for a read-only key). */
  scopes?: string[];
  readOnly?: boolean;
  name?: string | null;
  description?: string | null;
}

export interface CreateAccountRequest extends AccountChanges {
  name: string;
  /** The first key, made in the same transaction; null for none. */
  firstKey: KeyRequest | null;
}

export interface AccountListQuery {
  filter: AccountFilter;
  limit: number;
  afterId?: string;
  offset?: number;
  sort?: AccountSort;
}

export async function createAccount(deps: CoreDeps, p: Principal, req: CreateAccountRequest): Promise<CreatedAccount> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const fields = normalizeAccountFields(req, checks);
  const name = fields.name!;
  const description = fields.description ?? null;
  const role = fields.role ?? 'Member';
  const permissions = fields.permissions ?? [];
  const workspaceAssignments = fields.workspaceAssignments ?? [];
  // The policy is read before the transaction: one racing a policy change gets the old one, and the
  // janitor reports a key longer-lived than the new one.
  const policy = req.firstKey ? await deps.store.run((repos) => readPolicy(repos, p.organizationId)) : null;
  const firstKey = req.firstKey ? keyFields(req.firstKey, { permissions, role }, deps.clock.now(), checks, { policy }) : null;
  await findUnknownWorkspaces(deps, p.organizationId, workspaceAssignments, checks);
  checks.throwIfAny();
  // Checked before bcrypt runs (a refusal costs nothing), and again on the caller's rows as they are
  // inside the transaction that writes.
  assertCanGrant(p, { role, permissions });
  const enabled = req.enabled ?? true;
  const at = deps.clock.now().toISOString();
  return writeAccount(
    deps,
    p,
    {
      organizationId: p.organizationId,
      name,
      description,
      role,
      permissions,
      workspaceAssignments,
      status: enabled ? 'active' : 'disabled',
      disabledAt: enabled ? null : at,
      createdBy: p.accountId,
    },
    firstKey,
    async (repos) => {
      const acting = await actingPrincipal(repos, p, deps.clock.now());
      requireCapability(acting, 'write');
      assertCanGrant(acting, { role, permissions });
    },
  );
}

/**
 * Everything wrong with the fields of an account request that are there (absent ones are not
 * checked), the workspaces looked up: when the schema refused some fields of a request, the rest
 * are checked too, so that one error names every problem. Reads, never writes. Whether a first
 * key's scopes are held is left out: the role and permissions they depend on may be the refused fields.
 */
export async function accountRequestProblems(deps: CoreDeps, p: Principal, req: Partial<CreateAccountRequest>): Promise<FieldError[]> {
  const checks = new FieldChecks();
  const fields = normalizeAccountFields(req, checks);
  if (req.firstKey) {
    const policy = await deps.store.run((repos) => readPolicy(repos, p.organizationId));
    keyFields(req.firstKey, { permissions: fields.permissions ?? [], role: fields.role ?? 'Member' }, deps.clock.now(), checks, {
      checkHeld: false,
      policy,
    });
  }
  if (fields.workspaceAssignments) await findUnknownWorkspaces(deps, p.organizationId, fields.workspaceAssignments, checks);
  return checks.errors;
}

/** The fields given, normalized (the model's rules); every problem goes to `checks`. */
function normalizeAccountFields(changes: AccountChanges, checks: FieldChecks): AccountChanges {
  const next: AccountChanges = {};
  if (changes.name !== undefined) next.name = normalizeName(changes.name, checks);
  if (changes.description !== undefined) next.description = normalizeDescription(changes.description, checks);
  if (changes.role !== undefined) next.role = normalizeRole(changes.role, checks);
  if (changes.permissions !== undefined) next.permissions = normalizePermissions(changes.permissions, checks);
  if (changes.workspaceAssignments !== undefined) next.workspaceAssignments = normalizeAssignments(changes.workspaceAssignments, checks);
  if (changes.enabled !== undefined) next.enabled = changes.enabled;
  return next;
}

/**
 * Assignments to workspaces the organization does not have, as a field problem. Read before the
 * write, once: workspaces are never removed (the store has no way to), so they are still there when
 * the write lands.
 */
async function findUnknownWorkspaces(
  deps: CoreDeps,
  orgId: string,
  assignments: WorkspaceAssignment[],
  checks: FieldChecks,
): Promise<void> {
  if (!assignments.length) return;
  const ids = assignments.map((a) => a.workspaceId);
  const found = new Set((await deps.store.run((repos) => repos.workspaces.getMany(orgId, ids))).map((w) => w.id));
  const missing = ids.filter((wid) => !found.has(wid));
  if (missing.length) checks.add('workspaceAssignments', `unknown workspace: ${missing.join(', ')}`);
}

/**
 * Validates a key request against what the account holds; shared with key creation. A key made
 * without scopes follows its account (see `followingScopes`); explicit scopes cap it.
 */
export function keyFields(
  req: KeyRequest,
  account: Pick<ServiceAccount, 'permissions' | 'role'> & { inheritedPermissions?: string[] },
  now: Date,
  checks: FieldChecks,
  { checkHeld = true, policy = null }: { checkHeld?: boolean; policy?: CredentialPolicy | null } = {},
): NewKey {
  const readOnly = req.readOnly ?? false;
  const explicit = req.scopes !== undefined;
  const scopes = explicit ? normalizePermissions(req.scopes!, checks, 'scopes') : followingScopes(effectivePermissions(account), readOnly);
  const held = accountScopes(account);
  const outside = scopes.filter((s) => !held.includes(s));
  if (checkHeld && outside.length) checks.add('scopes', `must be among the account's permissions; not held: ${outside.join(', ')}`);
  return {
    scopes,
    scopesExplicit: explicit,
    readOnly,
    enabled: true,
    expiresAt: policyExpiry(policy, normalizeExpiry(req.expiresAt, now, checks), now, checks),
    // Key names follow the account-name rules (NFKC, no invisible characters), so a key is never
    // listed under a name that looks like another's.
    name: req.name == null ? null : normalizeName(req.name, checks),
    description: normalizeDescription(req.description ?? null, checks),
  };
}

export async function getAccount(deps: CoreDeps, p: Principal, id: string, options: ViewOptions = {}): Promise<AccountView> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => loadView(repos, await getAccountOr404(repos, p.organizationId, id), deps.clock.now(), options));
}

/** The organization's accounts with these ids (those that exist), in the order given: what `include` adds. */
export async function getAccounts(deps: CoreDeps, p: Principal, ids: string[], options: ViewOptions = {}): Promise<AccountView[]> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const accounts = await readByIds(ids, (wanted) => repos.accounts.getMany(p.organizationId, wanted));
    return loadViews(repos, accounts, deps.clock.now(), options);
  });
}

/** The caller's own account: anyone whose credential works may read itself (whoami). */
export async function getSelf(deps: CoreDeps, p: Principal): Promise<AccountView> {
  return deps.store.run(async (repos) => loadView(repos, await getAccountOr404(repos, p.organizationId, p.accountId), deps.clock.now()));
}

export async function listAccounts(
  deps: CoreDeps,
  p: Principal,
  q: AccountListQuery,
  options: ViewOptions = {},
): Promise<{ items: AccountView[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const rows = await repos.accounts.page(p.organizationId, { ...q, limit: q.limit + 1 });
    const hasMore = rows.length > q.limit;
    return { items: await loadViews(repos, rows.slice(0, q.limit), deps.clock.now(), options), hasMore };
  });
}

export async function countAccounts(deps: CoreDeps, p: Principal, filter: AccountFilter): Promise<number> {
  requireCapability(p, 'read');
  return deps.store.run((repos) => repos.accounts.count(p.organizationId, filter));
}

export async function updateAccount(
  deps: CoreDeps,
  p: Principal,
  id: string,
  changes: AccountChanges,
  expectedVersion?: number,
  options: ViewOptions = {},
): Promise<AccountView> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const next = normalizeAccountFields(changes, checks);
  if (next.workspaceAssignments) await findUnknownWorkspaces(deps, p.organizationId, next.workspaceAssignments, checks);
  checks.throwIfAny();
  assertCanGrant(p, { role: next.role, permissions: next.permissions });
  return mutateAccount(deps, p, id, expectedVersion, options, async (_repos, current, at, acting) => {
    assertCanGrant(acting, { role: next.role, permissions: next.permissions });
    const updated: ServiceAccount = { ...current };
    if (next.name !== undefined) updated.name = next.name;
    if (next.description !== undefined) updated.description = next.description;
    if (next.role !== undefined) updated.role = next.role;
    if (next.permissions !== undefined) updated.permissions = next.permissions;
    if (next.workspaceAssignments !== undefined) updated.workspaceAssignments = next.workspaceAssignments;
    if (next.enabled !== undefined) applyEnabled(updated, next.enabled, at);
    return updated;
  });
}

export async function setAccountEnabled(
  deps: CoreDeps,
  p: Principal,
  id: string,
  enabled: boolean,
  expectedVersion?: number,
): Promise<AccountView> {
  requireCapability(p, 'write');
  return mutateAccount(deps, p, id, expectedVersion, {}, async (_repos, current, at) => {
    const updated = { ...current };
    applyEnabled(updated, enabled, at);
    return updated;
  });
}

export async function deleteAccount(deps: CoreDeps, p: Principal, id: string, expectedVersion?: number): Promise<void> {
  requireCapability(p, 'write');
  await untilWritten(expectedVersion, 'service account', () => {
    const now = deps.clock.now();
    return deps.store.transaction(async (repos) => {
      const { current } = await readForChange(repos, p, id, expectedVersion, now);
      const adminAccess = mayRemoveAdminAccess(current);
      if (adminAccess) await lockOrganization(repos, p.organizationId);
      // Only the version read: a concurrent promotion must not be deleted on the strength of the old row.
      if (!(await repos.accounts.delete(p.organizationId, id, current.version))) return null;
      if (adminAccess) await assertAdminRemains(repos, p.organizationId, now);
      await recordAudit(
        deps,
        repos,
        p,
        {
          action: 'service-account.delete',
          targetType: 'service-account',
          targetId: id,
          serviceAccountId: id,
          changes: { name: current.name },
          values: changedValues(AUDITED_FIELDS, current, null),
          targetName: current.name,
        },
        p.organizationId,
      );
      return true;
    });
  });
}

/** The account and the caller as they are inside the writing transaction, checked for a change. */
async function readForChange(
  repos: Repositories,
  p: Principal,
  id: string,
  expectedVersion: number | undefined,
  now: Date,
): Promise<{ current: ServiceAccount; acting: Principal }> {
  const current = await getAccountOr404(repos, p.organizationId, id);
  const acting = await actingPrincipal(repos, p, now);
  requireCapability(acting, 'write');
  assertCanManage(acting, current);
  assertVersion(current, expectedVersion);
  return { current, acting };
}

function applyEnabled(account: ServiceAccount, enabled: boolean, at: string): void {
  if (enabled === (account.status === 'active')) return;
  account.status = enabled ? 'active' : 'disabled';
  account.disabledAt = enabled ? null : at;
}

/** `acting` is the caller as its rows are inside the transaction. */
type Mutation = (repos: Repositories, current: ServiceAccount, at: string, acting: Principal) => Promise<ServiceAccount>;

/** Read, check, change and write one account; retries a lost race unless the client pinned a version. */
async function mutateAccount(
  deps: CoreDeps,
  p: Principal,
  id: string,
  expectedVersion: number | undefined,
  options: ViewOptions,
  mutation: Mutation,
): Promise<AccountView> {
  return untilWritten(expectedVersion, 'service account', () => {
    const now = deps.clock.now();
    return deps.store
      .transaction(async (repos) => {
        const { current, acting } = await readForChange(repos, p, id, expectedVersion, now);
        const updated = await mutation(repos, current, now.toISOString(), acting);
        if (sameState(current, updated)) return loadView(repos, current, now, options);
        const losesAdmin = mayRemoveAdminAccess(current) && !mayRemoveAdminAccess(updated);
        if (losesAdmin) await lockOrganization(repos, p.organizationId);
        updated.updatedAt = now.toISOString();
        updated.version = current.version + 1;
        if (!(await repos.accounts.update(updated, current.version))) return null;
        if (losesAdmin) await assertAdminRemains(repos, p.organizationId, now);
        if (JSON.stringify(current.permissions) !== JSON.stringify(updated.permissions)) {
          await syncFollowingKeys(repos, updated);
        }
        await recordAudit(deps, repos, p, accountChanged(current, updated), p.organizationId);
        return loadView(repos, updated, now, options);
      })
      .catch((err: unknown) => {
        if (err instanceof UniqueViolation && err.target === 'name') {
          throw conflict('Another service account already has that name', [{ field: 'name', message: 'is already taken' }]);
        }
        throw err;
      });
  });
}

const AUDITED_FIELDS = ['name', 'description', 'role', 'permissions', 'workspaceAssignments', 'status'] as const;

/** The fields that changed, with their new values; a lone status change is an enable/disable. */
function accountChanged(before: ServiceAccount, after: ServiceAccount): AuditFact {
  const changes: Record<string, unknown> = {};
  for (const f of AUDITED_FIELDS) if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = after[f];
  const onlyStatus = Object.keys(changes).length === 1 && 'status' in changes;
  const action = onlyStatus ? (after.status === 'active' ? 'service-account.enable' : 'service-account.disable') : 'service-account.update';
  return {
    action,
    targetType: 'service-account',
    targetId: after.id,
    serviceAccountId: after.id,
    changes,
    values: changedValues(AUDITED_FIELDS, before, after),
    targetName: after.name,
  };
}

function sameState(a: ServiceAccount, b: ServiceAccount): boolean {
  return AUDITED_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}
