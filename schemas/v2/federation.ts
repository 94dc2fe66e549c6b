// v2 federated credentials (issue 31): a service account's trust rules for outside OIDC tokens, in camelCase.
import { camelCaseCredential, requestFields } from '../common/federation';

const fields = requestFields('allowTokenReuse');

export const createFederatedCredential = {
  type: 'object',
  description: 'A new federated credential: which outside tokens stand for the account.',
  additionalProperties: false,
  required: ['name', 'issuer', 'subject', 'audiences'],
  properties: fields,
};

export const replaceFederatedCredential = {
  ...createFederatedCredential,
  description:
    'The federated credential as it is to be from now on: it replaces the rule whole (absent optional fields take their defaults).',
};

export const federatedCredential = camelCaseCredential(
  'A federated credential: an outside OIDC token matching it (issuer, subject, audience, claims) is exchanged at /oauth2/token for an access token of the account.',
);

export const FEDERATION_TAG = {
  name: 'Federated credentials',
  description:
    "An account's trust rules for outside OIDC tokens (a CI job's, a Kubernetes pod's): a matching token is exchanged at /oauth2/token, no secret needed.",
};

/** Named in the v2 document (components.schemas). */
export const FEDERATION_SCHEMAS = {
  FederatedCredential: federatedCredential,
  CreateFederatedCredential: createFederatedCredential,
  ReplaceFederatedCredential: replaceFederatedCredential,
};
