// Authorization decisions are made on rows read inside the writing transaction: the caller's key
// and account are read again there, so a revocation, a disable or a demotion that committed while
// the request was on its way (or while bcrypt ran) is seen before anything is written.
import { principalFor, unusableReason, type Principal } from './authorization';
import { unauthorized } from './errors';
import type { Repositories } from './ports';

export async function actingPrincipal(repos: Repositories, p: Principal, now: Date): Promise<Principal> {
  const found = await repos.keys.getWithAccount(p.keyId);
  if (!found || found.account.id !== p.accountId) throw unauthorized('The credential no longer exists');
  const reason = unusableReason(found.key, found.account, now);
  if (reason) throw unauthorized(reason);
  return { ...principalFor(found.key, found.account), tokenId: p.tokenId, narrowedTo: p.narrowedTo, via: p.via };
}
