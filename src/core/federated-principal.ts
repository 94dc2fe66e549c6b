// The caller an access token minted by a federated credential makes (issue 31): the credential
// plays the key's part — `keyId` is its id — with the account's whole power, as a key made without
// scopes has; the token's `scope` narrows it like any token's.
import { accountScopes, type Principal } from './authorization';
import type { FederatedCredential } from './federation-rules';
import type { ServiceAccount } from './model';

export function federatedPrincipal(credential: Pick<FederatedCredential, 'id'>, account: ServiceAccount): Principal {
  return {
    accountId: account.id,
    organizationId: account.organizationId,
    role: account.role,
    keyId: credential.id,
    scopes: accountScopes(account),
    capped: false,
    readOnly: false,
    federated: true,
  };
}

/** Why a token of this credential cannot be used now, or null when it can. */
export function federatedUnusableReason(account: ServiceAccount): string | null {
  return account.status === 'active' ? null : 'The service account is disabled';
}
