// Key use cases: issue, list, read, enable/disable, revoke, roll.
import { assertCanGrant, assertCanManage, effectivePermissions, requireCapability, requireKeyWrite, type Principal } from './authorization';
import { actingPrincipal } from './acting-principal';
import { assertAdminRemains, isAdminUsable, lockOrganization, mayRemoveAdminAccess } from './last-admin';
import { buildKey, KEY_FIELDS, keyCreated, type NewKey } from './account-writer';
import { changedValues, recordAudit, type AuditFact } from './audit';
import type { CoreDeps } from './deps';
import { conflict, invalidField, notFound, type FieldError } from './errors';
import { keyStatus, ownerOf, viewKey, type IssuedKey, type Key, type KeyChange, type KeyView, type ServiceAccount } from './model';
import type { Repositories } from './ports';
import { FieldChecks, followingScopes } from './rules';
import { assertVersion, untilWritten } from './optimistic-writes';
import { keyFields, type KeyRequest } from './service-accounts';
import { findAccount, getAccountOr404, isUuidShaped } from './views';
import { readPolicy } from './credential-policy';
import type { CredentialPolicy } from './hygiene-model';

export async function createKey(deps: CoreDeps, p: Principal, accountId: string, req: KeyRequest): Promise<IssuedKey> {
  requireKeyWrite(p);
  // Checked first so a refusal costs no bcrypt, then again on the rows inside the writing transaction.
  const { account, policy } = await deps.store.run(async (repos) => ({
    account: await getAccountOr404(repos, p.organizationId, accountId),
    policy: await readPolicy(repos, p.organizationId),
  }));
  authorizeKeyFor(p, account, keyRequestFields(req, account, deps.clock.now(), policy));
  const keyId = deps.ids.next();
  const minted = await deps.minter.mint(keyId);
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    // The bump comes first: it holds the account's row (PostgreSQL), so a promotion racing this key
    // waits, and the row read next is the one the key is checked against. Gone meanwhile → 404.
    if (!(await repos.accounts.bumpVersion(p.organizationId, accountId, now.toISOString()))) throw notFound('Service account');
    const current = await getAccountOr404(repos, p.organizationId, accountId);
    const fields = keyRequestFields(req, current, now, policy);
    authorizeKeyFor(await actingPrincipal(repos, p, now), current, fields);
    const built = buildKey(keyId, current, fields, minted, now.toISOString());
    await repos.keys.insert(built);
    await recordAudit(deps, repos, p, keyCreated(built), p.organizationId);
    return { key: viewKey(built, now), secret: minted.secret, account: ownerOf(current) };
  });
}

/**
 * Everything wrong with the key request's fields that are there, checked against the account (none
 * when it is not found: the request's 404 comes after its 400): for one error naming every problem
 * of a request whose schema refused some fields. Reads, never writes.
 */
export async function keyRequestProblems(deps: CoreDeps, p: Principal, accountId: string, req: KeyRequest): Promise<FieldError[]> {
  const found = await deps.store.run(async (repos) => {
    const account = await findAccount(repos, p.organizationId, accountId);
    return account && { account, policy: await readPolicy(repos, p.organizationId) };
  });
  if (!found) return [];
  const checks = new FieldChecks();
  keyFields(req, found.account, deps.clock.now(), checks, { policy: found.policy });
  return checks.errors;
}

function keyRequestFields(req: KeyRequest, account: ServiceAccount, now: Date, policy: CredentialPolicy): NewKey {
  const checks = new FieldChecks();
  const fields = keyFields(req, account, now, checks, { policy });
  checks.throwIfAny();
  return fields;
}

/** Minting a key for an account is granting what the account holds, and the key's explicit scopes. */
function authorizeKeyFor(p: Principal, account: ServiceAccount, fields: NewKey): void {
  requireKeyWrite(p);
  assertCanManage(p, account);
  if (fields.scopesExplicit) assertCanGrant(p, { permissions: fields.scopes });
}

export interface KeyListQuery {
  /** One account's keys; without, every key of the caller's organization (then `limit` is required). */
  accountId?: string;
  excludeRevoked?: boolean;
  limit?: number;
  offset?: number;
}

/** Keys, oldest first, paged in the store. */
export async function listKeys(deps: CoreDeps, p: Principal, q: KeyListQuery): Promise<{ items: KeyView[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const now = deps.clock.now();
    if (q.accountId !== undefined) await getAccountOr404(repos, p.organizationId, q.accountId);
    const limit = q.limit === undefined ? undefined : q.limit + 1;
    const rows = await repos.keys.page(p.organizationId, {
      accountId: q.accountId,
      excludeRevoked: q.excludeRevoked ?? false,
      limit,
      offset: q.offset,
    });
    const hasMore = q.limit !== undefined && rows.length > q.limit;
    return { items: rows.slice(0, q.limit).map((k) => viewKey(k, now)), hasMore };
  });
}

