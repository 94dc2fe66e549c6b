// v3 response documents (docs/reference/v3.md): JSON:API 1.1, closed wherever our shape is closed so
// any drift between the server and its OpenAPI document shows. Sparse fieldsets may drop any
// attribute or relationship, so those members are listed but never required. TypeBox schemas, as
// every other dialect's.
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import {
  about,
  closedObject,
  closedObjectWith,
  closedPartial,
  constant,
  enumOf,
  nullable,
  oneOf,
  optionalText,
  optionalTimestamp,
  strings,
  text,
  timestamp,
  uuid,
} from '../common/fields';
import { HTTP_STATUS } from '../../src/http/status';

const uri = Type.String({ format: 'uri' });
const optionalUri = nullable(uri);
const count = Type.Integer({ minimum: 0 });
const optionalCount = nullable(count);
export const jsonapi = about(
  'The JSON:API version the document follows.',
  closedObject({ version: about('Always 1.1.', constant('1.1')) }),
);

// The members every resource object has; what each holds is said where the resource is.
const typeOf = <T extends string>(type: T) => about(`Always \`${type}\`.`, constant(type));
const idOf = (what: string) => about(`The ${what}'s id.`, uuid);
const attributesOf = <P extends TProperties>(what: string, properties: P) =>
  about(`The ${what}'s attributes (those \`fields[…]\` asked for).`, closedPartial(properties));
const metaOf = <P extends TProperties, O extends keyof P & string = never>(what: string, properties: P, optional: readonly O[] = []) =>
  about(`What the server keeps about the ${what}.`, closedObjectWith(properties, optional));
const relationshipsOf = <P extends TProperties>(what: string, properties: P) =>
  about(`What the ${what} is linked to.`, closedPartial(properties));
const resourceLinks = about('Links of the resource.', closedObject({ self: about('Its URL.', uri) }));
const createdAt = about('When it was made.', timestamp);
const updatedAt = about('When it last changed.', timestamp);
/** An array of `items`, described. */
export const many = <T extends TSchema>(description: string, items: T, bounds: { minItems?: number; maxItems?: number } = {}) =>
  about(description, Type.Array(items, bounds));

const identifier = (type: string, what: string) =>
  about(`A ${what}, by type and id.`, closedObject({ type: typeOf(type), id: idOf(what) }));
/** A to-many relationship names at most 100 resources (issue 25); `meta.truncated` says there are more, `links.related` pages them. */
const truncatedMeta = about(
  'Only when the relationship names fewer resources than there are.',
  closedObject({ truncated: about('Always true: more exist than the 100 named; `links.related` pages them all.', constant(true)) }),
);
const accountIdentifier = identifier('service-accounts', 'service account');
const keyIdentifier = identifier('service-account-keys', 'key');
const toAccount = about(
  'The service account it belongs to.',
  closedObject({
    data: accountIdentifier,
    links: about('Where to read it.', closedObject({ related: about("The service account's URL.", uri) })),
  }),
);

