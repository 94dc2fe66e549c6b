// An account's keys: list them, make one beside the others (rotation), revoke one.
import type { KeyListQuery } from '../keys';
import type { KeyRequest } from '../service-accounts';
import { entry } from './entry';

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
  run: (core, p, input: { keyId: string; accountId?: string }) => core.revokeKey(p, input.keyId, { accountId: input.accountId }),
});
