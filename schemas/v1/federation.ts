// v1 federated credentials (issue 31): read-only, the account's trust rules for outside OIDC tokens.
import { Type, type Static } from '@sinclair/typebox';
import { about } from '../common/fields';
import { camelCaseCredential } from '../common/federation';

export const federatedCredential = camelCaseCredential(
  'A federated credential (read-only in v1; manage it through v2 or v3): an outside OIDC token matching it is exchanged at /oauth2/token for an access token of the account.',
);

export const federatedCredentialList = about(
  "The account's federated credentials, oldest first (at most 20).",
  Type.Array(federatedCredential),
);

/** Named in the v1 document (components.schemas). */
export const FEDERATION_SCHEMAS = { FederatedCredential: federatedCredential };

export type V1FederatedCredential = Static<typeof federatedCredential>;
