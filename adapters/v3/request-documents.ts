// v3 request documents → core requests. The schema checks shapes; here a resource object whose
// `type` or `id` is not the one the endpoint serves is refused with 409, as JSON:API requires.
import type { AccountChanges, CreateAccountRequest, KeyRequest } from '../../src/core';
import { conflict } from '../../src/core/errors';
import { canonicalId } from '../../src/http/path-ids';
import { compile } from '../../src/http/validator';
import * as schema from '../../schemas/v3/requests';
import { ACCOUNT_TYPE, KEY_TYPE, type ResourceType } from './resource-types';

interface ResourceDocument<A> {
  data: { type: string; id?: string; attributes?: A };
}

interface AccountAttributes { name?: string; description?: string | null; enabled?: boolean }

const validate = {
  createAccount: compile<ResourceDocument<AccountAttributes & { name: string }>>(schema.createServiceAccount),
  updateAccount: compile<ResourceDocument<AccountAttributes>>(schema.updateServiceAccount),
  createKey: compile<ResourceDocument<{ expires_at?: string | null }>>(schema.createKey),
  updateKey: compile<ResourceDocument<{ enabled?: boolean }>>(schema.updateKey),
  delete: compile<ResourceDocument<never> | null>(schema.deleteResource),
};

function assertTarget(data: { type: string; id?: string }, type: ResourceType, id?: string): void {
  if (data.type !== type) {
    throw conflict(`This endpoint serves ${type} resources`, [
      { field: 'type', pointer: '/data/type', message: `must be "${type}" here (got "${data.type}")` },
    ]);
  }
  // The same UUID in either case is the same resource.
  if (id !== undefined && (data.id === undefined || canonicalId(data.id) !== canonicalId(id))) {
    throw conflict('The resource id in the body is not the one in the URL', [
      { field: 'id', pointer: '/data/id', message: `must be "${id}", the id in the URL` },
    ]);
  }
}

export function readCreateAccount(body: unknown): CreateAccountRequest {
  const { data } = validate.createAccount(body);
  assertTarget(data, ACCOUNT_TYPE);
  const a = data.attributes!;
  // v3 has no roles, permissions or key options: the first key holds the account's (empty) permissions.
  return { name: a.name, description: a.description ?? null, enabled: a.enabled, firstKey: {} };
}

export function readUpdateAccount(body: unknown, id: string): AccountChanges {
  const { data } = validate.updateAccount(body);
  assertTarget(data, ACCOUNT_TYPE, id);
  const a = data.attributes ?? {};
  const changes: AccountChanges = {};
  if (a.name !== undefined) changes.name = a.name;
  if (a.description !== undefined) changes.description = a.description;
  if (a.enabled !== undefined) changes.enabled = a.enabled;
  return changes;
}

export function readCreateKey(body: unknown): KeyRequest {
  const { data } = validate.createKey(body);
  assertTarget(data, KEY_TYPE);
  return { expiresAt: data.attributes?.expires_at ?? null };
}

export function readUpdateKey(body: unknown, keyId: string): { enabled?: boolean } {
  const { data } = validate.updateKey(body);
  assertTarget(data, KEY_TYPE, keyId);
  return { enabled: data.attributes?.enabled };
}

/** A DELETE body is optional; when one is sent it must name the resource being deleted. */
export function readDelete(body: unknown, type: ResourceType, id: string): void {
  if (body === undefined || body === null) return;
  const doc = validate.delete(body);
  if (doc) assertTarget(doc.data, type, id);
}
