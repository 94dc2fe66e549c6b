// What the v1 OpenAPI document says of the dialect as a whole; each operation's schemas and
// responses sit in its binding (adapters/v1/*-operations.ts).
import type { Resource } from '../../src/core/catalogue';
import type { DialectDocument } from '../../src/http/dialect';
import type { Tag } from '../../src/http/openapi/api-description';
import * as federation from './federation';
import * as req from './requests';
import * as res from './responses';
import * as roll from './roll';

/** The resources of the v1 document (the catalogue's, in v1's words), each operation under one. */
export const TAGS = {
  accounts: {
    name: 'Service accounts',
    description: 'Service accounts: a name, a description and permissions. v1 makes them without keys.',
  },
  keys: {
    name: 'API keys',
    description: 'Keys of a service account: `scope` "read" or "read-write"; the secret (`key`) is shown once, when the key is made.',
  },
  caller: { name: 'Caller', description: "Who the credential is, and what it can use now (the B3OS client's diagnose call)." },
  organizations: { name: 'Organizations', description: "The caller's own organization: B3OS clients read it to check a token." },
  federatedCredentials: {
    name: 'Federated credentials',
    description: "An account's trust rules for outside OIDC tokens, read-only here (manage them through v2 or v3).",
  },
} satisfies Partial<Record<Resource, Tag>>;

export const v1Document: DialectDocument = {
  title: 'iamgate v1 (legacy)',
  version: '1.0.0',
  description:
    'Legacy (B3OS-style) envelope `{code, data, message, requestId}`; HTTP status always equals `code`, an integer, ' +
    "and `data` is null only on errors (and on DELETE). `GET /v1/whoami` describes the caller (the B3OS client's diagnose call); " +
    "`GET /v1/organizations` is the caller's organization as a one-item page (B3OS docs use it to validate a token). " +
    'Error codes: /docs/errors.',
  mediaType: 'application/json',
  errorMediaType: 'application/json',
  requestMediaTypes: ['application/json'],
  errorSchema: res.error,
  errorExample: (status, code, message) => ({
    code: status,
    data: null,
    message,
    requestId: 'req_6f1d2c3b4a5e6f708192a3b4c5d6e7f8',
    ...(code === 'VALIDATION_ERROR' ? { errors: [{ field: 'name', message: 'must NOT have fewer than 1 characters' }] } : {}),
  }),
  schemas: {
    ServiceAccount: res.account,
    ApiKey: res.apiKey,
    IssuedApiKey: res.issuedApiKey,
    Whoami: res.whoami,
    Organization: res.organization,
    ServiceAccountPage: res.accountPage,
    ApiKeyPage: res.apiKeyPage,
    OrganizationPage: res.organizationPage,
    CreateServiceAccount: req.createServiceAccount,
    UpdateServiceAccount: req.updateServiceAccount,
    CreateApiKey: req.createApiKey,
    ...federation.FEDERATION_SCHEMAS,
    RollApiKey: roll.rollApiKey,
    RolledApiKey: roll.rolledApiKey,
  },
  errorStatuses: [400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 429, 503],
  requestHeaders: [
    {
      name: 'X-Org-ID',
      description:
        "The organization the caller means (B3OS setup calls send it). Optional; any organization but the credential's own → 403.",
    },
  ],
};
