// What the v3 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its row of the operation tables, adapters/v3/*-operations.ts.
import type { Resource } from '../../src/core/catalogue';
import type { DialectDocument } from '../../src/http/dialect';
import type { Tag } from '../../src/http/openapi/api-description';
import { HYGIENE_TAGS } from '../common/hygiene';
import { REASON } from '../../src/http/status';
import * as federation from './federation';
import * as iam from './iam-requests';
import * as req from './requests';
import * as roll from './roll';
import * as res from './responses';
import * as hygiene from './hygiene';

/** The resources of the v3 document (the catalogue's, in v3's words), each operation under one. */
export const TAGS = {
  accounts: {
    name: 'Service accounts',
    description: '`service-accounts` resources: a name, a description, whether enabled, their keys and groups.',
  },
  keys: {
    name: 'Keys',
    description: '`service-account-keys` of an account: rotation makes one, PATCH disables one, DELETE revokes it. A secret is shown once.',
  },
  logs: { name: 'Request logs', description: 'The requests an account made, newest first, with their secrets redacted.' },
  roles: { name: 'Roles', description: "Named bundles of permissions: the built-in ones and the organization's own." },
  groups: { name: 'Groups', description: 'Role groups: the roles they bind reach every service account in them.' },
  audit: {
    name: 'Audit events',
    description: "The organization's audit trail: who changed what, from where, with the values before and after.",
  },
  caller: { name: 'Caller', description: 'Who the credential is, and what it can use now.' },
  permissions: {
    name: 'Permissions',
    description: "The permissions iamgate knows: those it grants something with, and those the organization's roles and accounts name.",
  },
  organizations: { name: 'Organisations', description: "The caller's organization (a credential sees its own only)." },
  members: {
    name: 'Members',
    description: "The organization's members: its service accounts (iamgate has no users), and figures about them.",
  },
  usage: { name: 'Usage', description: 'Who calls which dialect, from the daily sums: what to check before retiring one.' },
  federatedCredentials: federation.FEDERATION_TAG,
  ...HYGIENE_TAGS,
} satisfies Partial<Record<Resource, Tag>> & Record<string, Tag>;

const JSONAPI = 'application/vnd.api+json';

