// Core → v3 resource objects. Every member is listed by name; sparse fieldsets then drop the
// attributes and relationships the client did not ask for (meta and links always stay).
import { related, type AccountView, type KeyView, type Related } from '../../src/core/model';
import type { Json } from './document';
import type { V3Urls } from './links';
import type { Fieldsets } from './query';
import { effectivePermissions } from '../../src/core/authorization';
import { ACCOUNT_TYPE, FEDERATED_TYPE, GROUP_TYPE, KEY_TYPE, type ResourceType } from './resource-types';

/** A resource's attributes, meta or relationships: JSON values, listed by name. */
type Members = Record<string, unknown>;

export type ResourceObject = {
  type: ResourceType;
  id: string;
  attributes: Members;
  meta: Members;
  relationships: Members;
  /** Absent for audit events: they have no URL of their own. */
  links?: { self: string };
};

/**
 * Revoked keys are gone as far as v3 is concerned (DELETE revokes them, and a deleted resource
 * does not come back); v1 and v2 still show them with their status.
 */
export function visibleKeys(keys: KeyView[]): KeyView[] {
  return keys.filter((k) => k.status !== 'Revoked');
}

export function sparse(members: Members, wanted: ReadonlySet<string> | undefined): Members {
  if (!wanted) return members;
  return Object.fromEntries(Object.entries(members).filter(([name]) => wanted.has(name)));
}

export function identifier(type: ResourceType, id: string) {
  return { type, id };
}

/**
 * A to-many relationship: at most MAX_RELATED identifiers; when there are more, `meta.truncated`
 * and `links.related` pages the rest (issue 25).
 */
export function toMany(type: ResourceType, shown: Related, links: Record<string, string>): Json {
  return {
    data: shown.ids.map((id) => identifier(type, id)),
    links,
    ...(shown.truncated ? { meta: { truncated: true } } : {}),
  };
}

/** `effective`: the single-resource responses also show what the account can use, groups included. */
export function accountResource(view: AccountView, urls: V3Urls, fields: Fieldsets = {}, effective = false): ResourceObject {
  const { account: a } = view;
  const wanted = fields[ACCOUNT_TYPE];
  const meta: Members = { created_at: a.createdAt, updated_at: a.updatedAt };
  if (effective) meta.effective_permissions = effectivePermissions(a);
  const keys = related(visibleKeys(view.keys).map((k) => k.id));
  const relationships: Members = {
    keys: toMany(KEY_TYPE, keys, { self: urls.keysRelationship(a.id), related: urls.keys(a.id) }),
  };
  if (view.groups) relationships.groups = toMany(GROUP_TYPE, view.groups, { related: urls.groupsOfAccount(a.id) });
  if (view.federatedCredentials) {
    relationships['federated-credentials'] = {
      data: view.federatedCredentials.map((id) => identifier(FEDERATED_TYPE, id)),
      links: { related: `${urls.account(a.id)}/federated-credentials` },
    };
  }
  return {
    type: ACCOUNT_TYPE,
    id: a.id,
    attributes: sparse({ name: a.name, description: a.description, enabled: a.status === 'active', email: a.email }, wanted),
    meta,
    relationships: sparse(relationships, wanted),
    links: { self: urls.account(a.id) },
  };
}

export interface KeyContext {
  /** The account's client id: every key of an account is a secret of that one client. */
  clientId: string;
  /** Only in the response that creates the key. */
  secret?: string;
}

export function keyResource(key: KeyView, ctx: KeyContext, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  // created_at is also in attributes: Ctrl-Hub's SDK reads it there (issue 26); meta keeps it too.
  const attributes: Members = { client_id: ctx.clientId, enabled: key.enabled, created_at: key.createdAt };
  if (ctx.secret !== undefined) attributes.client_secret = ctx.secret;
  return {
    type: KEY_TYPE,
    id: key.id,
    attributes: sparse(attributes, fields[KEY_TYPE]),
    meta: { created_at: key.createdAt, expires_at: key.expiresAt, last_used_at: key.lastUsedAt },
    relationships: sparse(
      {
        'service-account': {
          data: identifier(ACCOUNT_TYPE, key.serviceAccountId),
          links: { related: urls.account(key.serviceAccountId) },
        },
      },
      fields[KEY_TYPE],
    ),
    links: { self: urls.key(key.serviceAccountId, key.id) },
  };
}
