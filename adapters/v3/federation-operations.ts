// v3 federated credentials (issue 31): `federated-credentials` under
// /v3/orgs/{orgId}/iam/service-accounts/{id}/federated-credentials. Making, changing or deleting one
// needs what making a key for the account needs; a change ends the access tokens the rule minted.
import { federation } from '../../src/core/catalogue';
import { FEDERATION_WORDS } from '../../src/core/catalogue/federation';
import { DomainError, type FieldError } from '../../src/core/errors';
import type { FederatedCredential, FederatedCredentialRequest } from '../../src/core/federation-rules';
import { etag, type WireRequest } from '../../src/http/kernel/wire';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { deleted, ORG_IAM } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/federation';
import * as queries from '../../schemas/v3/queries';
import { deleteResource } from '../../schemas/v3/requests';
import { deleted as deletedAnswer, document } from './document';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { selfLink, urlsOf, type V3Urls } from './links';
import { resourceOptions, type Fieldsets, type Query } from './query';
import { assertTarget, readDelete } from './request-documents';
import { identifier, sparse, type ResourceObject } from './resources';
import { ACCOUNT_TYPE, FEDERATED_TYPE } from './resource-types';
import { bind } from './bind';

type Attributes = NonNullable<schema.FederatedCredentialDocument['data']['attributes']>;

const RULES = `${ORG_IAM}/service-accounts/{id}/federated-credentials`;
const RULE = `${RULES}/{federatedCredentialId}`;
const rulesUrl = (urls: V3Urls, accountId: string) => `${urls.account(accountId)}/federated-credentials`;

export function federatedResource(c: FederatedCredential, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const wanted = fields[FEDERATED_TYPE];
  const { name, issuer, subject, audiences, claims, jwks } = c;
  return {
    type: FEDERATED_TYPE,
    id: c.id,
    attributes: sparse({ name, issuer, subject, audiences, claims, jwks, allow_token_reuse: c.allowTokenReuse }, wanted),
    meta: { created_at: c.createdAt, updated_at: c.updatedAt },
    relationships: sparse(
      {
        'service-account': {
          data: identifier(ACCOUNT_TYPE, c.serviceAccountId),
          links: { related: urls.account(c.serviceAccountId) },
        },
      },
      wanted,
    ),
    links: { self: `${rulesUrl(urls, c.serviceAccountId)}/${c.id}` },
  };
}

/** One rule, with the ETag a later If-Match can name (`headers`, as Location, before it). */
function answerRule(request: WireRequest, status: number, c: FederatedCredential, fields: Fieldsets, headers = {}) {
  const data = federatedResource(c, urlsOf(request), fields);
  return document(request, status, { data, links: { self: selfLink(request) } }, { ...headers, ...etag(c.version) });
}
const fieldsOf = (query: Query) => resourceOptions(query, FEDERATED_TYPE).fields;

/** The account a document may name (as a fetched record repeats it) is the path's. */
function assertAccount(data: schema.FederatedCredentialDocument['data'], accountId: string): void {
  if (namesFixedMembers(FEDERATED_TYPE, data))
    assertUnchanged(FEDERATED_TYPE, data, { relationships: { 'service-account': { data: { type: ACCOUNT_TYPE, id: accountId } } } });
}

function changesOf(a: Attributes): Partial<FederatedCredentialRequest> {
  const out: Partial<FederatedCredentialRequest> = {};
  if (a.name !== undefined) out.name = a.name;
  if (a.issuer !== undefined) out.issuer = a.issuer;
  if (a.subject !== undefined) out.subject = a.subject;
  if (a.audiences !== undefined) out.audiences = a.audiences;
  if (a.claims !== undefined) out.claims = a.claims;
  if (a.jwks !== undefined) out.jwks = a.jwks;
  if (a.allow_token_reuse !== undefined) out.allowTokenReuse = a.allow_token_reuse;
  return out;
}

/** `audiences[0]` → /data/attributes/audiences/0; a claim's dotted name is one member. */
function pointerOf(field: string): string {
  const [head, ...rest] = field.startsWith('claims.')
    ? ['claims', field.slice('claims.'.length)]
    : field.split(/\.|\[(\d+)\]\.?/).filter(Boolean);
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  return ['/data/attributes', head === 'allowTokenReuse' ? 'allow_token_reuse' : head, ...rest]
    .map((s, i) => (i ? escape(s) : s))
    .join('/');
}

