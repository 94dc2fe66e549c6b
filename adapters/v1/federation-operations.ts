// v1 federated credentials (issue 31): read-only, the listing under the account (v2 and v3 manage them).
import { federation } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/federation';
import { noQuery } from '../../schemas/v1/requests';
import { renderFederatedCredential } from '../v2/mapper';
import { ok, success } from './envelope';

const bind = binder(TAGS);

export const federationOperations = [
  bind(federation.listFederatedCredentials, {
    method: 'get',
    path: '/service-accounts/{id}/federated-credentials',
    description:
      "The account's trust rules for outside OIDC tokens (GitHub Actions, Kubernetes …), oldest first; manage them through v2 or v3.",
    query: noQuery,
    responses: ok('The federated credentials', schema.federatedCredentialList),
    parse: (request) => ({ accountId: request.params.id }),
    // v1 spells these fields as v2 does (camelCase).
    reply: (rules, request) => success(request, rules.map(renderFederatedCredential)),
  }),
];
