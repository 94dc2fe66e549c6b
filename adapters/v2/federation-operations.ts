// v2 federated credentials (issue 31): /service-accounts/{id}/federated-credentials. Making,
// changing or deleting one needs what making a key for the account needs (`keys:write`, and the
// right to manage the account); a PUT replaces the rule whole, and every change ends the access
// tokens it minted before.
import type { FederatedCredential, FederatedCredentialRequest } from '../../src/core/federation-rules';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { operation } from '../../src/http/operation';
import { FEDERATION_WORDS } from '../../schemas/common/federation';
import * as schema from '../../schemas/v2/federation';
import * as res from '../../schemas/v2/responses';
import { sendItem, sendList } from './envelope';

type Body = Omit<FederatedCredentialRequest, 'jwks'> & { jwks?: FederatedCredentialRequest['jwks'] };

const RULES = '/service-accounts/{id}/federated-credentials';
const RULE = `${RULES}/{federatedCredentialId}`;
const tag = schema.FEDERATION_TAG;
const EXAMPLE: Body = {
  name: 'deploy from main',
  issuer: 'https://token.actions.githubusercontent.com',
  subject: 'repo:acme/app:ref:refs/heads/main',
  audiences: ['iamgate'],
  claims: { repository: 'acme/app' },
};

/** A PUT replaces the rule: an optional field left out takes its default. */
const whole = (b: Body): FederatedCredentialRequest => ({
  name: b.name,
  issuer: b.issuer,
  subject: b.subject,
  audiences: b.audiences,
  claims: b.claims ?? {},
  jwks: b.jwks ?? null,
  allowTokenReuse: b.allowTokenReuse ?? false,
});

export function renderFederatedCredential(c: FederatedCredential) {
  return {
    id: c.id,
    serviceAccountId: c.serviceAccountId,
    name: c.name,
    issuer: c.issuer,
    subject: c.subject,
    audiences: c.audiences,
    claims: c.claims,
    jwks: c.jwks,
    allowTokenReuse: c.allowTokenReuse,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export const federationOperations = [
  operation({
    method: 'get',
    path: RULES,
    summary: "An account's federated credentials",
    needs: 'read',
    operationId: 'listFederatedCredentials',
    tag,
    description: 'Every trust rule of the account (at most 20), oldest first.',
    responses: { 200: { description: 'The federated credentials', schema: res.list(schema.federatedCredential) } },
    async handle({ req, res: out, core, principal, params }) {
      sendList(req, out, (await core.listFederatedCredentials(principal, params.id)).map(renderFederatedCredential));
    },
  }),
  operation<Body>({
    method: 'post',
    path: RULES,
    summary: 'Trust an outside token issuer for this account',
    needs: 'keys:write',
    operationId: 'createFederatedCredential',
    tag,
    description: FEDERATION_WORDS.create,
    body: schema.createFederatedCredential,
    example: EXAMPLE,
    responses: { 201: { description: 'Created', schema: res.item(schema.federatedCredential), headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, params, body }) {
      const created = await core.createFederatedCredential(principal, params.id, whole(body));
      setEtag(out, created.version);
      sendItem(req, out, 201, renderFederatedCredential(created));
    },
  }),
  operation({
    method: 'get',
    path: RULE,
    summary: 'Get a federated credential',
    needs: 'read',
    operationId: 'getFederatedCredential',
    tag,
    description: 'The rule, and the `ETag` a later `If-Match` can name.',
    responses: { 200: { description: 'The federated credential', schema: res.item(schema.federatedCredential), headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, params }) {
      const found = await core.getFederatedCredential(principal, params.id, params.federatedCredentialId);
      setEtag(out, found.version);
      sendItem(req, out, 200, renderFederatedCredential(found));
    },
  }),
  operation<Body>({
    method: 'put',
    path: RULE,
    summary: 'Replace a federated credential',
    needs: 'keys:write',
    operationId: 'replaceFederatedCredential',
    tag,
    ifMatch: true,
    description: `The rule as it is to be from now on (optional fields left out take their defaults). ${FEDERATION_WORDS.change}`,
    body: schema.replaceFederatedCredential,
    example: EXAMPLE,
    responses: { 200: { description: 'The federated credential', schema: res.item(schema.federatedCredential), headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, params, body }) {
      const updated = await core.updateFederatedCredential(
        principal,
        params.id,
        params.federatedCredentialId,
        whole(body),
        expectedVersion(req),
      );
      setEtag(out, updated.version);
      sendItem(req, out, 200, renderFederatedCredential(updated));
    },
  }),
  operation({
    method: 'delete',
    path: RULE,
    summary: 'Delete a federated credential',
    needs: 'keys:write',
    operationId: 'deleteFederatedCredential',
    tag,
    ifMatch: true,
    description:
      'The rule is gone at once: no token is exchanged by it any more, and the access tokens it minted stop working on their next request.',
    responses: { 204: { description: 'Deleted' } },
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteFederatedCredential(principal, params.id, params.federatedCredentialId, expectedVersion(req));
      out.status(204).end();
    },
  }),
];