export const account = about(
  'A `service-accounts` resource: a machine identity of the organization.',
  closedObject({
    type: typeOf('service-accounts'),
    id: idOf('service account'),
    attributes: attributesOf('service account', {
      name: about('Its name, unique in the organization.', text),
      description: about('What it is for; null for none.', optionalText),
      enabled: about('false while it is disabled: none of its keys works then.', Type.Boolean()),
      email: about(
        'Its generated address (`<name>@<organization id>.<domain>`), unique in the organization; read-only.',
        Type.String({ format: 'email' }),
      ),
    }),
    // effective_permissions: on single-resource responses only (its own and its groups' roles').
    meta: metaOf(
      'service account',
      {
        created_at: createdAt,
        updated_at: updatedAt,
        effective_permissions: about(
          "What it may do: its own permissions and its groups' roles' (single-resource responses only).",
          strings,
        ),
      },
      ['effective_permissions'],
    ),
    relationships: relationshipsOf('service account', {
      keys: about(
        'Its keys (revoked ones are gone), the first 100.',
        closedObjectWith(
          {
            data: many('The keys, by type and id.', keyIdentifier, { maxItems: 100 }),
            links: about(
              'Where to read them.',
              closedObject({
                self: about("The relationship's URL.", uri),
                related: about("The keys' URL.", uri),
              }),
            ),
            meta: truncatedMeta,
          },
          ['meta'],
        ),
      ),
      groups: about(
        'The groups it is a member of, the first 100 (in id order).',
        closedObjectWith(
          {
            data: many('The groups, by type and id.', identifier('groups', 'group'), { maxItems: 100 }),
            links: about('Where to read them.', closedObject({ related: about('Its groups, as a page of groups.', uri) })),
            meta: truncatedMeta,
          },
          ['meta'],
        ),
      ),
      'federated-credentials': about(
        'Its federated credentials: the outside token issuers and subjects it trusts (issue 31).',
        closedObject({
          data: many('The federated credentials, by type and id.', identifier('federated-credentials', 'federated credential')),
          links: about('Where to read them.', closedObject({ related: about("The federated credentials' URL.", uri) })),
        }),
      ),
    }),
    links: resourceLinks,
  }),
);

const keyAttributes = {
  client_id: about("Its account's client id: the user name of Basic authentication and OAuth2's `client_id`.", uuid),
  enabled: about('false while the key is disabled: it does not work then (PATCH enables it again).', Type.Boolean()),
  created_at: about('When it was made (as `meta.created_at`; Ctrl-Hub clients read it here).', timestamp),
};
const keyResource = <P extends TProperties>(description: string, attributes: P) =>
  about(
    description,
    closedObject({
      type: typeOf('service-account-keys'),
      id: idOf('key'),
      attributes: attributesOf('key', attributes),
      meta: metaOf('key', {
        created_at: createdAt,
        expires_at: about('When it stops working; null for never.', optionalTimestamp),
        last_used_at: about('When it last authenticated a request; null for never.', optionalTimestamp),
      }),
      relationships: relationshipsOf('key', { 'service-account': toAccount }),
      links: resourceLinks,
    }),
  );
/** A key as every response but its creation shows it: no secret, ever. */
export const key = keyResource('A `service-account-keys` resource, without its secret.', keyAttributes);
/** The key in the response that creates it: the only place its secret appears. */
export const issuedKey = keyResource('A new key, with its secret: shown only in the response that makes it.', {
  ...keyAttributes,
  client_secret: about(
    'The secret (`iamg_…`): send it as `Authorization: Bearer` or `X-Session-Token`, or as the Basic password. Shown only here.',
    Type.String({ pattern: '^iamg_' }),
  ),
});

/** Header or query parameter name → its values (Ctrl-Hub's shape). */
const valueLists = Type.Unsafe<Record<string, string[]>>({ type: 'object', additionalProperties: strings });
const principalObject = about(
  'The service account that acted.',
  closedObject({ type: typeOf('service-accounts'), id: idOf('service account') }),
);
const noAccountPrincipal = about(
  'A report of a leaked secret, or the credential policy: no account acted.',
  closedObject({
    type: about('`secret-scanning`, `public-revocation` or `policy`.', enumOf(['secret-scanning', 'public-revocation', 'policy'] as const)),
    id: about('Always null: no account acted.', Type.Null()),
  }),
);

