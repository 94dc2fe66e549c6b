// v1 response bodies (docs/reference/v1.md): the `{code, data, message, requestId}` envelope. TypeBox
// schemas: the mapper's renderers return their static types, so a field the schema names and the
// mapper forgets (or the reverse) does not compile.
import { Type, type TSchema } from '@sinclair/typebox';
import { about, closedObject, constant, enumOf, optionalText, optionalTimestamp, strings, text, timestamp, uuid } from '../common/fields';
import { API_KEY_SCOPES } from './requests';

export const account = about(
  'A service account: a machine identity of the organization, with permissions and keys.',
  closedObject({
    id: about("The account's id.", uuid),
    name: about('Its name, unique in the organization.', text),
    description: about('What it is for; null for none.', optionalText),
    permissions: about('What it may do (its own permissions; v1 shows no roles or groups).', strings),
    status: about('`disabled`: none of its keys works until it is enabled again.', enumOf(['active', 'disabled'] as const)),
    disabledAt: about('When it was disabled; null while active.', optionalTimestamp),
    organizationId: about('The organization it belongs to.', uuid),
    createdAt: about('When it was made.', timestamp),
    createdBy: about('The id of the account that made it; null when the system did (the first start, the CLI).', optionalText),
    updatedAt: about('When it last changed.', timestamp),
  }),
);

const scope = enumOf(API_KEY_SCOPES);
const keyFields = {
  name: about("The key's name; null for none.", optionalText),
  description: about('What the key is for; null for none.', optionalText),
  scope: about('`read`: a read-only key; `read-write`: all its account can do.', scope),
  enabled: about('false while the key is disabled (through v2 or v3): it does not work then.', Type.Boolean()),
  serviceAccountId: about('The account the key belongs to.', uuid),
  createdAt: about('When the key was made.', timestamp),
  expiresAt: about(
    "When the key stops working; null for never. v1 requests set none, but the organization's credential policy " +
      '(`maxKeyLifetimeDays`) gives every new key its maximum lifetime.',
    optionalTimestamp,
  ),
};
const keyId = about("The key's id.", uuid);
export const apiKey = about('An api key, without its secret.', closedObject({ id: keyId, ...keyFields }));
export const issuedApiKey = about(
  'A new api key with its secret: shown only in the response that makes it.',
  closedObject({
    id: keyId,
    key: about(
      'The secret (`iamg_…`): send it as `Authorization: Bearer`, or as the password of Basic with `clientId`. Shown only here.',
      Type.String({ pattern: '^iamg_' }),
    ),
    clientId: about("The account's client id: the user name of Basic authentication and OAuth2's `client_id`.", text),
    ...keyFields,
  }),
);

const page = <T extends TSchema>(item: T) =>
  about(
    'One page of a list, in offset pages.',
    closedObject({
      items: about("This page's items.", Type.Array(item)),
      limit: about('The page size asked for (or the default).', Type.Integer()),
      offset: about('How many items come before this page.', Type.Integer()),
      hasMore: about('Whether another page follows.', Type.Boolean()),
    }),
  );

/** `data` is described by the schema it is (a named one, or described where the row builds it). */
export const envelope = <T extends TSchema>(data: T) =>
  closedObject({
    code: about('The HTTP status, always 200 on success.', constant(200)),
    data,
    message: about('Always `success` on success.', constant('success')),
    requestId: about("The request's id, as in `X-Request-Id`.", text),
  });

/** GET /v1/whoami: the caller (B3OS's diagnose call); `permissions` are what the credential can use now. */
export const whoami = about(
  'The caller: its account and key, and what the credential can use now.',
  closedObject({
    serviceAccountId: about("The calling account's id.", uuid),
    organizationId: about('Its organization.', uuid),
    name: about("The account's name.", text),
    permissions: about('What the credential can use right now: fewer than the account holds for a read key or a narrowed token.', strings),
    keyId: about('The key the credential is (or that issued the token).', uuid),
    scope: about('`read` for a read-only key (or a token narrowed to reading), else `read-write`.', scope),
  }),
);

/** B3OS's organization shape; iamgate keeps no description or creator for organizations (null). */
export const organization = about(
  'An organization, as B3OS shows one.',
  closedObject({
    id: about("The organization's id.", uuid),
    slug: about(
      'Its name in lower case, words joined by `-`, accents dropped (`ACME Corp.` → `acme-corp`).',
      Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    ),
    name: about('Its name.', text),
    description: about('Always null: iamgate keeps no description of organizations.', optionalText),
    createdBy: about('Always null: organizations are made by the system.', optionalText),
    createdAt: about('When it was made.', timestamp),
    updatedAt: about('The same as `createdAt`: organizations never change.', timestamp),
  }),
);

export const accountPage = page(account);
export const apiKeyPage = page(apiKey);
export const organizationPage = page(organization);

export const error = about(
  "A v1 error: the success envelope's shape, `data` null and `code` the HTTP status (/docs/errors).",
  closedObject({
    code: about('The HTTP status.', Type.Integer()),
    data: about('Always null on errors.', Type.Null()),
    message: about('What went wrong.', text),
    requestId: about("The request's id, as in `X-Request-Id`: quote it when reporting a problem.", text),
    errors: Type.Optional(
      about(
        'Validation errors only: each field that is not valid.',
        Type.Array(
          closedObject({ field: about('The field, as the request named it.', text), message: about('What is wrong with it.', text) }),
        ),
      ),
    ),
  }),
);