export const v3Document: DialectDocument = {
  title: 'iamgate v3 (JSON:API, Ctrl-Hub-style)',
  version: '3.0.0',
  description:
    'JSON:API 1.1 documents under one organization. Lists page with `limit`/`offset` or `page[limit]`/`page[offset]`; ' +
    "`include=keys` and sparse fieldsets (`fields[TYPE]`) where listed. A key's `client_secret` appears only in the response that creates it. " +
    'Every route also takes `X-Session-Token: <secret or token>` (Authorization wins when both are sent); every response carries `X-Trace-Id`. ' +
    'Documents may carry `relationships`, `meta` and `links`; read-only members may be repeated unchanged, while a changed one, a relationship ' +
    'set elsewhere or a client-generated `id`/`lid` is 403. `…/logs` are the account\'s request logs (secrets read "redacted"); ' +
    "`/v3/audit-events` is the organization's audit trail; `/v3/iam/whoami` the caller. A successful DELETE answers 200 with " +
    '`meta.deleted: {type, id}` and no `data`.',
  mediaType: JSONAPI,
  errorMediaType: JSONAPI,
  requestMediaTypes: [JSONAPI, 'application/json'],
  errorSchema: res.errorDocument,
  errorExample: (status, code, message) => ({
    errors: [
      {
        status: String(status),
        code,
        title: REASON[status] ?? 'Error',
        ...(code === 'VALIDATION_ERROR'
          ? { detail: 'name must NOT have fewer than 1 characters', source: { pointer: '/data/attributes/name' } }
          : { detail: message }),
        meta: { timestamp: '2026-01-01T12:00:00.000Z' },
      },
    ],
    meta: { request_id: 'req_6f1d2c3b4a5e6f708192a3b4c5d6e7f8' },
    jsonapi: { version: '1.1' },
  }),
  schemas: {
    ServiceAccount: res.account,
    Key: res.key,
    IssuedKey: res.issuedKey,
    RequestLog: res.log,
    AuditEvent: res.auditEvent,
    Caller: res.whoami,
    Role: res.role,
    Group: res.group,
    DialectUsage: res.dialectUsage,
    JsonApi: res.jsonapi,
    ServiceAccountCollection: res.accountCollection,
    ServiceAccountDocument: res.accountDocument,
    CreatedServiceAccountDocument: res.createdAccountDocument,
    KeyCollection: res.keyCollection,
    KeyDocument: res.keyDocument,
    IssuedKeyDocument: res.issuedKeyDocument,
    KeyIdentifiers: res.keyIdentifiers,
    RequestLogCollection: res.logCollection,
    RequestLogDocument: res.logDocument,
    AuditEventCollection: res.auditEventCollection,
    CallerDocument: res.whoamiDocument,
    RoleCollection: res.roleCollection,
    RoleDocument: res.roleDocument,
    GroupCollection: res.groupCollection,
    GroupDocument: res.groupDocument,
    GroupMembers: res.groupMembers,
    DialectUsageCollection: res.usageCollection,
    DeletedDocument: res.deletedDocument,
    Permission: res.permission,
    PermissionCollection: res.permissionCollection,
    PermissionDocument: res.permissionDocument,
    Organisation: res.organisation,
    OrganisationCollection: res.organisationCollection,
    OrganisationDocument: res.organisationDocument,
    MemberStatsDocument: res.memberStatsDocument,
    ServiceAccountStatsDocument: res.accountStatsDocument,
    CredentialPolicy: hygiene.credentialPolicy,
    CredentialPolicyDocument: hygiene.credentialPolicyDocument,
    Webhook: hygiene.webhook,
    IssuedWebhook: hygiene.issuedWebhook,
    WebhookDocument: hygiene.webhookDocument,
    IssuedWebhookDocument: hygiene.issuedWebhookDocument,
    WebhookCollection: hygiene.webhookCollection,
    WebhookDelivery: hygiene.delivery,
    WebhookDeliveryCollection: hygiene.deliveryCollection,
    UpdateCredentialPolicy: hygiene.updateCredentialPolicy,
    CreateWebhook: hygiene.createWebhook,
    UpdateWebhook: hygiene.updateWebhook,
    CreateServiceAccount: req.createServiceAccount,
    UpdateServiceAccount: req.updateServiceAccount,
    CreateKey: req.createKey,
    UpdateKey: req.updateKey,
    RollKey: roll.rollKey,
    RolledKeyDocument: roll.rolledKeyDocument,
    DeleteResource: req.deleteResource,
    CreateRole: iam.createRole,
    UpdateRole: iam.updateRole,
    CreateGroup: iam.createGroup,
    UpdateGroup: iam.updateGroup,
    MemberIdentifiers: iam.memberIdentifiers,
    MemberOrUserIdentifiers: iam.memberOrUserIdentifiers,
    ...federation.FEDERATION_SCHEMAS,
  },
  headerDescriptions: {
    'X-Trace-Id': "The request's id again (as `X-Request-Id`), where Ctrl-Hub clients read it: quote it when reporting a problem.",
  },
  errorStatuses: [400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 422, 429, 503],
};

/** Everything about one organization's IAM is under this path (the caller's own organization only). */
export const ORG_IAM = '/orgs/{orgId}/iam';

export const ok = (description: string, schema: object, headers?: string[]) => ({ 200: { description, schema, headers } });
/** A 200 with the ETag a later If-Match can name. */
export const okVersioned = (description: string, schema: object) => ok(description, schema, ['ETag']);
export const created = (description: string, schema: object) => ({ 201: { description, schema, headers: ['Location', 'ETag'] } });
/** A DELETE's answer: 200 with a meta-only document naming what is gone (issue 26). */
export const deleted = (description: string) => ({ 200: { description, schema: res.deletedDocument } });
