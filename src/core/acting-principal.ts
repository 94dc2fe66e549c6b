// Authorization decisions are made on rows read inside the writing transaction: the caller's key
// and account are read again there, so a revocation, a disable or a demotion that committed while
// the request was on its way (or while bcrypt ran) is seen before anything is written.
import { principalFor, unusableReason, type Principal } from './authorization';
import { unauthorized } from './errors';
import { federatedPrincipal, federatedUnusableReason } from './federated-principal';
import type { Repositories } from './ports';

export async function actingPrincipal(repos: Repositories, p: Principal, now: Date): Promise<Principal> {
  if (p.federated) return actingFederated(repos, p);
  const found = await repos.keys.getWithAccount(p.keyId);
  if (!found || found.account.id !== p.accountId) throw unauthorized('The credential no longer exists');
  const reason = unusableReason(found.key, found.account, now);
  if (reason) throw unauthorized(reason);
  return { ...principalFor(found.key, found.account), tokenId: p.tokenId, narrowedTo: p.narrowedTo, via: p.via };
}

/** A token of a federated credential: the credential (deleted or changed: its token key id is gone) and its account, read again. */
async function actingFederated(repos: Repositories, p: Principal): Promise<Principal> {
  const found = await repos.federatedCredentials.getWithAccount(p.keyId);
  if (!found || found.account.id !== p.accountId) throw unauthorized('The credential no longer exists');
  const reason = federatedUnusableReason(found.account);
  if (reason) throw unauthorized(reason);
  return { ...federatedPrincipal(found.credential, found.account), tokenId: p.tokenId, narrowedTo: p.narrowedTo, via: p.via };
}
