// What the v2 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its binding (adapters/v2/*-operations.ts).
import * as federation from './federation';
import type { DialectDocument } from '../../src/http/dialect';
import { REASON } from '../../src/http/status';
import type { Resource } from '../../src/core/catalogue';
import type { Tag } from '../../src/http/openapi/api-description';
import { HYGIENE_TAGS } from '../common/hygiene';
import * as req from './requests';
import * as res from './responses';
import * as roll from './roll';
import * as usage from './usage';
import * as hygiene from './hygiene';

/** The resources of the v2 document (the catalogue's, in v2's words), each operation under one. */
export const TAGS = {
  accounts: {
    name: 'Service accounts',
    description: 'Service accounts with an organizational role, workspace assignments and credentials; made with their first credential.',
  },
  keys: {
    name: 'Credentials',
    description: "An account's credentials (keys): rotation makes a new one, revoking ends one. A secret is shown once.",
  },
  audit: { name: 'Audit events', description: 'What was changed on an account, by whom, from where, with the values before and after.' },
  workspaces: { name: 'Workspaces', description: "The organization's workspaces, which workspace assignments name." },
  usage: { name: 'Usage', description: 'Who calls which dialect, from the daily sums: what to check before retiring one.' },
  federatedCredentials: {
    name: 'Federated credentials',
    description:
      "An account's trust rules for outside OIDC tokens (a CI job's, a Kubernetes pod's): a matching token is exchanged at /oauth2/token, no secret needed.",
  },
  ...HYGIENE_TAGS,
} satisfies Partial<Record<Resource, Tag>> & Record<string, Tag>;

export const v2Document: DialectDocument = {
  title: 'iamgate v2 (Contraforce-style)',
  version: '2.0.0',
  description:
    '`{data, meta}` envelopes, continuation-token lists and RFC 7807 problem details, whose `type` is the URL of ' +
    "the code's description (`/docs/errors#CODE`, under PUBLIC_URL) and whose `target` names the offending field or parameter. " +
    'Paths may repeat or end in a slash (`/api/v2//service-accounts/`, as a base URL ending in `/api/v2/` gives): the same route answers.',
  mediaType: 'application/json',
  errorMediaType: 'application/problem+json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.problem,
  errorExample: (status, code, message) => ({
    type: `https://iamgate.example/docs/errors#${code}`,
    title: REASON[status] ?? 'Error',
    status,
    detail: message,
    instance: '/api/v2/service-accounts',
    code,
    requestId: 'req_6f1d2c3b4a5e6f708192a3b4c5d6e7f8',
    timestamp: '2026-01-01T12:00:00.000Z',
    ...(code === 'VALIDATION_ERROR' ? { target: 'name', errors: { name: ['must NOT have fewer than 1 characters'] } } : {}),
  }),
  schemas: {
    ServiceAccount: res.account,
    CreatedServiceAccount: res.createdAccount,
    Credential: res.credential,
    IssuedCredential: res.issuedCredential,
    Workspace: res.workspace,
    AuditEvent: res.auditEvent,
    AccountUsage: usage.accountUsage,
    DialectUser: usage.dialectUser,
    CredentialPolicy: hygiene.credentialPolicy,
    Webhook: hygiene.webhook,
    IssuedWebhook: hygiene.issuedWebhook,
    WebhookDelivery: hygiene.webhookDelivery,
    Meta: res.meta,
    Pagination: res.pagination,
    CreateServiceAccount: req.createServiceAccount,
    UpdateServiceAccount: req.updateServiceAccount,
    CreateCredential: req.createCredential,
    CreateWorkspace: req.createWorkspace,
    ...federation.FEDERATION_SCHEMAS,
    RollCredential: roll.rollCredential,
    RolledCredential: roll.rolledCredential,
    PutCredentialPolicy: hygiene.putCredentialPolicy,
    CreateWebhook: hygiene.createWebhook,
    UpdateWebhook: hygiene.updateWebhook,
  },
  errorStatuses: [400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 429, 503],
};