/** One request a service account made (Ctrl-Hub's request logs); every secret in it reads "redacted". */
export const log = about(
  'A `logs` resource: one request a service account made, as it came and as it was answered; every secret reads "redacted".',
  closedObject({
    type: typeOf('logs'),
    id: idOf('request log'),
    attributes: attributesOf('request log', {
      actor: principalObject,
      duration: about("Milliseconds, from the request's arrival to its response's last byte.", Type.Number({ minimum: 0 })),
      request: about(
        'The request.',
        closedObject({
          time: about('When it arrived.', timestamp),
          headers: about('Its headers, by lower-case name (credentials redacted).', valueLists),
          body: about('Its body as text (secrets redacted, long bodies cut).', text),
          path: about('Its path.', text),
          query: about('Its query parameters, by name.', valueLists),
          raw_query: about('Its query string as sent, without `?`.', text),
          method: about('Its HTTP method.', text),
          content_length: about("Its body's length in bytes.", count),
        }),
      ),
      response: about(
        'The response.',
        closedObject({
          time: about('When it was sent.', timestamp),
          body: about('Its body as text (secrets redacted, long bodies cut).', text),
          headers: about('Its headers, by lower-case name.', valueLists),
          status: about('Its HTTP status.', Type.Integer({ minimum: 100, maximum: 599 })),
        }),
      ),
    }),
    meta: metaOf('request log', {
      created_at: about('When it was recorded.', timestamp),
      request_id: about("The request's id (its `X-Request-Id`).", text),
      dialect: about('The dialect it came through (`v1`, `v2`, `v3`, `oauth2`, `forward-auth`).', text),
      route: about('The route it matched, as express names it; null when it matched none.', optionalText),
      key_id: about('The key it authenticated with; null when none did.', nullable(uuid)),
      client_ip: about('The address it came from.', optionalText),
    }),
    relationships: relationshipsOf('request log', {
      service_account: toAccount,
      actor: about('The service account that made the request.', toAccount),
    }),
    links: resourceLinks,
  }),
);

/** One audited change in the organization (Ctrl-Hub's audit events); `values` never hold a secret. */
export const auditEvent = about(
  'An `audit-events` resource: one audited change in the organization; `values` never hold a secret.',
  closedObject({
    type: typeOf('audit-events'),
    id: idOf('audit event'),
    attributes: attributesOf('audit event', {
      time: about('When the change was made.', timestamp),
      operation: about(
        'What was done: `create`, `update`, `delete`, `enable`, `disable`, `revoke`, `roll`, `add`, `remove`, `rotate`; `exchange` ' +
          "(a federated credential admitted an outside token); the janitor's `expiring`, `over-lifetime`.",
        text,
      ),
      resource: about(
        'What was changed.',
        closedObject({
          type: about('Its type (`service-accounts`, `service-account-keys`, `roles`, `groups`, `federated-credentials` …).', text),
          id: about('Its id.', uuid),
          name: about('Its name when the change was made; null when it has none.', optionalText),
        }),
      ),
      values: many(
        'Each changed field before and after.',
        closedObject({
          field: about("The field's name.", text),
          before: about('Its value before; null when it had none.', Type.Unknown()),
          after: about('Its value after; null when it has none.', Type.Unknown()),
          data_type: about('The JSON type of the values.', enumOf(['string', 'number', 'boolean', 'array', 'object', 'null'] as const)),
        }),
      ),
      principal: about(
        'Who made the change: the service account that acted; a report of a leaked secret (`secret-scanning`: a partner such as ' +
          "GitHub; `public-revocation`: anyone) or the janitor applying the organization's credential policy (`policy`), whose " +
          '`id` is null; null for the system (the first start, the CLI).',
        oneOf(principalObject, noAccountPrincipal, Type.Null()),
      ),
      request_id: about('The request that made it; null for the system.', optionalText),
      context: about(
        'Where the request came from.',
        closedObjectWith(
          {
            client_ip: about('Its address; null for the system.', optionalText),
            user_agent: about('Its User-Agent; null when none was sent.', optionalText),
            report: about(
              'Where a secret-scanning report says the leaked secret was found (`secret-scanning` events only).',
              closedObject({
                url: about('The URL the partner found it at; null when it gave none.', optionalText),
                source: about('What kind of place that is (`content`, `commit` …); null when it gave none.', optionalText),
              }),
            ),
          },
          ['report'],
        ),
      ),
    }),
    meta: metaOf('audit event', { created_at: about('When it was recorded.', timestamp) }),
    relationships: relationshipsOf('audit event', {
      organisation: about(
        'The organization it happened in.',
        closedObject({
          data: about('The organization, by type and id.', closedObject({ type: typeOf('organisations'), id: idOf('organization') })),
        }),
      ),
    }),
  }),
);

