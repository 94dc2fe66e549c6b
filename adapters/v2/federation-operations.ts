// v2 federated credentials (issue 31): /service-accounts/{id}/federated-credentials, bound from the
// catalogue. Making, changing or deleting one needs what making a key for the account needs
// (`keys:write`, and the right to manage the account); a PUT replaces the rule whole, and every
// change ends the access tokens it minted before.
import { federation } from '../../src/core/catalogue';
import type { FederatedCredential } from '../../src/core/federation-rules';
import { binder } from '../../src/http/kernel/bind';
import { etag, type WireRequest } from '../../src/http/kernel/wire';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/federation';
import * as res from '../../schemas/v2/responses';
import { item, list, okList } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);
const RULES = '/service-accounts/{id}/federated-credentials';
const RULE = `${RULES}/{federatedCredentialId}`;
const EXAMPLE: schema.CreateFederatedCredential = {
  name: 'deploy from main',
  issuer: 'https://token.actions.githubusercontent.com',
  subject: 'repo:acme/app:ref:refs/heads/main',
  audiences: ['iamgate'],
  claims: { repository: 'acme/app' },
};

/** The rule the path names. */
const ruleAt = (request: WireRequest) => ({ accountId: request.params.id, id: request.params.federatedCredentialId });
/** One rule, with the ETag a later If-Match can name. */
const answerRule = (status: number) => (c: FederatedCredential, request: WireRequest) =>
  item(request, status, map.renderFederatedCredential(c), etag(c.version));
const oneRule = (status: number, description: string) => ({
  [status]: { description, schema: res.item(schema.federatedCredential), headers: ['ETag'] },
});

export const federationOperations = [
  bind(federation.listFederatedCredentials, {
    method: 'get',
    path: RULES,
    responses: okList('The federated credentials', schema.federatedCredential),
    parse: (request) => ({ accountId: request.params.id }),
    reply: (rules, request) => list(request, rules.map(map.renderFederatedCredential)),
  }),
  bind(federation.createFederatedCredential, {
    method: 'post',
    path: RULES,
    body: schema.createFederatedCredential,
    example: EXAMPLE,
    responses: oneRule(201, 'Created'),
    parse: (request) => ({ accountId: request.params.id, request: map.toFederatedCredentialRequest(request.body) }),
    reply: answerRule(201),
  }),
  bind(federation.getFederatedCredential, {
    method: 'get',
    path: RULE,
    description: 'The rule, and the `ETag` a later `If-Match` can name.',
    responses: oneRule(200, 'The federated credential'),
    parse: ruleAt,
    reply: answerRule(200),
  }),
  bind(federation.replaceFederatedCredential, {
    method: 'put',
    path: RULE,
    body: schema.replaceFederatedCredential,
    example: EXAMPLE,
    responses: oneRule(200, 'The federated credential'),
    parse: (request) => ({ ...ruleAt(request), request: map.toFederatedCredentialRequest(request.body) }),
    reply: answerRule(200),
  }),
  bind(federation.deleteFederatedCredential, {
    method: 'delete',
    path: RULE,
    responses: { 204: { description: 'Deleted' } },
    parse: ruleAt,
    reply: () => ({ status: 204, headers: {} }),
  }),
];
