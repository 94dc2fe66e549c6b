// Core → v3 resource objects. Every member is listed by name; sparse fieldsets then drop the
// attributes and relationships the client did not ask for (meta and links always stay).
import type { AccountView, AuditEvent, KeyView } from '../../src/core/model';
import type { Json } from './document';
import type { V3Urls } from './links';
import type { Fieldsets } from './query';
import { ACCOUNT_TYPE, KEY_TYPE, LOG_TYPE, type ResourceType } from './resource-types';

type Members = Record<string, Json | undefined>;

export type ResourceObject = {
  type: ResourceType;
  id: string;
  attributes: Members;
  meta: Members;
  relationships: Members;
  /** Absent for log entries: they have no URL of their own. */
  links?: { self: string };
};

/**
 * Revoked keys are gone as far as v3 is concerned (DELETE revokes them, and a deleted resource
 * does not come back); v1 and v2 still show them with their status.
 */
export function visibleKeys(keys: KeyView[]): KeyView[] {
  return keys.filter((k) => k.status !== 'Revoked');
}

function sparse(members: Members, wanted: ReadonlySet<string> | undefined): Members {
  if (!wanted) return members;
  return Object.fromEntries(Object.entries(members).filter(([name]) => wanted.has(name)));
}

export function identifier(type: ResourceType, id: string) {
  return { type, id };
}

export function accountResource(view: AccountView, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const { account: a } = view;
  const wanted = fields[ACCOUNT_TYPE];
  return {
    type: ACCOUNT_TYPE,
    id: a.id,
    attributes: sparse({ name: a.name, description: a.description, enabled: a.status === 'active', email: a.email }, wanted),
    meta: { created_at: a.createdAt, updated_at: a.updatedAt },
    relationships: sparse({
      keys: {
        data: visibleKeys(view.keys).map((k) => identifier(KEY_TYPE, k.id)),
        links: { self: urls.keysRelationship(a.id), related: urls.keys(a.id) },
      },
    }, wanted),
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
  const attributes: Members = { client_id: ctx.clientId, enabled: key.enabled };
  if (ctx.secret !== undefined) attributes.client_secret = ctx.secret;
  return {
    type: KEY_TYPE,
    id: key.id,
    attributes: sparse(attributes, fields[KEY_TYPE]),
    meta: { created_at: key.createdAt, expires_at: key.expiresAt, last_used_at: key.lastUsedAt },
    relationships: sparse({
      'service-account': {
        data: identifier(ACCOUNT_TYPE, key.serviceAccountId),
        links: { related: urls.account(key.serviceAccountId) },
      },
    }, fields[KEY_TYPE]),
    links: { self: urls.key(key.serviceAccountId, key.id) },
  };
}

/** One entry of an account's audit log; `changes` never holds a secret (the core records none). */
export function logResource(event: AuditEvent, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const wanted = fields[LOG_TYPE];
  const account = event.serviceAccountId;
  return {
    type: LOG_TYPE,
    id: event.id,
    attributes: sparse({
      action: event.action,
      actor_id: event.actorId,
      actor_key_id: event.actorKeyId,
      dialect: event.dialect,
      target_type: event.targetType,
      target_id: event.targetId,
      request_id: event.requestId,
      changes: event.changes as Json,
    }, wanted),
    meta: { created_at: event.createdAt },
    relationships: sparse(account ? {
      'service-account': { data: identifier(ACCOUNT_TYPE, account), links: { related: urls.account(account) } },
    } : {}, wanted),
  };
}
