// An account's federated credentials (issue 31): trust rules for outside OIDC tokens. Making,
// changing or deleting one needs what making a key for the account needs; a change ends the access
// tokens the rule minted.
import type { FederatedCredentialChanges } from '../federated-credentials';
import type { FederatedCredentialRequest } from '../federation-rules';
import { entry } from './entry';

/** A rule named by its account and id. */
interface RuleAt {
  accountId: string;
  id: string;
}

export const listFederatedCredentials = entry({
  operationId: 'listFederatedCredentials',
  summary: "An account's federated credentials",
  description: "The account's trust rules for outside OIDC tokens (at most 20), oldest first.",
  needs: 'read',
  resource: 'federation',
  run: (core, p, input: { accountId: string }) => core.listFederatedCredentials(p, input.accountId),
});

export const createFederatedCredential = entry({
  operationId: 'createFederatedCredential',
  summary: 'Trust an outside token issuer for this account',
  description:
    'A rule: a token from `issuer` whose `sub` matches `subject`, whose `aud` holds one of `audiences` and which carries every ' +
    'one of `claims` is exchanged for an access token of the account. At most 20 per account, the name unique on the account.',
  needs: 'keys:write',
  resource: 'federation',
  run: (core, p, input: { accountId: string; request: FederatedCredentialRequest }) =>
    core.createFederatedCredential(p, input.accountId, input.request),
});

export const getFederatedCredential = entry({
  operationId: 'getFederatedCredential',
  summary: 'Get a federated credential',
  description: 'The rule, with the version a later `If-Match` can name.',
  needs: 'read',
  resource: 'federation',
  run: (core, p, input: RuleAt) => core.getFederatedCredential(p, input.accountId, input.id),
});

export const updateFederatedCredential = entry({
  operationId: 'updateFederatedCredential',
  summary: 'Change a federated credential',
  description: 'Changes the fields given; a change ends the access tokens the rule minted before. With `If-Match`, only at that version.',
  needs: 'keys:write',
  resource: 'federation',
  ifMatch: true,
  run: (core, p, input: RuleAt & { changes: FederatedCredentialChanges }, expectedVersion) =>
    core.updateFederatedCredential(p, input.accountId, input.id, input.changes, expectedVersion),
});

export const deleteFederatedCredential = entry({
  operationId: 'deleteFederatedCredential',
  summary: 'Delete a federated credential',
  description: 'The rule is gone at once, and the access tokens it minted stop working on their next request.',
  needs: 'keys:write',
  resource: 'federation',
  ifMatch: true,
  run: (core, p, input: RuleAt, expectedVersion) => core.deleteFederatedCredential(p, input.accountId, input.id, expectedVersion),
});
