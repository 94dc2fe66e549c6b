// An account's keys: list them, make one beside the others (rotation), read, disable or revoke one.
import { notFound } from '../errors';
import type { IamCore } from '../index';
import type { Principal } from '../authorization';
import type { KeyListQuery } from '../keys';
import type { AccountView, KeyOwner, KeyView } from '../model';
import type { KeyRequest } from '../service-accounts';
import { entry } from './entry';

/** A key named by its account and id; `notRevoked`: a revoked key counts as not found (where revoking is deleting). */
interface KeyAt {
  accountId: string;
  keyId: string;
  notRevoked?: boolean;
}

/** A key with what dialects show beside it: its account's client id and version. */
export interface OwnedKey {
  key: KeyView;
  owner: KeyOwner;
}

const shown = (keys: KeyView[], notRevoked?: boolean) => (notRevoked ? keys.filter((k) => k.status !== 'Revoked') : keys);

/** The key in the account as read; 404 when it is not there (or revoked, with `notRevoked`). */
function keyIn(view: AccountView, at: KeyAt): OwnedKey {
  const key = shown(view.keys, at.notRevoked).find((k) => k.id === at.keyId);
  if (!key) throw notFound('Key');
  return { key, owner: { id: view.account.id, clientId: view.account.clientId, version: view.account.version } };
}

async function readKey(core: IamCore, p: Principal, at: KeyAt): Promise<OwnedKey> {
  return keyIn(await core.getAccount(p, at.accountId), at);
}

export const listKeys = entry({
  operationId: 'listCredentials',
  summary: 'List keys',
  description: "The account's keys, revoked and expired ones too, oldest first; never their secrets.",
  needs: 'read',
  resource: 'keys',
  run: (core, p, input: KeyListQuery) => core.listKeys(p, input),
});

export const createKey = entry({
  operationId: 'createCredential',
  summary: 'Create a key (rotation)',
  description:
    'A new key beside the others (rotate: make one, move clients to it, revoke the old one); its secret is shown only in this ' +
    'response. Scopes cap it below the account.',
  needs: 'keys:write',
  resource: 'keys',
  run: (core, p, input: { accountId: string; request: KeyRequest }) => core.createKey(p, input.accountId, input.request),
  problems: (core, p, input) => core.keyRequestProblems(p, input.accountId, input.request),
});

export const revokeKey = entry({
  operationId: 'revokeCredential',
  summary: 'Revoke a key',
  description:
    "The key stops working on the next request, for good (its access tokens too). Revoking the last usable key of the organization's " +
    'last active Admin is 409.',
  needs: 'keys:write',
  resource: 'keys',
  // A dialect may honour If-Match here (the account's version, which every key change bumps).
  run: (core, p, input: { keyId: string; accountId?: string; notRevoked?: boolean }, expectedVersion?: number) =>
    core.revokeKey(p, input.keyId, { accountId: input.accountId, expectedVersion, notRevoked: input.notRevoked }),
});

export const listAccountKeys = entry({
  operationId: 'listKeys',
  summary: "An account's keys (never their secrets)",
  description: "The account's keys, oldest first, with its client id; never their secrets.",
  needs: 'read',
  resource: 'keys',
  run: async (core, p, input: { accountId: string; notRevoked?: boolean }) => {
    const view = await core.getAccount(p, input.accountId);
    return { account: view.account, keys: shown(view.keys, input.notRevoked) };
  },
});

export const getKey = entry({
  operationId: 'getKey',
  summary: 'Get a key',
  description: "The key, with its account's version (which every key change bumps), which a later `If-Match` can name.",
  needs: 'read',
  resource: 'keys',
  run: readKey,
});

export const updateKey = entry({
  operationId: 'updateKey',
  summary: 'Disable or re-enable a key',
  description:
    '`enabled: false` disables the key (it stops working on the next request), `true` enables it again. With `If-Match` ' +
    "(its account's version), only while nothing changed (412). Disabling the last usable key of the organization's last " +
    'active Admin is 409.',
  needs: 'keys:write',
  resource: 'keys',
  ifMatch: true,
  run: async (core, p, input: KeyAt & { enabled?: boolean; unchanged?: (current: OwnedKey) => void }, expectedVersion) => {
    // Members a dialect's document may only repeat are compared with the key as it is first.
    if (input.unchanged) input.unchanged(await readKey(core, p, input));
    // Always through the core, even with nothing to change, so a stale If-Match is still a 412.
    return core.setKeyEnabled(p, input.keyId, input.enabled, { accountId: input.accountId, expectedVersion, notRevoked: input.notRevoked });
  },
});

export const getKeyById = entry({
  operationId: 'getCredential',
  summary: 'Get a key',
  description: 'One key of the account, revoked and expired ones too; never its secret.',
  needs: 'read',
  resource: 'keys',
  run: (core, p, input: { keyId: string; accountId: string }) => core.getKey(p, input.keyId, input.accountId),
});

export const rollKey = entry({
  operationId: 'rollCredential',
  summary: 'Roll a key: a new secret now, the old one expiring after an overlap',
  description:
    "Rotation in one call: a new key for the same account, with the old one's scopes, living as long from now as the old one had " +
    'from its creation (or for ever), and the old key expiring `overlapSeconds` from now (default a day; 0: now). The new secret ' +
    'is shown only in this response. Until then both secrets work, after it the old one is refused. A revoked, expired or disabled ' +
    'key is 409 and nothing is made.',
  needs: 'keys:write',
  resource: 'keys',
  // `accountId`: the key must belong to this account (where the path names it).
  run: (core, p, input: { keyId: string; accountId?: string; overlapSeconds?: number }) =>
    core.rollKey(p, input.keyId, input.overlapSeconds, input.accountId === undefined ? {} : { accountId: input.accountId }),
});