/** The caller (GET /v3/iam/whoami): what it is, and what it may use now. */
export const whoami = about(
  'The calling service account, with its organization, role and the scopes its credential can use now.',
  closedObject({
    type: typeOf('service-accounts'),
    id: idOf('service account'),
    attributes: about(
      "The caller's attributes.",
      closedObject({
        name: about('Its name.', text),
        email: about('Its generated address.', Type.String({ format: 'email' })),
        enabled: about('Always true: a disabled account cannot call.', Type.Boolean()),
      }),
    ),
    meta: about(
      'What the credential is and may do.',
      closedObject({
        organisation_id: about("The caller's organization: the `{orgId}` of its paths.", uuid),
        role: about("The account's organizational role.", text),
        scopes: about('What the credential can use right now: fewer than the account holds for a capped key or a narrowed token.', strings),
        capped: about(
          'true when the credential is limited to `scopes` (a key made with explicit scopes, a narrowed token, a v1 read key): it ' +
            "grants no Admin or UserAdmin role and only permissions `scopes` covers. false: the account's whole power; an " +
            'uncapped Admin may grant any permission.',
          Type.Boolean(),
        ),
      }),
    ),
    links: resourceLinks,
  }),
);

/** A named bundle of permissions: a built-in one (`custom: false`) or the organization's own. */
export const role = about(
  "A `roles` resource: a named bundle of permissions, built in (`custom: false`) or the organization's own.",
  closedObject({
    type: typeOf('roles'),
    id: idOf('role'),
    attributes: attributesOf('role', {
      name: about("Its name, unique among the organization's roles.", text),
      description: about('What it is for; null for none.', optionalText),
      custom: about("true for the organization's own roles, false for the built-in ones (which cannot change).", Type.Boolean()),
      launch_stage: about("Always `GA` (Ctrl-Hub's member).", enumOf(['GA'] as const)),
      permissions: about('What the role grants.', strings),
    }),
    meta: metaOf('role', { created_at: createdAt, updated_at: updatedAt }),
    relationships: about('None: groups name the roles they bind.', closedObject({})),
    links: resourceLinks,
  }),
);

/** A role group: `bindings` name roles (by id), granted to every service account in it. */
export const group = about(
  'A `groups` resource: the roles it binds are granted to every service account in it.',
  closedObject({
    type: typeOf('groups'),
    id: idOf('group'),
    attributes: attributesOf('group', {
      name: about('Its name, unique in the organization.', text),
      description: about('What it is for; null for none.', optionalText),
      bindings: many(
        'The roles it grants its members.',
        closedObject({ id: about("The binding's id.", uuid), role: about("The bound role's id.", uuid) }),
      ),
    }),
    meta: metaOf('group', { created_at: createdAt, updated_at: updatedAt }),
    relationships: relationshipsOf('group', {
      service_accounts: about(
        'Its members, the first 100 (in id order).',
        closedObjectWith(
          {
            data: many('The members, by type and id.', accountIdentifier, { maxItems: 100 }),
            links: about(
              'Where to read and change them.',
              closedObject({
                self: about("The relationship's URL (where to change them; pages of identifiers).", uri),
                related: about('Its members, as a page of service accounts.', uri),
              }),
            ),
            meta: truncatedMeta,
          },
          ['meta'],
        ),
      ),
    }),
    links: resourceLinks,
  }),
);

/** Every document carries the request id in `meta` and `jsonapi: {version: "1.1"}`. */
const documentMeta = { request_id: about("The request's id, as in `X-Request-Id`.", text) };
const aboutTheResponse = 'About the response.';
export const document = <P extends TProperties, O extends keyof P & string = never>(members: P, optional: readonly O[] = []) =>
  closedObjectWith({ ...members, meta: about(aboutTheResponse, closedObject(documentMeta)), jsonapi }, optional);
