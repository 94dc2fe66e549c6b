import { v1Document } from '../../schemas/v1/api';
import type { Dialect } from '../../src/http/dialect';
import { accountOperations } from './account-operations';
import { callerOperations } from './caller-operations';
import { serializeV1Error } from './errors';
import { federationOperations } from './federation-operations';
import { keyOperations } from './key-operations';
import { requireOwnOrgHeader } from './org-header';
import { rollOperations } from './roll-operations';

/** Legacy v1 (B3OS-style): `{code, data, message, requestId}` envelopes, errors in the same shape. */
export const dialect: Dialect = {
  name: 'v1',
  basePath: '/v1',
  mediaTypes: ['application/json'],
  guards: [requireOwnOrgHeader],
  vocabulary: {
    readOnlyFields: ['id', 'createdAt', 'createdBy', 'updatedAt', 'organizationId', 'status', 'disabledAt', 'key', 'enabled'],
    scopeAliases: {
      'service_account:read': ['read'],
      'service_account:write': ['read', 'write', 'keys:write'],
      'apikey:create': ['keys:write'],
    },
    requestHeaders: ['X-Org-ID'],
  },
  document: v1Document,
  operations: [...accountOperations, ...keyOperations, ...callerOperations, ...federationOperations, ...rollOperations],
  serializeError: serializeV1Error,
};
