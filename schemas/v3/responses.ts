// v3 response documents (docs/reference/v3.md): JSON:API 1.1, closed wherever our shape is closed so
// any drift between the server and its OpenAPI document shows. Sparse fieldsets may drop any
// attribute or relationship, so those members are listed but never required.
import { about, closed, optionalText, optionalTimestamp, text, timestamp, uuid } from '../common/fields';
import { HTTP_STATUS } from '../../src/http/status';

const uri = { type: 'string', format: 'uri' } as const;
const optionalUri = { type: ['string', 'null'], format: 'uri' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const optionalCount = { type: ['integer', 'null'], minimum: 0 } as const;
export const jsonapi = about('The JSON:API version the document follows.', closed({ version: about('Always 1.1.', { const: '1.1' }) }));

/** Closed, but with nothing required: what sparse fieldsets leave of attributes and relationships. */
const sparse = (properties: Record<string, object>) => closed(properties, Object.keys(properties));

// The members every resource object has; what each holds is said where the resource is.
const typeOf = (type: string) => about(`Always \`${type}\`.`, { const: type });
const idOf = (what: string) => about(`The ${what}'s id.`, uuid);
const attributesOf = (what: string, properties: Record<string, object>) =>
  about(`The ${what}'s attributes (those \`fields[…]\` asked for).`, sparse(properties));
const metaOf = (what: string, properties: Record<string, object>, optional: string[] = []) =>
  about(`What the server keeps about the ${what}.`, closed(properties, optional));
const relationshipsOf = (what: string, properties: Record<string, object>) => about(`What the ${what} is linked to.`, sparse(properties));
const resourceLinks = about('Links of the resource.', closed({ self: about('Its URL.', uri) }));
const createdAt = about('When it was made.', timestamp);
const updatedAt = about('When it last changed.', timestamp);

const identifier = (type: string, what: string) => about(`A ${what}, by type and id.`, closed({ type: typeOf(type), id: idOf(what) }));
/** A to-many relationship names at most 100 resources (issue 25); `meta.truncated` says there are more, `links.related` pages them. */
const truncatedMeta = about(
  'Only when the relationship names fewer resources than there are.',
  closed({ truncated: about('Always true: more exist than the 100 named; `links.related` pages them all.', { const: true }) }),
);
const accountIdentifier = identifier('service-accounts', 'service account');
const keyIdentifier = identifier('service-account-keys', 'key');
const toAccount = about(
  'The service account it belongs to.',
  closed({
    data: accountIdentifier,
    links: about('Where to read it.', closed({ related: about("The service account's URL.", uri) })),
  }),
);

export const account = about(
  'A `service-accounts` resource: a machine identity of the organization.',
  closed({
    type: typeOf('service-accounts'),
    id: idOf('service account'),
    attributes: attributesOf('service account', {
      name: about('Its name, unique in the organization.', text),
      description: about('What it is for; null for none.', optionalText),
      enabled: about('false while it is disabled: none of its keys works then.', { type: 'boolean' }),
      email: about('Its generated address (`<name>@<organization id>.<domain>`), unique in the organization; read-only.', {
        type: 'string',
        format: 'email',
      }),
    }),
    // effective_permissions: on single-resource responses only (its own and its groups' roles').
    meta: metaOf(
      'service account',
      {
        created_at: createdAt,
        updated_at: updatedAt,
        effective_permissions: about("What it may do: its own permissions and its groups' roles' (single-resource responses only).", {
          type: 'array',
          items: text,
        }),
      },
      ['effective_permissions'],
    ),
    relationships: relationshipsOf('service account', {
      keys: about(
        'Its keys (revoked ones are gone), the first 100.',
        closed(
          {
            data: about('The keys, by type and id.', { type: 'array', items: keyIdentifier, maxItems: 100 }),
            links: about(
              'Where to read them.',
              closed({
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
        closed(
          {
            data: about('The groups, by type and id.', { type: 'array', items: identifier('groups', 'group'), maxItems: 100 }),
            links: about('Where to read them.', closed({ related: about('Its groups, as a page of groups.', uri) })),
            meta: truncatedMeta,
          },
          ['meta'],
        ),
      ),
      'federated-credentials': about(
        'Its federated credentials: the outside token issuers and subjects it trusts (issue 31).',
        closed({
          data: about('The federated credentials, by type and id.', {
            type: 'array',
            items: identifier('federated-credentials', 'federated credential'),
          }),
          links: about('Where to read them.', closed({ related: about("The federated credentials' URL.", uri) })),
        }),
      ),
    }),
    links: resourceLinks,
  }),
);

const keyAttributes = {
  client_id: about("Its account's client id: the user name of Basic authentication and OAuth2's `client_id`.", uuid),
  enabled: about('false while the key is disabled: it does not work then (PATCH enables it again).', { type: 'boolean' }),
  created_at: about('When it was made (as `meta.created_at`; Ctrl-Hub clients read it here).', timestamp),
};
const keyResource = (description: string, attributes: Record<string, object>) =>
  about(
    description,
    closed({
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
    {
      type: 'string',
      pattern: '^iamg_',
    },
  ),
});

/** Header or query parameter name → its values (Ctrl-Hub's shape). */
const valueLists = { type: 'object', additionalProperties: { type: 'array', items: text } } as const;
const principalObject = about('The service account that acted.', closed({ type: typeOf('service-accounts'), id: idOf('service account') }));
const reportPrincipal = about(
  'A report of a leaked secret: no account acted.',
  closed({
    type: about('`secret-scanning` or `public-revocation`.', { type: 'string', enum: ['secret-scanning', 'public-revocation'] }),
    id: about('Always null: no account acted.', { type: 'null' }),
  }),
);

/** One request a service account made (Ctrl-Hub's request logs); every secret in it reads "redacted". */
export const log = about(
  'A `logs` resource: one request a service account made, as it came and as it was answered; every secret reads "redacted".',
  closed({
    type: typeOf('logs'),
    id: idOf('request log'),
    attributes: attributesOf('request log', {
      actor: principalObject,
      duration: about("Milliseconds, from the request's arrival to its response's last byte.", { type: 'number', minimum: 0 }),
      request: about(
        'The request.',
        closed({
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
        closed({
          time: about('When it was sent.', timestamp),
          body: about('Its body as text (secrets redacted, long bodies cut).', text),
          headers: about('Its headers, by lower-case name.', valueLists),
          status: about('Its HTTP status.', { type: 'integer', minimum: 100, maximum: 599 }),
        }),
      ),
    }),
    meta: metaOf('request log', {
      created_at: about('When it was recorded.', timestamp),
      request_id: about("The request's id (its `X-Request-Id`).", text),
      dialect: about('The dialect it came through (`v1`, `v2`, `v3`, `oauth2`, `forward-auth`).', text),
      route: about('The route it matched, as express names it; null when it matched none.', optionalText),
      key_id: about('The key it authenticated with; null when none did.', { type: ['string', 'null'], format: 'uuid' }),
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
  closed({
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
        closed({
          type: about('Its type (`service-accounts`, `service-account-keys`, `roles`, `groups`, `federated-credentials` …).', text),
          id: about('Its id.', uuid),
          name: about('Its name when the change was made; null when it has none.', optionalText),
        }),
      ),
      values: about('Each changed field before and after.', {
        type: 'array',
        items: closed({
          field: about("The field's name.", text),
          before: about('Its value before; null when it had none.', {}),
          after: about('Its value after; null when it has none.', {}),
          data_type: about('The JSON type of the values.', {
            type: 'string',
            enum: ['string', 'number', 'boolean', 'array', 'object', 'null'],
          }),
        }),
      }),
      principal: about(
        'Who made the change: the service account that acted; a report of a leaked secret (`secret-scanning`: a partner such as ' +
          'GitHub; `public-revocation`: anyone), whose `id` is null; null for the system (the first start, the CLI).',
        { oneOf: [principalObject, reportPrincipal, { type: 'null' }] },
      ),
      request_id: about('The request that made it; null for the system.', optionalText),
      context: about(
        'Where the request came from.',
        closed(
          {
            client_ip: about('Its address; null for the system.', optionalText),
            user_agent: about('Its User-Agent; null when none was sent.', optionalText),
            report: about(
              'Where a secret-scanning report says the leaked secret was found (`secret-scanning` events only).',
              closed({
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
        closed({
          data: about('The organization, by type and id.', closed({ type: typeOf('organisations'), id: idOf('organization') })),
        }),
      ),
    }),
  }),
);

/** The caller (GET /v3/iam/whoami): what it is, and what it may use now. */
export const whoami = about(
  'The calling service account, with its organization, role and the scopes its credential can use now.',
  closed({
    type: typeOf('service-accounts'),
    id: idOf('service account'),
    attributes: about(
      "The caller's attributes.",
      closed({
        name: about('Its name.', text),
        email: about('Its generated address.', { type: 'string', format: 'email' }),
        enabled: about('Always true: a disabled account cannot call.', { type: 'boolean' }),
      }),
    ),
    meta: about(
      'What the credential is and may do.',
      closed({
        organisation_id: about("The caller's organization: the `{orgId}` of its paths.", uuid),
        role: about("The account's organizational role.", text),
        scopes: about('What the credential can use right now: fewer than the account holds for a capped key or a narrowed token.', {
          type: 'array',
          items: text,
        }),
        capped: about(
          'true when the credential is limited to `scopes` (a key made with explicit scopes, a narrowed token, a v1 read key): it ' +
            "grants no Admin or UserAdmin role and only permissions `scopes` covers. false: the account's whole power; an " +
            'uncapped Admin may grant any permission.',
          { type: 'boolean' },
        ),
      }),
    ),
    links: resourceLinks,
  }),
);

/** A named bundle of permissions: a built-in one (`custom: false`) or the organization's own. */
export const role = about(
  "A `roles` resource: a named bundle of permissions, built in (`custom: false`) or the organization's own.",
  closed({
    type: typeOf('roles'),
    id: idOf('role'),
    attributes: attributesOf('role', {
      name: about("Its name, unique among the organization's roles.", text),
      description: about('What it is for; null for none.', optionalText),
      custom: about("true for the organization's own roles, false for the built-in ones (which cannot change).", { type: 'boolean' }),
      launch_stage: about("Always `GA` (Ctrl-Hub's member).", { type: 'string', enum: ['GA'] }),
      permissions: about('What the role grants.', { type: 'array', items: text }),
    }),
    meta: metaOf('role', { created_at: createdAt, updated_at: updatedAt }),
    relationships: about('None: groups name the roles they bind.', closed({})),
    links: resourceLinks,
  }),
);

/** A role group: `bindings` name roles (by id), granted to every service account in it. */
export const group = about(
  'A `groups` resource: the roles it binds are granted to every service account in it.',
  closed({
    type: typeOf('groups'),
    id: idOf('group'),
    attributes: attributesOf('group', {
      name: about('Its name, unique in the organization.', text),
      description: about('What it is for; null for none.', optionalText),
      bindings: about('The roles it grants its members.', {
        type: 'array',
        items: closed({ id: about("The binding's id.", uuid), role: about("The bound role's id.", uuid) }),
      }),
    }),
    meta: metaOf('group', { created_at: createdAt, updated_at: updatedAt }),
    relationships: relationshipsOf('group', {
      service_accounts: about(
        'Its members, the first 100 (in id order).',
        closed(
          {
            data: about('The members, by type and id.', { type: 'array', items: accountIdentifier, maxItems: 100 }),
            links: about(
              'Where to read and change them.',
              closed({
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
export const document = (members: Record<string, object>, optional: string[] = []) =>
  closed({ ...members, meta: about(aboutTheResponse, closed(documentMeta)), jsonapi }, optional);
export const selfLinks = about('Links of the document.', closed({ self: about("This document's URL.", uri) }));
export const many = (description: string, items: object) => ({ type: 'array', items, description });
const pageLinks = (last: boolean) =>
  about(
    'Links to this page and its neighbours (null where there is none).',
    closed({
      self: about('This page.', uri),
      first: about('The first page.', uri),
      prev: about('The page before; null on the first.', optionalUri),
      next: about('The page after; null on the last.', optionalUri),
      ...(last ? { last: about('The last page.', uri) } : {}),
    }),
  );

const pageProperties = {
  current_page: about("This page's number, from 1.", { type: 'integer', minimum: 1 }),
  requested: about(
    'The page asked for.',
    closed({ limit: about('Its size.', { type: 'integer', minimum: 1 }), offset: about('How many items it skips.', count) }),
  ),
  offsets: about(
    'The offsets of the neighbouring pages.',
    closed({
      next: about("The next page's; null on the last.", optionalCount),
      previous: about("The previous page's; null on the first.", optionalCount),
    }),
  ),
};
const counts = about(
  'How big the whole list is.',
  closed({ resources: about('How many items.', count), pages: about('How many pages of this size.', count) }),
);

/** Ctrl-Hub's `meta.features`: the include paths a collection offers. */
const features = about(
  'What the collection offers.',
  closed({
    include: about('What `include` may name.', closed({ options: about('The relationship paths.', { type: 'array', items: text }) })),
  }),
);

/** Offset pages with a known total: counts and a `last` link. */
export const accountCollection = about(
  'A page of service accounts.',
  closed(
    {
      data: many('The accounts.', account),
      included: many('With `include`: their keys and groups.', { oneOf: [key, group] }),
      links: pageLinks(true),
      meta: about(
        aboutTheResponse,
        closed({
          ...documentMeta,
          features,
          pagination: about('Where this page is in the list.', closed({ ...pageProperties, counts })),
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
      included: many('With `include`: its keys and groups.', { oneOf: [key, group] }),
      links: selfLinks,
    },
    ['included'],
  ),
);
export const createdAccountDocument = about(
  'A new service account, and its first key with the secret.',
  document({
    data: account,
    included: { ...many('Its first key, with `client_secret`: the only time it is shown.', issuedKey), minItems: 1, maxItems: 1 },
  }),
);
export const keyDocument = about('One key.', document({ data: key, links: selfLinks }));
export const issuedKeyDocument = about('A new key, with its secret.', document({ data: issuedKey, links: selfLinks }));
export const keyCollection = about(
  "An account's keys.",
  closed({
    data: many('The keys, oldest first.', key),
    links: selfLinks,
    meta: about(aboutTheResponse, closed({ ...documentMeta, features })),
    jsonapi,
  }),
);
export const keyIdentifiers = about(
  "An account's keys, by type and id.",
  document({
    data: many('The keys.', keyIdentifier),
    links: about(
      'Links of the relationship.',
      closed({ self: about("The relationship's URL.", uri), related: about("The keys' URL.", uri) }),
    ),
  }),
);

/** Offset pages of a history read from its newest end: no total is counted, so no counts and no `last`. */
export const historyPage = (description: string, item: object) =>
  about(
    description,
    closed({
      data: many("This page's items, newest first.", item),
      links: pageLinks(false),
      meta: about(
        aboutTheResponse,
        closed({ ...documentMeta, features, pagination: about('Where this page is in the list.', closed(pageProperties)) }),
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
  closed(
    {
      status: about('The HTTP status, as a string.', { type: 'string', enum: [...new Set(Object.values(HTTP_STATUS))].map(String) }),
      code: about('The error code (/docs/errors).', { type: 'string', enum: Object.keys(HTTP_STATUS) }),
      title: about("The HTTP status's reason phrase.", text),
      detail: about('What is wrong.', text),
      source: about('Where the problem is: a JSON pointer into the body, or a query parameter.', {
        oneOf: [
          closed({ pointer: about('A JSON pointer to the member (`/data/attributes/name`).', { type: 'string', pattern: '^(/.*)?$' }) }),
          closed({ parameter: about('The query parameter.', text) }),
        ],
      }),
      meta: about('When the error was answered.', closed({ timestamp: about('When.', timestamp) })),
    },
    ['source'],
  ),
);

export const errorDocument = about(
  'A JSON:API error document: one error object per problem (/docs/errors).',
  document({
    errors: { ...many('The problems: one per field that is not valid, else one.', errorObject), minItems: 1 },
  }),
);

/** Offset pages of roles or groups, with their total. */
export const countedCollection = (description: string, item: object, included?: object) =>
  about(
    description,
    closed(
      {
        data: many("This page's items.", item),
        ...(included ? { included: many('With `include=service_accounts`: the members.', included) } : {}),
        links: pageLinks(true),
        meta: about(
          aboutTheResponse,
          closed(
            {
              ...documentMeta,
              features,
              pagination: about('Where this page is in the list.', closed({ ...pageProperties, counts })),
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
  closed({
    data: { ...many('The members.', accountIdentifier), maxItems: 100 },
    links: about(
      'Links of the relationship: this page, its neighbours (null where there is none) and the group.',
      closed({
        self: about('This page.', uri),
        first: about('The first page.', uri),
        prev: about('The page before; null on the first.', optionalUri),
        next: about('The page after; null on the last.', optionalUri),
        related: about("The group's URL.", uri),
      }),
    ),
    meta: about(
      aboutTheResponse,
      closed({ ...documentMeta, pagination: about('Where this page is in the list.', closed(pageProperties)) }),
    ),
    jsonapi,
  }),
);

/** One account's use of one dialect (issue 18): id `<dialect>:<account id>`. */
export const dialectUsage = about(
  "A `dialect-usage` resource: one account's use of one dialect.",
  closed({
    type: typeOf('dialect-usage'),
    id: about('`<dialect>:<account id>`.', { type: 'string', pattern: '^[a-z][a-z0-9-]*:[0-9a-f-]{36}$' }),
    attributes: about(
      'How much, when, through which keys and routes.',
      closed({
        dialect: about('The dialect.', text),
        name: about("The account's name; null when it has been deleted since.", optionalText),
        requests: about('How many requests it made through the dialect.', { type: 'integer', minimum: 1 }),
        last_used_at: about('When it last did.', timestamp),
        keys: many(
          'The keys it called with.',
          closed({
            id: about("The key's id.", text),
            requests: about('How many requests with it.', { type: 'integer', minimum: 1 }),
            last_used_at: about('When it was last used so.', timestamp),
          }),
        ),
        routes: many(
          'The routes it called.',
          closed({
            method: about('The HTTP method.', text),
            route: about('The route as express names it (`/v1/service-accounts/:id`).', text),
            requests: about('How many requests.', { type: 'integer', minimum: 1 }),
          }),
        ),
      }),
    ),
    relationships: about('The account.', closed({ service_account: toAccount })),
  }),
);
export const usageCollection = countedCollection('A page of dialect-usage resources, most recently used first.', dialectUsage);

/** A successful DELETE (issue 26): no `data`, only what is gone, in `meta`. */
export const deletedDocument = about(
  'What a DELETE removed: a meta-only document (JSON:API 1.1), so that clients which parse every body as JSON can read it.',
  closed({
    meta: about(
      aboutTheResponse,
      closed({
        ...documentMeta,
        deleted: about(
          'The resource that is gone.',
          closed({
            type: about('Its type.', {
              type: 'string',
              enum: ['service-accounts', 'service-account-keys', 'roles', 'groups', 'federated-credentials'],
            }),
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
  closed({
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
  closed({
    type: typeOf('organisations'),
    id: idOf('organization'),
    attributes: attributesOf('organization', { name: about('Its name, unique on the server.', text) }),
    meta: metaOf('organization', { created_at: createdAt }),
    links: resourceLinks,
  }),
);
export const organisationCollection = countedCollection("The caller's organization, as a page of one.", organisation);
export const organisationDocument = about("The caller's organization.", document({ data: organisation, links: selfLinks }));

const statsOf = (type: string, description: string, attributes: Record<string, object>) =>
  about(
    description,
    document({
      data: about(
        `A \`${type}\` resource: figures about the organization.`,
        closed({
          type: typeOf(type),
          id: idOf('organization'),
          attributes: about('The figures.', closed(attributes)),
        }),
      ),
      links: selfLinks,
    }),
  );
export const memberStatsDocument = statsOf('members-stats', "How many members the organization has, of each kind (Ctrl-Hub's shape).", {
  members: about(
    'Members by kind.',
    closed({
      users: about('Always 0: iamgate has no users.', { const: 0 }),
      service_accounts: about('Its service accounts.', count),
    }),
  ),
});
export const accountStatsDocument = statsOf('service-accounts-stats', "The organization's service accounts and keys in figures.", {
  service_accounts: about(
    'Its service accounts.',
    closed({
      total: about('All of them.', count),
      enabled: about('Those enabled.', count),
      disabled: about('Those disabled.', count),
    }),
  ),
  keys: about(
    'Their keys that are not revoked (what v3 lists).',
    closed({ total: about('All of them.', count), enabled: about('Those not disabled.', count) }),
  ),
});
