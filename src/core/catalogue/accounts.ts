// Service accounts: make, list, read, change, switch off and on, delete; and their figures.
import type { IamCore } from '../index';
import type { Principal } from '../authorization';
import type { AccountView } from '../model';
import type { AccountChanges, AccountListQuery, CreateAccountRequest } from '../service-accounts';
import type { ViewOptions } from '../views';
import { entry } from './entry';
import { withGroups, type GroupsBeside } from './related-reads';

/** An account named by id. */
interface AccountId {
  id: string;
}

/** What a dialect reads beside an account: related rows its view shows, and the groups themselves (v3's `include`). */
export interface AccountReads {
  view?: ViewOptions;
  includeGroups?: boolean;
}

/** A page of accounts as a dialect asks for it: `count`, the total the filter matches too. */
export type AccountPageQuery = AccountListQuery & AccountReads & { count?: boolean };

/** A page, its total when counted, and the groups its accounts name when asked for. */
async function pageOfAccounts(core: IamCore, p: Principal, input: AccountPageQuery) {
  const { view, includeGroups, count, ...query } = input;
  const [page, total] = await Promise.all([core.listAccounts(p, query, view), count ? core.countAccounts(p, query.filter) : undefined]);
  return { ...page, ...(total === undefined ? {} : { total }), ...(await withGroups(core, p, page.items, includeGroups)) };
}

/** One account as a dialect reads it: with the groups it names, when asked for. */
export type AccountAnswer = AccountView & GroupsBeside;

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
  run: pageOfAccounts,
});

/** Ctrl-Hub's members are the service accounts (iamgate has no users): the same page, under its own name. */
export const listMembers = entry({
  operationId: 'listMembers',
  summary: "The organization's members: its service accounts",
  description: 'iamgate has no users, so the members are the service accounts, listed as they are.',
  needs: 'read',
  resource: 'members',
  run: pageOfAccounts,
});

export const getAccount = entry({
  operationId: 'getServiceAccount',
  summary: 'Get a service account',
  description: 'The account with its keys (never their secrets), and the version a later `If-Match` can name.',
  needs: 'read',
  resource: 'accounts',
  run: async (core, p, input: AccountId & AccountReads): Promise<AccountAnswer> => {
    const view = await core.getAccount(p, input.id, input.view);
    return { ...view, ...(await withGroups(core, p, [view], input.includeGroups)) };
  },
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
  run: async (
    core,
    p,
    input: AccountId & AccountReads & { changes: AccountChanges; unchanged?: Check },
    expectedVersion,
  ): Promise<AccountAnswer> => {
    // Members a dialect's document may only repeat are compared with the account as it is first.
    if (input.unchanged) input.unchanged(await core.getAccount(p, input.id, input.view));
    const view = await core.updateAccount(p, input.id, input.changes, expectedVersion, input.view);
    return { ...view, ...(await withGroups(core, p, [view], input.includeGroups)) };
  },
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

/** Throws (a DomainError) when a request changes what it may only repeat; given the account as it is. */
type Check = (current: AccountView) => void;

export const accountStats = entry({
  operationId: 'getServiceAccountStats',
  summary: "The organization's service accounts and keys in figures",
  description:
    'How many service accounts the organization has (enabled and disabled) and how many keys (those not revoked, and of ' +
    'them the enabled ones), counted by the database.',
  needs: 'read',
  resource: 'accounts',
  run: async (core, p, _input: void) => ({ organizationId: p.organizationId, ...(await core.accountStats(p)) }),
});

export const memberStats = entry({
  operationId: 'getMemberStats',
  summary: 'How many members the organization has, of each kind',
  description: 'Its service accounts, counted by the database (iamgate has no users).',
  needs: 'read',
  resource: 'members',
  run: async (core, p, _input: void) => ({ organizationId: p.organizationId, accounts: await core.countAccounts(p, {}) }),
});