/** The core's field names, pointed at the attributes this client sent. */
function pointed(err: DomainError): DomainError {
  if (!err.fields.length || err.fields.every((f) => f.pointer !== undefined)) return err;
  const fields: FieldError[] = err.fields.map((f) => (f.pointer === undefined ? { ...f, pointer: pointerOf(f.field) } : f));
  return Object.assign(new DomainError(err.code, err.message, fields), {
    retryAfterSeconds: err.retryAfterSeconds,
    transient: err.transient,
  });
}

const EXAMPLE = {
  data: {
    type: FEDERATED_TYPE,
    attributes: {
      name: 'ci namespace',
      issuer: 'https://kubernetes.default.svc.cluster.local',
      subject: 'system:serviceaccount:ci:deployer',
      audiences: ['iamgate'],
      claims: { 'kubernetes.io.namespace': 'ci' },
      allow_token_reuse: true,
    },
  },
};

export const federationOperations = [
  bind(federation.listFederatedCredentials, {
    method: 'get',
    path: RULES,
    description: 'Every trust rule of the account (at most 20), oldest first.',
    query: schema.federatedCredentialQuery,
    responses: { 200: { description: 'The federated credentials', schema: schema.federatedCredentialCollection } },
    parse: ({ params, query }) => ({ accountId: params.id, fields: fieldsOf(query) }),
    reply: (rules, request, { fields }) => {
      const urls = urlsOf(request);
      return document(request, 200, { data: rules.map((c) => federatedResource(c, urls, fields)), links: { self: selfLink(request) } });
    },
  }),
  bind(federation.createFederatedCredential, {
    method: 'post',
    path: RULES,
    description: `${FEDERATION_WORDS.create} \`Location\` names it.`,
    query: schema.federatedCredentialQuery,
    body: schema.createFederatedCredential,
    example: EXAMPLE,
    responses: { 201: { description: 'Created', schema: schema.federatedCredentialDocument, headers: ['Location', 'ETag'] } },
    parse: ({ params, query, body }) => {
      assertTarget(body.data, FEDERATED_TYPE);
      assertAccount(body.data, params.id);
      const a = body.data.attributes!;
      const request: FederatedCredentialRequest = {
        name: a.name!,
        issuer: a.issuer!,
        subject: a.subject!,
        audiences: a.audiences!,
        claims: a.claims ?? {},
        jwks: a.jwks ?? null,
        allowTokenReuse: a.allow_token_reuse ?? false,
      };
      return { accountId: params.id, request, fields: fieldsOf(query) };
    },
    mapError: pointed,
    reply: (made, request, { accountId, fields }) =>
      answerRule(request, 201, made, fields, { Location: `${rulesUrl(urlsOf(request), accountId)}/${made.id}` }),
  }),
  bind(federation.getFederatedCredential, {
    method: 'get',
    path: RULE,
    description: 'The rule, and the `ETag` a later `If-Match` can name.',
    query: schema.federatedCredentialQuery,
    responses: { 200: { description: 'The federated credential', schema: schema.federatedCredentialDocument, headers: ['ETag'] } },
    parse: ({ params }) => ({ accountId: params.id, id: params.federatedCredentialId }),
    reply: (rule, request) => answerRule(request, 200, rule, fieldsOf(request.query)),
  }),
  bind(federation.updateFederatedCredential, {
    method: 'patch',
    path: RULE,
    description: `Changes the attributes sent; the others stay (\`jwks: null\` discovers the keys from the issuer). ${FEDERATION_WORDS.change}`,
    query: schema.federatedCredentialQuery,
    body: schema.updateFederatedCredential,
    example: { data: { type: FEDERATED_TYPE, id: EXAMPLE_IDS.federatedCredential, attributes: { allow_token_reuse: false } } },
    responses: { 200: { description: 'The federated credential', schema: schema.federatedCredentialDocument, headers: ['ETag'] } },
    parse: ({ params, query, body }) => {
      assertTarget(body.data, FEDERATED_TYPE, params.federatedCredentialId);
      assertAccount(body.data, params.id);
      const changes = changesOf(body.data.attributes ?? {});
      return { accountId: params.id, id: params.federatedCredentialId, changes, fields: fieldsOf(query) };
    },
    mapError: pointed,
    reply: (rule, request, { fields }) => answerRule(request, 200, rule, fields),
  }),
  bind(federation.deleteFederatedCredential, {
    method: 'delete',
    path: RULE,
    description: FEDERATION_WORDS.delete,
    query: queries.noQuery,
    body: deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    parse: ({ params, body }) => {
      readDelete(body, FEDERATED_TYPE, params.federatedCredentialId);
      return { accountId: params.id, id: params.federatedCredentialId };
    },
    reply: (_gone, request, { id }) => deletedAnswer(request, FEDERATED_TYPE, id),
  }),
];
