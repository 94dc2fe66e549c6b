// v2 federated credentials (issue 31): a service account's trust rules for outside OIDC tokens, in
// camelCase. TypeBox schemas: the codec reads the request's type from them, and the renderer
// (adapters/v2/mapper.ts) returns the response's.
import { Type, type Static } from '@sinclair/typebox';
import { about, closedObject } from '../common/fields';
import { camelCaseCredential, requestFields } from '../common/federation';

const fields = requestFields('allowTokenReuse');

export const createFederatedCredential = about(
  'A new federated credential: which outside tokens stand for the account.',
  closedObject({
    name: fields.name,
    issuer: fields.issuer,
    subject: fields.subject,
    audiences: fields.audiences,
    claims: Type.Optional(fields.claims),
    jwks: Type.Optional(fields.jwks),
    allowTokenReuse: Type.Optional(fields.allowTokenReuse),
  }),
);

export const replaceFederatedCredential = about(
  'The federated credential as it is to be from now on: it replaces the rule whole (absent optional fields take their defaults).',
  createFederatedCredential,
);

export const federatedCredential = camelCaseCredential(
  'A federated credential: an outside OIDC token matching it (issuer, subject, audience, claims) is exchanged at /oauth2/token for an access token of the account.',
);

export type CreateFederatedCredential = Static<typeof createFederatedCredential>;
export type V2FederatedCredential = Static<typeof federatedCredential>;

/** Named in the v2 document (components.schemas). */
export const FEDERATION_SCHEMAS = {
  FederatedCredential: federatedCredential,
  CreateFederatedCredential: createFederatedCredential,
  ReplaceFederatedCredential: replaceFederatedCredential,
};