export const selfLinks = about('Links of the document.', closedObject({ self: about("This document's URL.", uri) }));
const neighbours = {
  self: about('This page.', uri),
  first: about('The first page.', uri),
  prev: about('The page before; null on the first.', optionalUri),
  next: about('The page after; null on the last.', optionalUri),
};
const pageLinks = (last: boolean) =>
  about(
    'Links to this page and its neighbours (null where there is none).',
    closedObject({ ...neighbours, ...(last ? { last: about('The last page.', uri) } : {}) }),
  );

const pageProperties = {
  current_page: about("This page's number, from 1.", Type.Integer({ minimum: 1 })),
  requested: about(
    'The page asked for.',
    closedObject({ limit: about('Its size.', Type.Integer({ minimum: 1 })), offset: about('How many items it skips.', count) }),
  ),
  offsets: about(
    'The offsets of the neighbouring pages.',
    closedObject({
      next: about("The next page's; null on the last.", optionalCount),
      previous: about("The previous page's; null on the first.", optionalCount),
    }),
  ),
};
const counts = about(
  'How big the whole list is.',
  closedObject({ resources: about('How many items.', count), pages: about('How many pages of this size.', count) }),
);

/** Ctrl-Hub's `meta.features`: the include paths a collection offers. */
const features = about(
  'What the collection offers.',
  closedObject({
    include: about('What `include` may name.', closedObject({ options: about('The relationship paths.', strings) })),
  }),
);

/** Offset pages with a known total: counts and a `last` link. */
export const accountCollection = about(
  'A page of service accounts.',
  closedObjectWith(
    {
      data: many('The accounts.', account),
      included: many('With `include`: their keys and groups.', oneOf(key, group)),
      links: pageLinks(true),
      meta: about(
        aboutTheResponse,
        closedObject({
          ...documentMeta,
          features,
          pagination: about('Where this page is in the list.', closedObject({ ...pageProperties, counts })),
        }),
      ),
      jsonapi,
    },
    ['included'],
  ),
);

export const accountDocument = about(
  'One service account.',
  document(
    {
      data: account,
      included: many('With `include`: its keys and groups.', oneOf(key, group)),
      links: selfLinks,
    },
    ['included'],
  ),
);
export const createdAccountDocument = about(
  'A new service account, and its first key with the secret.',
  document({
    data: account,
    included: many('Its first key, with `client_secret`: the only time it is shown.', issuedKey, { minItems: 1, maxItems: 1 }),
  }),
);
export const keyDocument = about('One key.', document({ data: key, links: selfLinks }));
export const issuedKeyDocument = about('A new key, with its secret.', document({ data: issuedKey, links: selfLinks }));
export const keyCollection = about(
  "An account's keys.",
  closedObject({
    data: many('The keys, oldest first.', key),
    links: selfLinks,
    meta: about(aboutTheResponse, closedObject({ ...documentMeta, features })),
    jsonapi,
  }),
);
export const keyIdentifiers = about(
  "An account's keys, by type and id.",
  document({
    data: many('The keys.', keyIdentifier),
    links: about(
      'Links of the relationship.',
      closedObject({ self: about("The relationship's URL.", uri), related: about("The keys' URL.", uri) }),
    ),
  }),
);

/** Offset pages of a history read from its newest end: no total is counted, so no counts and no `last`. */
export const historyPage = <T extends TSchema>(description: string, item: T) =>
  about(
    description,
    closedObject({
      data: many("This page's items, newest first.", item),
      links: pageLinks(false),
      meta: about(
        aboutTheResponse,
        closedObject({ ...documentMeta, features, pagination: about('Where this page is in the list.', closedObject(pageProperties)) }),
      ),
      jsonapi,
    }),
  );
