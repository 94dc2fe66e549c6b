// v3 federated credentials (issue 31): `federated-credentials` resources under an account, snake_case
// attributes, linked from the account as a relationship.
import { FEDERATED_TYPE, RELATIONSHIPS } from '../../adapters/v3/resource-types';
import { Type, type Static } from '@sinclair/typebox';
import { about, closedObject, closedObjectWith, closedPartial, constant, text, timestamp, uuid } from '../common/fields';
import { query } from './queries';
import { requestFields, shownFields } from '../common/federation';
import { attributes, resourceDocument } from './requests';
import { jsonapi } from './responses';

const fields = requestFields('allow_token_reuse');
const uri = Type.String({ format: 'uri' });

export const createFederatedCredential = about(
  'A new `federated-credentials` resource: which outside tokens stand for the account.',
  resourceDocument({
    attributes: attributes(fields, ['name', 'issuer', 'subject', 'audiences']),
    attributesRequired: true,
    idRequired: false,
    relationships: RELATIONSHIPS[FEDERATED_TYPE],
  }),
);

export const updateFederatedCredential = about(
  'What to change in a federated credential; an attribute left out stays as it is (`jwks: null`: discover the keys from the issuer).',
  resourceDocument({ attributes: attributes(fields), idRequired: true, relationships: RELATIONSHIPS[FEDERATED_TYPE] }),
);

export type FederatedCredentialDocument = Static<typeof createFederatedCredential> | Static<typeof updateFederatedCredential>;

export const federatedCredential = about(
  'A `federated-credentials` resource: an outside OIDC token matching it (issuer, subject, audience, claims) is exchanged at /oauth2/token for an access token of the account.',
  closedObject({
    type: about('Always `federated-credentials`.', constant(FEDERATED_TYPE)),
    id: about("The federated credential's id.", uuid),
    attributes: about(
      "The federated credential's attributes (those `fields[…]` asked for).",
      closedPartial(shownFields('allow_token_reuse')),
    ),
    meta: about(
      'What the server keeps about the federated credential.',
      closedObject({
        created_at: about('When it was made.', timestamp),
        updated_at: about('When it last changed (a change ends the access tokens it minted before).', timestamp),
      }),
    ),
    relationships: about(
      'What the federated credential is linked to.',
      closedObjectWith(
        {
          'service-account': about(
            'The service account it admits tokens for.',
            closedObject({
              data: about(
                'A service account, by type and id.',
                closedObject({
                  type: about('Always `service-accounts`.', constant('service-accounts')),
                  id: about("The service account's id.", uuid),
                }),
              ),
              links: about('Where to read it.', closedObject({ related: about("The service account's URL.", uri) })),
            }),
          ),
        },
        ['service-account'],
      ),
    ),
    links: about('Links of the resource.', closedObject({ self: about('Its URL.', uri) })),
  }),
);

const documentMeta = about('About the response.', closedObject({ request_id: about("The request's id, as in `X-Request-Id`.", text) }));
const selfLinks = about('Links of the document.', closedObject({ self: about("This document's URL.", uri) }));

export const federatedCredentialDocument = about(
  'One federated credential.',
  closedObject({ data: federatedCredential, links: selfLinks, meta: documentMeta, jsonapi }),
);
export const federatedCredentialCollection = about(
  "An account's federated credentials.",
  closedObject({
    data: about('The federated credentials, oldest first (at most 20).', Type.Array(federatedCredential)),
    links: selfLinks,
    meta: documentMeta,
    jsonapi,
  }),
);

export const FEDERATION_TAG = {
  name: 'Federated credentials',
  description:
    "`federated-credentials` of an account: trust rules for outside OIDC tokens (a CI job's, a Kubernetes pod's), exchanged at /oauth2/token with no secret.",
};

/** Named in the v3 document (components.schemas). */
export const FEDERATION_SCHEMAS = {
  FederatedCredential: federatedCredential,
  FederatedCredentialDocument: federatedCredentialDocument,
  FederatedCredentialCollection: federatedCredentialCollection,
  CreateFederatedCredential: createFederatedCredential,
  UpdateFederatedCredential: updateFederatedCredential,
};

export const federatedCredentialQuery = query({
  'fields[federated-credentials]': about(
    'Comma-separated `federated-credentials` fields to show (sparse fieldset); the others are left out.',
    Type.String({ maxLength: 1000 }),
  ),
});
