// v2 response bodies (docs/reference/v2.md). TypeBox schemas: the mapper's renderers return their
// static types, so a field the schema names and the mapper forgets (or the reverse) does not compile.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { about, closedObject, enumOf, nullable, optionalText, optionalTimestamp, strings, text, timestamp, uuid } from '../common/fields';
import { PRINCIPAL_TYPES, ROLES, WORKSPACE_ROLES } from '../../src/core/model';

export const meta = about(
  'About the response: which request, and when.',
  closedObject({
    requestId: about("The request's id, as in `X-Request-Id`.", text),
    timestamp: about('When the response was made.', timestamp),
  }),
);

const credentialFields = {
  id: about("The credential's id.", uuid),
  clientSecretPrefix: about('The first characters of its secret, to tell credentials apart; never the secret.', text),
  status: about(
    '`Active` works; `Disabled`, `Revoked` and `Expired` do not.',
    enumOf(['Active', 'Disabled', 'Revoked', 'Expired'] as const),
  ),
  expirationDate: about('When it stops working; null for never.', optionalTimestamp),
  lastUsedAt: about('When it last authenticated a request; null for never.', optionalTimestamp),
  createdAt: about('When it was made.', timestamp),
  scopes: about('The scopes it is capped to; empty: it can use all its account can.', strings),
  revokedReason: about(
    'Why it was revoked: `leaked` when its secret was reported (secret scanning or public revocation); null otherwise.',
    nullable(enumOf(['leaked'])),
  ),
};
export const credential = about('A credential (key) of a service account, without its secret.', closedObject(credentialFields));

const accountFields = {
  id: about("The account's id.", uuid),
  accountId: about('The organization it belongs to (Contraforce calls it the account).', uuid),
  name: about('Its name, unique in the organization.', text),
  description: about('What it is for; null for none.', optionalText),
  isActive: about('false while it is disabled: none of its credentials works then.', Type.Boolean()),
  organizationalRole: about('Its role in the organization: Admin and UserAdmin manage service accounts.', enumOf(ROLES)),
  clientSecretPrefix: about('The secret prefix of its newest active credential; null when none is active.', optionalText),
  credentialExpirationDate: about('When its newest active credential expires; null for never, or when none is active.', optionalTimestamp),
  workspaceAssignments: about(
    'The workspaces it works in, and its role in each.',
    Type.Array(
      closedObject({
        workspaceId: about("The workspace's id.", uuid),
        workspaceName: about("The workspace's name; null if it is gone.", optionalText),
        role: about('Its role in that workspace.', enumOf(WORKSPACE_ROLES)),
      }),
    ),
  ),
  credentials: about('All its credentials, revoked and expired ones too, oldest first.', Type.Array(credential)),
  lastUsedAt: about('When any of its credentials last authenticated a request; null for never.', optionalTimestamp),
  createdAt: about('When it was made.', timestamp),
  lastModifiedAt: about('When it last changed.', timestamp),
};

const secretFields = {
  clientId: about("The account's client id: the user name of Basic authentication and OAuth2's `client_id`.", uuid),
  clientSecret: about(
    'The secret (`iamg_…`): send it as `Authorization: Bearer`, or as the Basic password. Shown only in this response.',
    Type.String({ pattern: '^iamg_' }),
  ),
};

export const account = about(
  'A service account: a machine identity of the organization, with its role and credentials.',
  closedObject(accountFields),
);
export const createdAccount = about(
  'A new service account, with the client id and secret of its first credential (shown only here).',
  closedObject({ ...secretFields, ...accountFields }),
);
export const issuedCredential = about(
  'A new credential, with its secret (shown only here).',
  closedObject({ ...secretFields, ...credentialFields }),
);
export const workspace = about(
  'A workspace of the organization.',
  closedObject({
    id: about("The workspace's id.", uuid),
    name: about('Its name, unique in the organization.', text),
  }),
);