/** A key by id; with `accountId`, it must belong to that account. */
export async function getKey(deps: CoreDeps, p: Principal, keyId: string, accountId?: string): Promise<KeyView> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => viewKey(await keyOr404(repos, p, keyId, accountId), deps.clock.now()));
}

/** Which key a change is for, and under what conditions. */
export interface KeyTarget {
  /** The key must belong to this account. */
  accountId?: string;
  /** The owning account's version (key changes bump it, so it serves as the key's ETag too). */
  expectedVersion?: number;
  /** A revoked key counts as not found (dialects where revoking is deleting). */
  notRevoked?: boolean;
}

export async function revokeKey(deps: CoreDeps, p: Principal, keyId: string, target: KeyTarget = {}): Promise<KeyChange> {
  return changeKey(deps, p, keyId, target, (key, at) => {
    if (!key.revokedAt) key.revokedAt = at;
  });
}

/** `enabled` undefined changes nothing but still checks the caller and `expectedVersion`. */
export async function setKeyEnabled(
  deps: CoreDeps,
  p: Principal,
  keyId: string,
  enabled: boolean | undefined,
  target: KeyTarget = {},
): Promise<KeyChange> {
  return changeKey(deps, p, keyId, target, (key) => {
    if (enabled !== undefined) key.enabled = enabled;
  });
}

/**
 * Read, check, change and write one key. The account's version is bumped only if it is still the
 * version read, before the key is written: two changes that read the same version (the same If-Match)
 * cannot both land, and neither records a change the other already made.
 */
async function changeKey(
  deps: CoreDeps,
  p: Principal,
  keyId: string,
  target: KeyTarget,
  change: (key: Key, at: string) => void,
): Promise<KeyChange> {
  const { accountId, expectedVersion } = target;
  requireKeyWrite(p);
  return untilWritten(expectedVersion, 'key', () => {
    const now = deps.clock.now();
    return deps.store.transaction(async (repos) => {
      const key = await keyOr404(repos, p, keyId, accountId);
      if (target.notRevoked && key.revokedAt) throw notFound('Key');
      const account = await getAccountOr404(repos, p.organizationId, key.serviceAccountId);
      const acting = await actingPrincipal(repos, p, now);
      requireKeyWrite(acting);
      assertCanManage(acting, account);
      assertVersion(account, expectedVersion);
      const before = { ...key };
      change(key, now.toISOString());
      const fact = keyChanged(before, key);
      if (fact) {
        const losesAdmin = mayRemoveAdminAccess(account) && isAdminUsable(before, now) && !isAdminUsable(key, now);
        if (losesAdmin) await lockOrganization(repos, p.organizationId);
        if (!(await repos.accounts.bumpVersion(account.organizationId, account.id, now.toISOString(), account.version))) return null;
        await repos.keys.update(key);
        if (losesAdmin) await assertAdminRemains(repos, p.organizationId, now);
        // An enabled key's idle time (the credential policy's) counts from now at the earliest.
        if (fact.action === 'key.enable') await repos.keyMarks.enabled(p.organizationId, key.id, now.toISOString());
        await recordAudit(deps, repos, p, fact, p.organizationId);
      }
      return { key: viewKey(key, now), account: { ...ownerOf(account), version: account.version + (fact ? 1 : 0) } };
    });
  });
}

/** A revocation, or an enable/disable; null when nothing changed. */
function keyChanged(before: Key, after: Key): AuditFact | null {
  const base = {
    targetType: 'key' as const,
    targetId: after.id,
    serviceAccountId: after.serviceAccountId,
    values: changedValues(KEY_FIELDS, before, after),
    targetName: after.name,
  };
  if (!before.revokedAt && after.revokedAt) return { ...base, action: 'key.revoke', changes: { revokedAt: after.revokedAt } };
  if (before.enabled !== after.enabled)
    return { ...base, action: after.enabled ? 'key.enable' : 'key.disable', changes: { enabled: after.enabled } };
  return null;
}

async function keyOr404(repos: Repositories, p: Principal, keyId: string, accountId?: string): Promise<Key> {
  const key = isUuidShaped(keyId) ? await repos.keys.get(p.organizationId, keyId.toLowerCase()) : null;
  if (!key || (accountId !== undefined && key.serviceAccountId !== accountId)) throw notFound('Key');
  return key;
}

