// v1 federated credentials (issue 31): read-only, the listing under the account (v2 and v3 manage them).
import { operation } from '../../src/http/operation';
import * as schema from '../../schemas/v1/federation';
import { noQuery } from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { renderFederatedCredential } from '../v2/mapper';
import { sendV1 } from './envelope';

export const federationOperations = [
  operation({
    method: 'get',
    path: '/service-accounts/{id}/federated-credentials',
    summary: "An account's federated credentials",
    needs: 'read',
    operationId: 'listFederatedCredentials',
    tag: schema.FEDERATION_TAG,
    description:
      "The account's trust rules for outside OIDC tokens (GitHub Actions, Kubernetes …), oldest first; manage them through v2 or v3.",
    query: noQuery,
    responses: { 200: { description: 'The federated credentials', schema: res.envelope(schema.federatedCredentialList) } },
    async handle({ req, res: out, core, principal, params }) {
      // v1 spells these fields as v2 does (camelCase).
      sendV1(req, out, (await core.listFederatedCredentials(principal, params.id)).map(renderFederatedCredential));
    },
  }),
];
