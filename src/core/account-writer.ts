// Writes a new account and (optionally) its first key in one transaction, choosing a free email.
import { conflict } from './errors';
import { chooseEmail, emailLocalPart } from './email';
import { changedValues, recordAudit, type AuditFact } from './audit';
import type { Principal } from './authorization';
import { ownerOf, viewKey, type AccountView, type IssuedKey, type Key, type ServiceAccount } from './model';
import { UniqueViolation, type MintedSecret, type Repositories } from './ports';
import type { CoreDeps } from './deps';
import { loadView } from './views';

export type NewAccount = Omit<ServiceAccount, 'email' | 'clientId' | 'version' | 'id' | 'createdAt' | 'updatedAt' | 'inheritedPermissions'>;
export type NewKey = Pick<Key, 'name' | 'description' | 'scopes' | 'scopesExplicit' | 'readOnly' | 'enabled' | 'expiresAt'>;

export interface CreatedAccount {
  view: AccountView;
  issued: IssuedKey | null;
}

const EMAIL_ATTEMPTS = 5;

/**
 * `actor` is who asked (null: the system). `alongside` runs first in the same transaction (the
 * bootstrap writes the organization there; account creation checks its caller's rows there).
 */
export async function writeAccount(
  deps: CoreDeps,
  actor: Principal | null,
  fields: NewAccount,
  firstKey: NewKey | null,
  alongside?: (repos: Repositories) => Promise<void>,
): Promise<CreatedAccount> {
  const keyId = deps.ids.next();
  // bcrypt runs before the transaction so no lock is held while it works.
  const minted = firstKey ? await deps.minter.mint(keyId) : null;
  const now = deps.clock.now();
  const at = now.toISOString();
  const account: ServiceAccount = {
    ...fields,
    id: deps.ids.next(),
    email: '',
    clientId: deps.ids.random(),
    createdAt: at,
    updatedAt: at,
    version: 1,
    // A new account is in no group yet.
    inheritedPermissions: [],
  };
  const key = firstKey && minted ? buildKey(keyId, account, firstKey, minted, at) : null;

  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.store.transaction(async (repos) => {
        if (alongside) await alongside(repos);
        const taken = await repos.accounts.emailsStartingWith(account.organizationId, emailLocalPart(account.name));
        account.email = chooseEmail(account.name, account.organizationId, deps.emailDomain, taken);
        await repos.accounts.insert(account);
        await recordAudit(deps, repos, actor, accountCreated(account), account.organizationId);
        if (key) {
          await repos.keys.insert(key);
          await recordAudit(deps, repos, actor, keyCreated(key), account.organizationId);
        }
        const view = await loadView(repos, account, now);
        const issued = key && minted ? { key: viewKey(key, now), secret: minted.secret, account: ownerOf(account) } : null;
        return { view, issued };
      });
    } catch (err) {
      if (err instanceof UniqueViolation && err.target === 'email' && attempt < EMAIL_ATTEMPTS) continue;
      if (err instanceof UniqueViolation && err.target === 'name') {
        throw conflict(`A service account named "${account.name}" already exists`, [{ field: 'name', message: 'is already taken' }]);
      }
      throw err;
    }
  }
}

export function accountCreated(a: ServiceAccount): AuditFact {
  return {
    action: 'service-account.create',
    targetType: 'service-account',
    targetId: a.id,
    serviceAccountId: a.id,
    changes: {
      name: a.name,
      description: a.description,
      role: a.role,
      permissions: a.permissions,
      workspaceAssignments: a.workspaceAssignments,
      status: a.status,
    },
    values: changedValues(ACCOUNT_FIELDS, null, a),
    targetName: a.name,
  };
}

const ACCOUNT_FIELDS = ['name', 'description', 'role', 'permissions', 'workspaceAssignments', 'status'] as const;
/** A key's fields worth a before/after; never its hash, nor its secret's prefix. */
export const KEY_FIELDS = ['name', 'scopes', 'scopesExplicit', 'readOnly', 'enabled', 'expiresAt', 'revokedAt', 'revokedReason'] as const;

/** What a new key looks like in the log: never its secret or hash. */
export function keyCreated(k: Key): AuditFact {
  return {
    action: 'key.create',
    targetType: 'key',
    targetId: k.id,
    serviceAccountId: k.serviceAccountId,
    changes: {
      scopes: k.scopes,
      scopesExplicit: k.scopesExplicit,
      readOnly: k.readOnly,
      expiresAt: k.expiresAt,
      secretPrefix: k.secretPrefix,
    },
    values: changedValues(KEY_FIELDS, null, k),
    targetName: k.name,
  };
}

export function buildKey(id: string, account: ServiceAccount, input: NewKey, minted: MintedSecret, at: string): Key {
  return {
    id,
    organizationId: account.organizationId,
    serviceAccountId: account.id,
    name: input.name,
    description: input.description,
    secretHash: minted.hash,
    secretPrefix: minted.prefix,
    scopes: input.scopes,
    scopesExplicit: input.scopesExplicit,
    readOnly: input.readOnly,
    enabled: input.enabled,
    expiresAt: input.expiresAt,
    lastUsedAt: null,
    createdAt: at,
    revokedAt: null,
    revokedReason: null,
  };
}
