// The related rows a dialect shows beside its answer (v3's `include`), read in one more core call:
// the groups a page of accounts names, or the accounts a page of groups names, at most MAX_INCLUDED.
import type { Principal } from '../authorization';
import type { IamCore } from '../index';
import { withinIncluded } from '../included';
import { related, type AccountView, type GroupView } from '../model';

/** The groups the accounts name, read when asked for. */
export interface GroupsBeside {
  includedGroups?: GroupView[];
}

/** The accounts the groups name (with their groups), read when asked for. */
export interface AccountsBeside {
  includedAccounts?: AccountView[];
}

export async function withGroups(core: IamCore, p: Principal, views: AccountView[], include?: boolean): Promise<GroupsBeside> {
  if (!include) return {};
  const { ids } = withinIncluded(views.map((v) => v.groups ?? related([])));
  return { includedGroups: await core.getGroups(p, ids) };
}

export async function withMembers(core: IamCore, p: Principal, views: GroupView[], include?: boolean): Promise<AccountsBeside> {
  if (!include) return {};
  const { ids } = withinIncluded(views.map((v) => v.members));
  return { includedAccounts: await core.getAccounts(p, ids, { groups: true }) };
}
