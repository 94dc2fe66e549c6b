// v3 federated credentials (issue 31): `federated-credentials` under
// /v3/orgs/{orgId}/iam/service-accounts/{id}/federated-credentials. Making, changing or deleting one
// needs what making a key for the account needs; a change ends the access tokens the rule minted.
import type { Request, Response } from 'express';
import { FEDERATION_WORDS } from '../../src/core/catalogue/federation';
import { DomainError, type FieldError } from '../../src/core/errors';
import type { FederatedCredential, FederatedCredentialRequest, JsonWebKeySet } from '../../src/core/federation-rules';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { operation } from '../../src/http/operation';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { deleted, ORG_IAM } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/federation';
import * as queries from '../../schemas/v3/queries';
import { deleteResource } from '../../schemas/v3/requests';
import { sendDeleted, sendDocument } from './document';
import { assertUnchanged, namesFixedMembers } from './fixed-members';
import { selfLink, urlsOf, type V3Urls } from './links';
import { resourceOptions, type Fieldsets, type Query } from './query';
import { assertTarget, readDelete, type DeleteDocument, type ResourceDocument } from './request-documents';
import { identifier, sparse, type ResourceObject } from './resources';
import { ACCOUNT_TYPE, FEDERATED_TYPE } from './resource-types';

interface Attributes {
  name?: string;
  issuer?: string;
  subject?: string;
  audiences?: string[];
  claims?: Record<string, string>;
  jwks?: JsonWebKeySet | null;
  allow_token_reuse?: boolean;
}
type Document = ResourceDocument<Attributes>;

const RULES = `${ORG_IAM}/service-accounts/{id}/federated-credentials`;
const RULE = `${RULES}/{federatedCredentialId}`;
const tag = schema.FEDERATION_TAG;
const rulesUrl = (urls: V3Urls, accountId: string) => `${urls.account(accountId)}/federated-credentials`;

export function federatedResource(c: FederatedCredential, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const wanted = fields[FEDERATED_TYPE];
  return {
    type: FEDERATED_TYPE,
    id: c.id,
    attributes: sparse(
      {
        name: c.name,
        issuer: c.issuer,
        subject: c.subject,
        audiences: c.audiences,
        claims: c.claims,
        jwks: c.jwks as ResourceObject['attributes'][string],
        allow_token_reuse: c.allowTokenReuse,
      },
      wanted,
    ),
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

function sendRule(req: Request, out: Response, status: number, c: FederatedCredential, query: Query): void {
  setEtag(out, c.version);
  const data = federatedResource(c, urlsOf(req), resourceOptions(query, FEDERATED_TYPE).fields);
  sendDocument(req, out, status, { data, links: { self: selfLink(req) } });
}

/** The account a document may name (as a fetched record repeats it) is the path's. */
function assertAccount(data: Document['data'], accountId: string): void {
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
async function pointed<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof DomainError && err.fields.length && err.fields.some((f) => f.pointer === undefined)) {
      const fields: FieldError[] = err.fields.map((f) => (f.pointer === undefined ? { ...f, pointer: pointerOf(f.field) } : f));
      throw Object.assign(new DomainError(err.code, err.message, fields), {
        retryAfterSeconds: err.retryAfterSeconds,
        transient: err.transient,
      });
    }
    throw err;
  }
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
  operation<unknown, Query>({
    method: 'get',
    path: RULES,
    summary: "An account's federated credentials",
    needs: 'read',
    operationId: 'listFederatedCredentials',
    tag,
    description: 'Every trust rule of the account (at most 20), oldest first.',
    query: schema.federatedCredentialQuery,
    responses: { 200: { description: 'The federated credentials', schema: schema.federatedCredentialCollection } },
    async handle({ req, res: out, core, principal, params, query }) {
      const fields = resourceOptions(query, FEDERATED_TYPE).fields;
      const urls = urlsOf(req);
      const rules = await core.listFederatedCredentials(principal, params.id);
      sendDocument(req, out, 200, { data: rules.map((c) => federatedResource(c, urls, fields)), links: { self: selfLink(req) } });
    },
  }),
  operation<Document, Query>({
    method: 'post',
    path: RULES,
    summary: 'Trust an outside token issuer for this account',
    needs: 'keys:write',
    operationId: 'createFederatedCredential',
    tag,
    description: `${FEDERATION_WORDS.create} \`Location\` names it.`,
    query: schema.federatedCredentialQuery,
    body: schema.createFederatedCredential,
    example: EXAMPLE,
    responses: { 201: { description: 'Created', schema: schema.federatedCredentialDocument, headers: ['Location', 'ETag'] } },
    async handle({ req, res: out, core, principal, params, query, body }) {
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
      const created = await pointed(core.createFederatedCredential(principal, params.id, request));
      out.location(`${rulesUrl(urlsOf(req), params.id)}/${created.id}`);
      sendRule(req, out, 201, created, query);
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: RULE,
    summary: 'Get a federated credential',
    needs: 'read',
    operationId: 'getFederatedCredential',
    tag,
    description: 'The rule, and the `ETag` a later `If-Match` can name.',
    query: schema.federatedCredentialQuery,
    responses: { 200: { description: 'The federated credential', schema: schema.federatedCredentialDocument, headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, params, query }) {
      sendRule(req, out, 200, await core.getFederatedCredential(principal, params.id, params.federatedCredentialId), query);
    },
  }),
  operation<Document, Query>({
    method: 'patch',
    path: RULE,
    summary: 'Change a federated credential',
    needs: 'keys:write',
    operationId: 'updateFederatedCredential',
    tag,
    ifMatch: true,
    description: `Changes the attributes sent; the others stay (\`jwks: null\` discovers the keys from the issuer). ${FEDERATION_WORDS.change}`,
    query: schema.federatedCredentialQuery,
    body: schema.updateFederatedCredential,
    example: { data: { type: FEDERATED_TYPE, id: EXAMPLE_IDS.federatedCredential, attributes: { allow_token_reuse: false } } },
    responses: { 200: { description: 'The federated credential', schema: schema.federatedCredentialDocument, headers: ['ETag'] } },
    async handle({ req, res: out, core, principal, params, query, body }) {
      assertTarget(body.data, FEDERATED_TYPE, params.federatedCredentialId);
      assertAccount(body.data, params.id);
      const changes = changesOf(body.data.attributes ?? {});
      const updated = await pointed(
        core.updateFederatedCredential(principal, params.id, params.federatedCredentialId, changes, expectedVersion(req)),
      );
      sendRule(req, out, 200, updated, query);
    },
  }),
  operation<DeleteDocument>({
    method: 'delete',
    path: RULE,
    summary: 'Delete a federated credential',
    needs: 'keys:write',
    operationId: 'deleteFederatedCredential',
    tag,
    ifMatch: true,
    description: FEDERATION_WORDS.delete,
    query: queries.noQuery,
    body: deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    async handle({ req, res: out, core, principal, params, body }) {
      readDelete(body, FEDERATED_TYPE, params.federatedCredentialId);
      await core.deleteFederatedCredential(principal, params.id, params.federatedCredentialId, expectedVersion(req));
      sendDeleted(req, out, FEDERATED_TYPE, params.federatedCredentialId);
    },
  }),
];
