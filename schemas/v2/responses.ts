// v2 response bodies (docs/reference/v2.md).
import { about, closed, optionalText, optionalTimestamp, strings, text, timestamp, uuid } from '../common/fields';
import { ROLES, WORKSPACE_ROLES } from '../../src/core/model';

export const meta = about(
  'About the response: which request, and when.',
  closed({
    requestId: about("The request's id, as in `X-Request-Id`.", text),
    timestamp: about('When the response was made.', timestamp),
  }),
);

const credentialFields = {
  id: about("The credential's id.", uuid),
  clientSecretPrefix: about('The first characters of its secret, to tell credentials apart; never the secret.', text),
  status: about('`Active` works; `Disabled`, `Revoked` and `Expired` do not.', {
    type: 'string',
    enum: ['Active', 'Disabled', 'Revoked', 'Expired'],
  }),
  expirationDate: about('When it stops working; null for never.', optionalTimestamp),
  lastUsedAt: about('When it last authenticated a request; null for never.', optionalTimestamp),
  createdAt: about('When it was made.', timestamp),
  scopes: about('The scopes it is capped to; empty: it can use all its account can.', strings),
};
export const credential = about('A credential (key) of a service account, without its secret.', closed(credentialFields));

const accountFields = {
  id: about("The account's id.", uuid),
  accountId: about('The organization it belongs to (Contraforce calls it the account).', uuid),
  name: about('Its name, unique in the organization.', text),
  description: about('What it is for; null for none.', optionalText),
  isActive: about('false while it is disabled: none of its credentials works then.', { type: 'boolean' }),
  organizationalRole: about('Its role in the organization: Admin and UserAdmin manage service accounts.', {
    type: 'string',
    enum: [...ROLES],
  }),
  clientSecretPrefix: about('The secret prefix of its newest active credential; null when none is active.', optionalText),
  credentialExpirationDate: about('When its newest active credential expires; null for never, or when none is active.', optionalTimestamp),
  workspaceAssignments: about('The workspaces it works in, and its role in each.', {
    type: 'array',
    items: closed({
      workspaceId: about("The workspace's id.", uuid),
      workspaceName: about("The workspace's name; null if it is gone.", optionalText),
      role: about('Its role in that workspace.', { type: 'string', enum: [...WORKSPACE_ROLES] }),
    }),
  }),
  credentials: about('All its credentials, revoked and expired ones too, oldest first.', { type: 'array', items: credential }),
  lastUsedAt: about('When any of its credentials last authenticated a request; null for never.', optionalTimestamp),
  createdAt: about('When it was made.', timestamp),
  lastModifiedAt: about('When it last changed.', timestamp),
};

const secretFields = {
  clientId: about("The account's client id: the user name of Basic authentication and OAuth2's `client_id`.", uuid),
  clientSecret: about('The secret (`iamg_…`): send it as `Authorization: Bearer`, or as the Basic password. Shown only in this response.', {
    type: 'string',
    pattern: '^iamg_',
  }),
};

export const account = about(
  'A service account: a machine identity of the organization, with its role and credentials.',
  closed(accountFields),
);
export const createdAccount = about(
  'A new service account, with the client id and secret of its first credential (shown only here).',
  closed({ ...secretFields, ...accountFields }),
);
export const issuedCredential = about(
  'A new credential, with its secret (shown only here).',
  closed({ ...secretFields, ...credentialFields }),
);
export const workspace = about(
  'A workspace of the organization.',
  closed({
    id: about("The workspace's id.", uuid),
    name: about('Its name, unique in the organization.', text),
  }),
);
export const auditEvent = about(
  'One audited change to an account or its credentials.',
  closed({
    id: about("The event's id.", uuid),
    action: about('What was done: `service-account.create`, `key.revoke` …', text),
    actorId: about('The account that did it; null for the system (the first start, the CLI).', { type: ['string', 'null'] }),
    actorKeyId: about('The key (or the key of the token) it did it with; null for the system.', { type: ['string', 'null'] }),
    dialect: about('The dialect the request came through (`v1`, `v2`, `v3` …), or `system`.', text),
    targetType: about('What was changed: `service-account`, `key` …', text),
    targetId: about('The id of what was changed.', text),
    requestId: about('The request that did it; null for the system.', optionalText),
    changes: about('The changed fields with their new values (secrets never appear).', { type: 'object' }),
    values: about('Each changed field before and after (empty for older events).', {
      type: 'array',
      items: closed({
        field: about("The field's name.", text),
        before: about('Its value before; null when it had none.', {}),
        after: about('Its value after; null when it has none.', {}),
      }),
    }),
    clientIp: about('The address the request came from; null for the system.', optionalText),
    userAgent: about("The request's User-Agent; null when none was sent.", optionalText),
    occurredAt: about('When it happened.', timestamp),
    principalType: about('Who acted when it was no credential: `policy` (the janitor applying the credential policy); null otherwise.', {
      type: ['string', 'null'],
    }),
  }),
);

export const pagination = about(
  'Where the list goes on.',
  closed({
    continuationToken: about('Send it as `continuationToken` for the next page; null on the last page.', optionalText),
    hasMore: about('Whether another page follows.', { type: 'boolean' }),
  }),
);

/** One item; `data` is described by the schema it is (a named one). */
export const item = (data: object) => closed({ data, meta });
export const list = (data: object) =>
  closed({
    data: about("This page's items.", { type: 'array', items: data }),
    pagination,
    meta,
  });

export const problem = about(
  "An RFC 7807 problem document with Contraforce's members (`code`, `requestId`, `timestamp`, `target`, `errors`).",
  closed(
    {
      type: about("The URL of the code's description: `<public origin>/docs/errors#<code>`.", {
        type: 'string',
        format: 'uri',
        pattern: '/docs/errors#[A-Z_]+$',
      }),
      title: about("The HTTP status's reason phrase.", text),
      status: about('The HTTP status.', { type: 'integer' }),
      detail: about('What went wrong.', text),
      instance: about('The path the request was made to.', text),
      code: about('The error code (/docs/errors).', {
        type: 'string',
        enum: [
          'VALIDATION_ERROR',
          'BAD_REQUEST',
          'UNAUTHORIZED',
          'FORBIDDEN',
          'NOT_FOUND',
          'METHOD_NOT_ALLOWED',
          'CONFLICT',
          'PRECONDITION_FAILED',
          'UNSUPPORTED_MEDIA_TYPE',
          'PAYLOAD_TOO_LARGE',
          'HEADERS_TOO_LARGE',
          'RATE_LIMITED',
          'GONE',
          'UNAVAILABLE',
          'INTERNAL_ERROR',
        ],
      }),
      requestId: about("The request's id, as in `X-Request-Id`: quote it when reporting a problem.", text),
      timestamp: about('When the error was answered.', timestamp),
      target: about('The field or query parameter that is not valid (the first, when `errors` names several).', text),
      errors: about('Each field or query parameter that is not valid, with what is wrong with it.', {
        type: 'object',
        additionalProperties: { type: 'array', items: { type: 'string' } },
      }),
    },
    ['target', 'errors'],
  ),
);
