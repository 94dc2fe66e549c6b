// v3 request documents → core requests. The operation's schema has checked the shape; here a
// resource object whose `type` or `id` is not the one the endpoint serves is refused with 409, and a
// client-generated `id` or `lid` on create with 403, as JSON:API requires (fixed-members.ts checks
// read-only members against the resource).
import type { AccountChanges, CreateAccountRequest, KeyRequest } from '../../src/core';
import { conflict, DomainError } from '../../src/core/errors';
import { canonicalId } from '../../src/http/path-ids';
import type {
  CreateAccountDocument,
  CreateKeyDocument,
  DeleteDocument,
  UpdateAccountDocument,
  UpdateKeyDocument,
} from '../../schemas/v3/requests';
import { assertUnchanged } from './fixed-members';
import { ACCOUNT_TYPE, KEY_TYPE, type ResourceType } from './resource-types';

/** `id` undefined: a create, where the server makes the id (client-generated ids are not supported). */
export function assertTarget(data: { type: string; id?: string; lid?: string }, type: ResourceType, id?: string): void {
  if (data.type !== type) {
    throw conflict(`This endpoint serves ${type} resources`, [
      { field: 'type', pointer: '/data/type', message: `must be "${type}" here (got "${data.type}")` },
    ]);
  }
  if (id === undefined) {
    const given = (['id', 'lid'] as const).filter((member) => data[member] !== undefined);
    if (given.length) {
      throw new DomainError(
        'FORBIDDEN',
        'Client-generated ids are not supported: the server makes the id',
        given.map((member) => ({
          field: member,
          pointer: `/data/${member}`,
          message: 'must not be sent on create: the server makes the id',
        })),
      );
    }
  }
  // The same UUID in either case is the same resource.
  if (id !== undefined && (data.id === undefined || canonicalId(data.id) !== canonicalId(id))) {
    throw conflict('The resource id in the body is not the one in the URL', [
      { field: 'id', pointer: '/data/id', message: `must be "${id}", the id in the URL` },
    ]);
  }
}

export function readCreateAccount({ data }: CreateAccountDocument): CreateAccountRequest {
  assertTarget(data, ACCOUNT_TYPE);
  // A new account has no keys of the client's choosing (its first key is made with it).
  assertUnchanged(ACCOUNT_TYPE, data, {});
  const a = data.attributes!;
  // v3 has no roles, permissions or key options: the first key holds the account's (empty) permissions.
  return { name: a.name, description: a.description ?? null, enabled: a.enabled, firstKey: {} };
}

export function readUpdateAccount({ data }: UpdateAccountDocument, id: string): AccountChanges {
  assertTarget(data, ACCOUNT_TYPE, id);
  const a = data.attributes ?? {};
  const changes: AccountChanges = {};
  if (a.name !== undefined) changes.name = a.name;
  if (a.description !== undefined) changes.description = a.description;
  if (a.enabled !== undefined) changes.enabled = a.enabled;
  return changes;
}

/** `accountId`: the account in the URL, the only one the new key can belong to. */
export function readCreateKey({ data }: CreateKeyDocument, accountId: string): KeyRequest {
  assertTarget(data, KEY_TYPE);
  assertUnchanged(KEY_TYPE, data, { relationships: { 'service-account': { data: { type: ACCOUNT_TYPE, id: accountId } } } });
  return { expiresAt: data.attributes?.expires_at ?? null };
}

export function readUpdateKey({ data }: UpdateKeyDocument, keyId: string): { enabled?: boolean } {
  assertTarget(data, KEY_TYPE, keyId);
  return { enabled: data.attributes?.enabled };
}

/** A DELETE body is optional; when one is sent it must name the resource being deleted. */
export function readDelete(doc: DeleteDocument, type: ResourceType, id: string): void {
  if (doc) assertTarget(doc.data, type, id);
}
