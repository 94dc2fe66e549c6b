// v1 response bodies (docs/reference/v1.md): the `{code, data, message, requestId}` envelope.
import { closed, optionalText, optionalTimestamp, strings, text, timestamp, uuid } from '../common/fields';
import { API_KEY_SCOPES } from './requests';

export const account = closed({
  id: uuid,
  name: text,
  description: optionalText,
  permissions: strings,
  status: { type: 'string', enum: ['active', 'disabled'] },
  disabledAt: optionalTimestamp,
  organizationId: uuid,
  createdAt: timestamp,
  createdBy: { type: ['string', 'null'] },
  updatedAt: timestamp,
});

const keyFields = {
  name: optionalText,
  description: optionalText,
  scope: { type: 'string', enum: [...API_KEY_SCOPES] },
  enabled: { type: 'boolean' },
  serviceAccountId: uuid,
  createdAt: timestamp,
};
export const apiKey = closed({ id: uuid, ...keyFields });
export const issuedApiKey = closed({ id: uuid, key: { type: 'string', pattern: '^iamg_' }, clientId: text, ...keyFields });

const page = (item: object) => closed({
  items: { type: 'array', items: item },
  limit: { type: 'integer' },
  offset: { type: 'integer' },
  hasMore: { type: 'boolean' },
});

export const envelope = (data: object) => closed({
  code: { const: 200 },
  data,
  message: { const: 'success' },
  requestId: text,
});

/** GET /v1/whoami: the caller (B3OS's diagnose call); `permissions` are what the credential can use now. */
export const whoami = closed({
  serviceAccountId: uuid,
  organizationId: uuid,
  name: text,
  permissions: strings,
  keyId: uuid,
  scope: { type: 'string', enum: [...API_KEY_SCOPES] },
});

/** B3OS's organization shape; iamgate keeps no description or creator for organizations (null). */
export const organization = closed({
  id: uuid,
  slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
  name: text,
  description: optionalText,
  createdBy: { type: ['string', 'null'] },
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const accountPage = page(account);
export const apiKeyPage = page(apiKey);
export const organizationPage = page(organization);

export const error = closed({
  code: { type: 'integer' },
  data: { type: 'null' },
  message: text,
  requestId: text,
  errors: { type: 'array', items: closed({ field: text, message: text }) },
}, ['errors']);