export const logCollection = historyPage("A page of an account's request logs.", log);
export const logDocument = about('One request log.', document({ data: log, links: selfLinks }));
export const auditEventCollection = historyPage("A page of the organization's audit events.", auditEvent);
export const whoamiDocument = about('The caller.', document({ data: whoami, links: selfLinks }));

const errorObject = about(
  'One problem with the request.',
  closedObjectWith(
    {
      status: about('The HTTP status, as a string.', enumOf([...new Set(Object.values(HTTP_STATUS))].map(String))),
      code: about('The error code (/docs/errors).', enumOf(Object.keys(HTTP_STATUS))),
      title: about("The HTTP status's reason phrase.", text),
      detail: about('What is wrong.', text),
      source: about(
        'Where the problem is: a JSON pointer into the body, or a query parameter.',
        oneOf(
          closedObject({ pointer: about('A JSON pointer to the member (`/data/attributes/name`).', Type.String({ pattern: '^(/.*)?$' })) }),
          closedObject({ parameter: about('The query parameter.', text) }),
        ),
      ),
      meta: about('When the error was answered.', closedObject({ timestamp: about('When.', timestamp) })),
    },
    ['source'],
  ),
);

export const errorDocument = about(
  'A JSON:API error document: one error object per problem (/docs/errors).',
  document({
    errors: many('The problems: one per field that is not valid, else one.', errorObject, { minItems: 1 }),
  }),
);

/** Offset pages of roles or groups, with their total. */
export const countedCollection = <T extends TSchema>(description: string, item: T, included?: TSchema) =>
  about(
    description,
    closedObjectWith(
      {
        data: many("This page's items.", item),
        ...(included ? { included: many('With `include=service_accounts`: the members.', included) } : {}),
        links: pageLinks(true),
        meta: about(
          aboutTheResponse,
          closedObjectWith(
            {
              ...documentMeta,
              features,
              pagination: about('Where this page is in the list.', closedObject({ ...pageProperties, counts })),
            },
            ['features'],
          ),
        ),
        jsonapi,
      },
      included ? ['included'] : [],
    ),
  );

export const roleCollection = countedCollection('A page of roles.', role);
export const roleDocument = about('One role.', document({ data: role, links: selfLinks }));
export const groupCollection = countedCollection('A page of groups.', group, account);
export const groupDocument = about(
  'One group.',
  document(
    {
      data: group,
      included: many('With `include=service_accounts`: its members.', account),
      links: selfLinks,
    },
    ['included'],
  ),
);
export const groupMembers = about(
  "A page of a group's members, by type and id (in id order, up to 100).",
  closedObject({
    data: many('The members.', accountIdentifier, { maxItems: 100 }),
    links: about(
      'Links of the relationship: this page, its neighbours (null where there is none) and the group.',
      closedObject({ ...neighbours, related: about("The group's URL.", uri) }),
    ),
    meta: about(
      aboutTheResponse,
      closedObject({ ...documentMeta, pagination: about('Where this page is in the list.', closedObject(pageProperties)) }),
    ),
    jsonapi,
  }),
);

/** One account's use of one dialect (issue 18): id `<dialect>:<account id>`. */
export const dialectUsage = about(
  "A `dialect-usage` resource: one account's use of one dialect.",
  closedObject({
    type: typeOf('dialect-usage'),
    id: about('`<dialect>:<account id>`.', Type.String({ pattern: '^[a-z][a-z0-9-]*:[0-9a-f-]{36}$' })),
    attributes: about(
      'How much, when, through which keys and routes.',
      closedObject({
        dialect: about('The dialect.', text),
        name: about("The account's name; null when it has been deleted since.", optionalText),
        requests: about('How many requests it made through the dialect.', Type.Integer({ minimum: 1 })),
        last_used_at: about('When it last did.', timestamp),
        keys: many(
          'The keys it called with.',
          closedObject({
            id: about("The key's id.", text),
            requests: about('How many requests with it.', Type.Integer({ minimum: 1 })),
            last_used_at: about('When it was last used so.', timestamp),
          }),
        ),
        routes: many(
          'The routes it called.',
          closedObject({
            method: about('The HTTP method.', text),
            route: about('The route as express names it (`/v1/service-accounts/:id`).', text),
            requests: about('How many requests.', Type.Integer({ minimum: 1 })),
          }),
        ),
      }),
    ),
    relationships: about('The account.', closedObject({ service_account: toAccount })),
  }),
);
export const usageCollection = countedCollection('A page of dialect-usage resources, most recently used first.', dialectUsage);

