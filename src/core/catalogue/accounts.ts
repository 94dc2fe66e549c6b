// Service accounts: make, list, read, change, switch off and on, delete.
import type { AccountChanges, AccountListQuery, CreateAccountRequest } from '../service-accounts';
import { entry } from './entry';

/** An account named by id. */
interface AccountId {
  id: string;
}

export const createAccount = entry({
  operationId: 'createServiceAccount',
  summary: 'Create a service account and its first key',
  description:
    'The account and, when asked for, its first key, whose secret is shown only in this response. The name must be unique in ' +
    'the organization (409); the caller cannot grant a role or permissions above what its own credential can use (403).',
  needs: 'write',
  resource: 'accounts',
  run: (core, p, input: CreateAccountRequest) => core.createAccount(p, input),
  problems: (core, p, input) => core.accountRequestProblems(p, input),
});

export const listAccounts = entry({
  operationId: 'listServiceAccounts',
  summary: 'List service accounts',
  description: "The organization's accounts in the order they were made, a page at a time.",
  needs: 'read',
  resource: 'accounts',
  run: (core, p, input: AccountListQuery) => core.listAccounts(p, input),
});

export const getAccount = entry({
  operationId: 'getServiceAccount',
  summary: 'Get a service account',
  description: 'The account with its keys (never their secrets), and the version a later `If-Match` can name.',
  needs: 'read',
  resource: 'accounts',
  run: (core, p, input: AccountId) => core.getAccount(p, input.id),
});

export const updateAccount = entry({
  operationId: 'updateServiceAccount',
  summary: 'Change a service account',
  description:
    "Changes the fields given. With `If-Match`, only while the account is still at that version (412 otherwise). Demoting the organization's " +
    'last active Admin is 409.',
  needs: 'write',
  resource: 'accounts',
  ifMatch: true,
  run: (core, p, input: AccountId & { changes: AccountChanges }, expectedVersion) =>
    core.updateAccount(p, input.id, input.changes, expectedVersion),
  problems: (core, p, input) => core.accountRequestProblems(p, input.changes),
});

export const deleteAccount = entry({
  operationId: 'deleteServiceAccount',
  summary: 'Delete a service account and its keys',
  description:
    "The account and all its keys are gone at once: their secrets stop working. Deleting the organization's last active Admin is 409.",
  needs: 'write',
  resource: 'accounts',
  ifMatch: true,
  run: (core, p, input: AccountId, expectedVersion) => core.deleteAccount(p, input.id, expectedVersion),
});

const setEnabled = (enabled: boolean) =>
  entry({
    operationId: `${enabled ? 'enable' : 'disable'}ServiceAccount`,
    summary: `${enabled ? 'Enable' : 'Disable'} a service account`,
    description: enabled
      ? 'Its keys work again, but for those revoked, expired or disabled themselves.'
      : 'None of its keys works from the next request on (every request re-reads the account); nothing is deleted, and enabling ' +
        "it brings them back. Disabling the organization's last active Admin is 409.",
    needs: 'write',
    resource: 'accounts',
    ifMatch: true,
    run: (core, p, input: AccountId, expectedVersion) => core.setAccountEnabled(p, input.id, enabled, expectedVersion),
  });

export const disableAccount = setEnabled(false);
export const enableAccount = setEnabled(true);
