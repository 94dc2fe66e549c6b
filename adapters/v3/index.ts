import { v3Document } from '../../schemas/v3/api';
import type { Dialect } from '../../src/http/dialect';
import { accountOperations } from './account-operations';
import { groupOperations } from './group-operations';
import { roleOperations } from './role-operations';
import { usageOperations } from './usage-operations';
import { serializeV3Error } from './errors';
import { keyOperations } from './key-operations';
import { rollOperations } from './roll-operations';
import { logOperations } from './log-operations';
import { auditOperations } from './audit-operations';
import { TRACE_HEADER, traceId } from './trace-id';
import { whoamiOperations } from './whoami-operation';
import { memberOperations } from './member-operations';
import { organisationOperations } from './organisation-operations';
import { permissionOperations } from './permission-operations';
import { statsOperations } from './stats-operations';
import { federationOperations } from './federation-operations';
import { checkAccept, checkContentType, JSONAPI_MEDIA_TYPE, varyOnAccept } from './media-type';
import { requireCallersOrganization } from './org-scope';
import { queryReader } from './query-reader';
import { policyOperations } from './policy-operations';
import { webhookOperations } from './webhook-operations';

/** Ctrl-Hub-style JSON:API 1.1 under /v3: an organization's IAM at /v3/orgs/{orgId}/iam. */
export const dialect: Dialect = {
  name: 'v3',
  basePath: '/v3',
  mediaTypes: [JSONAPI_MEDIA_TYPE, 'application/json'],
  before: [traceId, checkContentType, varyOnAccept, checkAccept],
  guards: [requireCallersOrganization],
  vocabulary: {
    readOnlyFields: ['id', 'email', 'created_at', 'updated_at', 'client_id', 'client_secret', 'last_used_at', 'status'],
    scopeAliases: {},
    // Ctrl-Hub's newer reference pages (and its Kotlin SDK) authenticate with X-Session-Token.
    requestHeaders: ['X-Session-Token'],
    credentialHeaders: ['X-Session-Token'],
    responseHeaders: [TRACE_HEADER],
  },
  document: v3Document,
  operations: [
    // Before the accounts: …/service-accounts/stats would otherwise be read as an account's id.
    ...statsOperations,
    ...accountOperations,
    ...keyOperations,
    ...rollOperations,
    ...logOperations,
    ...roleOperations,
    ...groupOperations,
    ...auditOperations,
    ...whoamiOperations,
    ...usageOperations,
    ...permissionOperations,
    ...organisationOperations,
    ...memberOperations,
    ...federationOperations,
    ...policyOperations,
    ...webhookOperations,
  ],
  queryValidator: queryReader,
  serializeError: serializeV3Error,
};