export const auditEvent = about(
  'One audited change to an account or its credentials.',
  closedObject({
    id: about("The event's id.", uuid),
    action: about('What was done: `service-account.create`, `key.revoke` …', text),
    actorType: about(
      "Who did it: `service-accounts` (a request, or the system when `actorId` is null), `secret-scanning` (a partner's " +
        'report of a leaked secret), `public-revocation` (anyone who sent a leaked secret to `POST /credentials/revoke`) or ' +
        "`policy` (the janitor applying the organization's credential policy).",
      enumOf(PRINCIPAL_TYPES),
    ),
    actorId: about('The account that did it; null for the system (the first start, the CLI) and for reports.', optionalText),
    actorKeyId: about('The key (or the key of the token) it did it with; null for the system.', optionalText),
    dialect: about('The dialect the request came through (`v1`, `v2`, `v3` …), or `system`.', text),
    targetType: about('What was changed: `service-account`, `key` …', text),
    targetId: about('The id of what was changed.', text),
    requestId: about('The request that did it; null for the system.', optionalText),
    changes: about(
      'The changed fields with their new values (secrets never appear).',
      Type.Unsafe<Record<string, unknown>>({ type: 'object' }),
    ),
    values: about(
      'Each changed field before and after (empty for older events).',
      Type.Array(
        closedObject({
          field: about("The field's name.", text),
          before: about('Its value before; null when it had none.', Type.Unknown()),
          after: about('Its value after; null when it has none.', Type.Unknown()),
        }),
      ),
    ),
    clientIp: about('The address the request came from; null for the system.', optionalText),
    userAgent: about("The request's User-Agent; null when none was sent.", optionalText),
    occurredAt: about('When it happened.', timestamp),
  }),
);

export const pagination = about(
  'Where the list goes on.',
  closedObject({
    continuationToken: about('Send it as `continuationToken` for the next page; null on the last page.', optionalText),
    hasMore: about('Whether another page follows.', Type.Boolean()),
  }),
);

/** One item; `data` is described by the schema it is (a named one). */
export const item = <T extends TSchema>(data: T) => closedObject({ data, meta });
export const list = <T extends TSchema>(data: T) => closedObject({ data: about("This page's items.", Type.Array(data)), pagination, meta });

/** The codes a v2 problem may carry (NOT_ACCEPTABLE is BAD_REQUEST in v2). */
const V2_ERROR_CODES = [
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
] as const;

export const problem = about(
  "An RFC 7807 problem document with Contraforce's members (`code`, `requestId`, `timestamp`, `target`, `errors`).",
  closedObject({
    type: about(
      "The URL of the code's description: `<public origin>/docs/errors#<code>`.",
      Type.String({ format: 'uri', pattern: '/docs/errors#[A-Z_]+$' }),
    ),
    title: about("The HTTP status's reason phrase.", text),
    status: about('The HTTP status.', Type.Integer()),
    detail: about('What went wrong.', text),
    instance: about('The path the request was made to.', text),
    code: about('The error code (/docs/errors).', enumOf(V2_ERROR_CODES)),
    requestId: about("The request's id, as in `X-Request-Id`: quote it when reporting a problem.", text),
    timestamp: about('When the error was answered.', timestamp),
    target: Type.Optional(about('The field or query parameter that is not valid (the first, when `errors` names several).', text)),
    errors: Type.Optional(
      about(
        'Each field or query parameter that is not valid, with what is wrong with it.',
        Type.Unsafe<Record<string, string[]>>({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }),
      ),
    ),
  }),
);

export type V2Account = Static<typeof account>;
export type V2CreatedAccount = Static<typeof createdAccount>;
export type V2Credential = Static<typeof credential>;
export type V2IssuedCredential = Static<typeof issuedCredential>;
export type V2Workspace = Static<typeof workspace>;
export type V2AuditEvent = Static<typeof auditEvent>;