/** How long a rolled key keeps working by default, and at most (issue 30). */
export const DEFAULT_OVERLAP_SECONDS = 86_400;
export const MAX_OVERLAP_SECONDS = 7 * 86_400;

/** A roll's answer: the new key with its secret, and the old key with its new expiry. */
export interface RolledKey extends IssuedKey {
  previous: KeyView;
}

/**
 * Rolls a key (Stripe's "roll key"): a new key for the same account, with the same name, scopes and
 * read-only cap, living as long from now as the old one had from its creation (or for ever); the old
 * key expires `overlapSeconds` from now (default a day, 0 = now, at most 7 days; never later than an
 * expiry it already had). Only an active key rolls (409 otherwise, nothing made). Authorized as key
 * creation; the new key, the old key's expiry and both audit events land in one transaction.
 */
export async function rollKey(
  deps: CoreDeps,
  p: Principal,
  keyId: string,
  overlapSeconds: number | undefined,
  target: KeyTarget = {},
): Promise<RolledKey> {
  requireKeyWrite(p);
  const overlapMs = overlapOf(overlapSeconds) * 1000;
  // Checked first so a refusal costs no bcrypt, then again on the rows inside the writing transaction.
  const read = await deps.store.run((repos) => rollable(repos, p, keyId, target, deps.clock.now()));
  authorizeKeyFor(p, read.account, successorOf(read.key, read.account, deps.clock.now()));
  const newId = deps.ids.next();
  const minted = await deps.minter.mint(newId);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.store.transaction(async (repos) => {
    // The bump first: it holds the account's row (PostgreSQL), so racing changes to its keys wait.
    if (!(await repos.accounts.bumpVersion(p.organizationId, read.account.id, at))) throw notFound('Service account');
    const { key, account } = await rollable(repos, p, keyId, target, now);
    const fields = successorOf(key, account, now);
    authorizeKeyFor(await actingPrincipal(repos, p, now), account, fields);
    const built = buildKey(newId, account, fields, minted, at);
    await repos.keys.insert(built);
    const before = { ...key };
    const until = new Date(now.getTime() + overlapMs).toISOString();
    if (!key.expiresAt || Date.parse(key.expiresAt) > Date.parse(until)) key.expiresAt = until;
    await repos.keys.update(key);
    const created = keyCreated(built);
    await recordAudit(deps, repos, p, { ...created, changes: { ...created.changes, rolledFrom: key.id } }, p.organizationId);
    await recordAudit(deps, repos, p, keyRolled(before, key, built.id), p.organizationId);
    return { key: viewKey(built, now), secret: minted.secret, account: ownerOf(account), previous: viewKey(key, now) };
  });
}

function overlapOf(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_OVERLAP_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_OVERLAP_SECONDS) {
    throw invalidField('overlapSeconds', `must be a whole number of seconds from 0 to ${MAX_OVERLAP_SECONDS}`);
  }
  return seconds;
}

/** The key and its account, when the key may be rolled: active (not revoked, expired or disabled). */
async function rollable(
  repos: Repositories,
  p: Principal,
  keyId: string,
  target: KeyTarget,
  now: Date,
): Promise<{ key: Key; account: ServiceAccount }> {
  const key = await keyOr404(repos, p, keyId, target.accountId);
  const status = keyStatus(key, now);
  if (status !== 'Active') throw conflict(`The key is ${status.toLowerCase()}: only an active key can be rolled`);
  return { key, account: await getAccountOr404(repos, p.organizationId, key.serviceAccountId) };
}

/** The new key of a roll: the old one's name, description, scopes and cap, and its lifetime from now. */
function successorOf(key: Key, account: ServiceAccount, now: Date): NewKey {
  const lifetime = key.expiresAt ? Date.parse(key.expiresAt) - Date.parse(key.createdAt) : null;
  return {
    name: key.name,
    description: key.description,
    // A key made without scopes follows its account: the new one does too, from what the account holds now.
    scopes: key.scopesExplicit ? [...key.scopes] : followingScopes(effectivePermissions(account), key.readOnly),
    scopesExplicit: key.scopesExplicit,
    readOnly: key.readOnly,
    enabled: true,
    expiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime).toISOString(),
  };
}

function keyRolled(before: Key, after: Key, successorId: string): AuditFact {
  return {
    action: 'key.roll',
    targetType: 'key',
    targetId: after.id,
    serviceAccountId: after.serviceAccountId,
    changes: { expiresAt: after.expiresAt, rolledTo: successorId },
    values: changedValues(KEY_FIELDS, before, after),
    targetName: after.name,
  };
}
