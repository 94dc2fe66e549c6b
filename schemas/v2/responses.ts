// v2 response bodies (docs/reference/v2.md).
import { closed, optionalText, optionalTimestamp, strings, text, timestamp, uuid } from '../common/fields';
import { ROLES, WORKSPACE_ROLES } from '../../src/core/model';

const meta = closed({ requestId: text, timestamp });

export const credential = closed({
  id: uuid,
  clientSecretPrefix: text,
  status: { type: 'string', enum: ['Active', 'Disabled', 'Revoked', 'Expired'] },
  expirationDate: optionalTimestamp,
  lastUsedAt: optionalTimestamp,
  createdAt: timestamp,
  scopes: strings,
});

const accountFields = {
  id: uuid,
  accountId: uuid,
  name: text,
  description: optionalText,
  isActive: { type: 'boolean' },
  organizationalRole: { type: 'string', enum: [...ROLES] },
  clientSecretPrefix: optionalText,
  credentialExpirationDate: optionalTimestamp,
  workspaceAssignments: {
    type: 'array',
    items: closed({ workspaceId: uuid, workspaceName: optionalText, role: { type: 'string', enum: [...WORKSPACE_ROLES] } }),
  },
  credentials: { type: 'array', items: credential },
  lastUsedAt: optionalTimestamp,
  createdAt: timestamp,
  lastModifiedAt: timestamp,
};

const secretFields = { clientId: uuid, clientSecret: { type: 'string', pattern: '^iamg_' } };

export const account = closed(accountFields);
export const createdAccount = closed({ ...secretFields, ...accountFields });
export const issuedCredential = closed({ ...secretFields, ...credential.properties });
export const workspace = closed({ id: uuid, name: text });
export const auditEvent = closed({
  id: uuid,
  action: text,
  actorId: { type: ['string', 'null'] },
  actorKeyId: { type: ['string', 'null'] },
  dialect: text,
  targetType: text,
  targetId: text,
  requestId: optionalText,
  changes: { type: 'object' },
  /** Each changed field before and after (issue 14; empty for older events). */
  values: { type: 'array', items: closed({ field: text, before: {}, after: {} }) },
  clientIp: optionalText,
  userAgent: optionalText,
  occurredAt: timestamp,
});

export const item = (data: object) => closed({ data, meta });
export const list = (data: object) => closed({
  data: { type: 'array', items: data },
  pagination: closed({ continuationToken: optionalText, hasMore: { type: 'boolean' } }),
  meta,
});

export const problem = closed({
  /** The URL of the code's description: `{PUBLIC_URL or the request's origin}/docs/errors#{code}`. */
  type: { type: 'string', format: 'uri', pattern: '/docs/errors#[A-Z_]+$' },
  title: text,
  status: { type: 'integer' },
  detail: text,
  instance: text,
  code: {
    type: 'string',
    enum: ['VALIDATION_ERROR', 'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT', 'PRECONDITION_FAILED',
      'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'GONE', 'UNAVAILABLE', 'INTERNAL_ERROR'],
  },
  requestId: text,
  timestamp,
  /** The offending field or query parameter (the first, when `errors` names several). */
  target: text,
  errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
}, ['target', 'errors']);
