// An account's federated credentials (issue 31): trust rules for outside OIDC tokens, exchanged at
// /oauth2/token for access tokens of the account. Making, changing or deleting one needs what making
// a key for the account needs; every change ends the access tokens the rule minted before.
import type { FederatedCredentialChanges } from '../federated-credentials';
import type { FederatedCredentialRequest } from '../federation-rules';
import { entry } from './entry';

/** What every dialect says of the operations that write rules. */
export const FEDERATION_WORDS = {
  create:
    'A rule: a token from `issuer` whose `sub` matches `subject`, whose `aud` holds one of `audiences` and which carries every one of ' +
    '`claims` is exchanged at /oauth2/token for an access token of the account; its keys come inline (`jwks`) or from the issuer. ' +
    'At most 20 per account, the name unique on the account (409); the caller needs what making a key for the account needs (403).',
  change:
    'A change ends the access tokens the rule minted before, on their next request. With `If-Match`, only while the rule is still at that version (412).',
  delete:
    'The rule is gone at once: no token is exchanged by it any more, and the access tokens it minted stop working on their next request.',
};

/** A rule named by its account and its id. */
interface RuleId {
  accountId: string;
  id: string;
}

export const listFederatedCredentials = entry({
  operationId: 'listFederatedCredentials',
  summary: "An account's federated credentials",
  description: 'Every trust rule of the account (at most 20), oldest first.',
  needs: 'read',
  resource: 'federatedCredentials',
  run: (core, p, input: { accountId: string }) => core.listFederatedCredentials(p, input.accountId),
});

export const createFederatedCredential = entry({
  operationId: 'createFederatedCredential',
  summary: 'Trust an outside token issuer for this account',
  description: FEDERATION_WORDS.create,
  needs: 'keys:write',
  resource: 'federatedCredentials',
  run: (core, p, input: { accountId: string; request: FederatedCredentialRequest }) =>
    core.createFederatedCredential(p, input.accountId, input.request),
});

export const getFederatedCredential = entry({
  operationId: 'getFederatedCredential',
  summary: 'Get a federated credential',
  description: 'The rule, and the version a later `If-Match` can name.',
  needs: 'read',
  resource: 'federatedCredentials',
  run: (core, p, input: RuleId) => core.getFederatedCredential(p, input.accountId, input.id),
});

export const replaceFederatedCredential = entry({
  operationId: 'replaceFederatedCredential',
  summary: 'Replace a federated credential',
  description: `The rule as it is to be from now on (optional fields left out take their defaults). ${FEDERATION_WORDS.change}`,
  needs: 'keys:write',
  resource: 'federatedCredentials',
  ifMatch: true,
  run: (core, p, input: RuleId & { request: FederatedCredentialRequest }, expectedVersion) =>
    core.updateFederatedCredential(p, input.accountId, input.id, input.request, expectedVersion),
});

export const updateFederatedCredential = entry({
  operationId: 'updateFederatedCredential',
  summary: 'Change a federated credential',
  description: `Changes the fields given. ${FEDERATION_WORDS.change}`,
  needs: 'keys:write',
  resource: 'federatedCredentials',
  ifMatch: true,
  run: (core, p, input: RuleId & { changes: FederatedCredentialChanges }, expectedVersion) =>
    core.updateFederatedCredential(p, input.accountId, input.id, input.changes, expectedVersion),
});

export const deleteFederatedCredential = entry({
  operationId: 'deleteFederatedCredential',
  summary: 'Delete a federated credential',
  description: FEDERATION_WORDS.delete,
  needs: 'keys:write',
  resource: 'federatedCredentials',
  ifMatch: true,
  run: (core, p, input: RuleId, expectedVersion) => core.deleteFederatedCredential(p, input.accountId, input.id, expectedVersion),
});
