import { v2Document } from '../../schemas/v2/api';
import type { Dialect } from '../../src/http/dialect';
import { accountOperations } from './account-operations';
import { credentialOperations } from './credential-operations';
import { serializeV2Error } from './errors';
import { usageOperations } from './usage-operations';
import { workspaceOperations } from './workspace-operations';
import { federationOperations } from './federation-operations';
import { rollOperations } from './roll-operations';
import { policyOperations } from './policy-operations';
import { webhookOperations } from './webhook-operations';

/** Contraforce-style v2: `{data, meta}` envelopes and RFC 7807 problems. */
export const dialect: Dialect = {
  name: 'v2',
  basePath: '/api/v2',
  mediaTypes: ['application/json'],
  vocabulary: {
    readOnlyFields: [
      'id',
      'clientId',
      'clientSecret',
      'clientSecretPrefix',
      'email',
      'status',
      'isActive',
      'credentials',
      'credentialExpirationDate',
      'createdAt',
      'lastUsedAt',
      'lastModifiedAt',
      'organizationId',
      'accountId',
    ],
    scopeAliases: { 'org:service-accounts:read': ['read'], 'org:service-accounts:manage': ['read', 'write', 'keys:write'] },
    requestHeaders: [],
  },
  document: v2Document,
  operations: [
    ...accountOperations,
    ...credentialOperations,
    ...workspaceOperations,
    ...usageOperations,
    ...federationOperations,
    ...rollOperations,
    ...policyOperations,
    ...webhookOperations,
  ],
  serializeError: serializeV2Error,
};