/** A successful DELETE (issue 26): no `data`, only what is gone, in `meta`. */
export const deletedDocument = about(
  'What a DELETE removed: a meta-only document (JSON:API 1.1), so that clients which parse every body as JSON can read it.',
  closedObject({
    meta: about(
      aboutTheResponse,
      closedObject({
        ...documentMeta,
        deleted: about(
          'The resource that is gone.',
          closedObject({
            type: about(
              'Its type.',
              enumOf(['service-accounts', 'service-account-keys', 'roles', 'groups', 'federated-credentials', 'webhooks'] as const),
            ),
            id: about('Its id.', uuid),
          }),
        ),
      }),
    ),
    jsonapi,
  }),
);

/** The permission catalogue (issue 26): what iamgate grants itself, and what the organization names. */
export const permission = about(
  "A `permissions` resource: one permission iamgate grants something with, or one the organization's roles or accounts name.",
  closedObject({
    type: typeOf('permissions'),
    id: about('Its name (`service-accounts:read`).', text),
    attributes: attributesOf('permission', {
      name: about('Its name: `<component>:…:<verb>`.', text),
      description: about('What it grants.', text),
      category: about("`iam` for the permissions iamgate grants something with; any other's component.", text),
      component: about('The part of the name before the first `:`.', text),
      verb: about('The part of the name after the last `:`.', text),
    }),
    links: resourceLinks,
  }),
);
export const permissionCollection = countedCollection('A page of permissions, by name.', permission);
export const permissionDocument = about('One permission.', document({ data: permission, links: selfLinks }));

/** The caller's organization, as Ctrl-Hub names it. */
export const organisation = about(
  "An `organisations` resource: the caller's organization.",
  closedObject({
    type: typeOf('organisations'),
    id: idOf('organization'),
    attributes: attributesOf('organization', { name: about('Its name, unique on the server.', text) }),
    meta: metaOf('organization', { created_at: createdAt }),
    links: resourceLinks,
  }),
);
export const organisationCollection = countedCollection("The caller's organization, as a page of one.", organisation);
export const organisationDocument = about("The caller's organization.", document({ data: organisation, links: selfLinks }));

const statsOf = <P extends TProperties>(type: string, description: string, attributes: P) =>
  about(
    description,
    document({
      data: about(
        `A \`${type}\` resource: figures about the organization.`,
        closedObject({
          type: typeOf(type),
          id: idOf('organization'),
          attributes: about('The figures.', closedObject(attributes)),
        }),
      ),
      links: selfLinks,
    }),
  );
export const memberStatsDocument = statsOf('members-stats', "How many members the organization has, of each kind (Ctrl-Hub's shape).", {
  members: about(
    'Members by kind.',
    closedObject({
      users: about('Always 0: iamgate has no users.', constant(0)),
      service_accounts: about('Its service accounts.', count),
    }),
  ),
});
export const accountStatsDocument = statsOf('service-accounts-stats', "The organization's service accounts and keys in figures.", {
  service_accounts: about(
    'Its service accounts.',
    closedObject({
      total: about('All of them.', count),
      enabled: about('Those enabled.', count),
      disabled: about('Those disabled.', count),
    }),
  ),
  keys: about(
    'Their keys that are not revoked (what v3 lists).',
    closedObject({ total: about('All of them.', count), enabled: about('Those not disabled.', count) }),
  ),
});
