// v3 request documents for roles, groups and membership → core requests. The schema checked the
// shape; here the type/id rules of JSON:API (409) and what the core does not support (400).
import type { GroupChanges } from '../../src/core/groups';
import type { RoleChanges } from '../../src/core/roles';
import { conflict, invalid } from '../../src/core/errors';
import { canonicalId } from '../../src/http/path-ids';
import type { GroupDocument, MemberDocument, RoleDocument } from '../../schemas/v3/iam-requests';
import { assertTarget } from './request-documents';
import { ACCOUNT_TYPE, GROUP_TYPE, ROLE_TYPE } from './resource-types';

export function readRole({ data }: RoleDocument, id?: string): RoleChanges {
  assertTarget(data, ROLE_TYPE, id);
  const a = data.attributes ?? {};
  const out: RoleChanges = {};
  if (a.name !== undefined) out.name = a.name;
  if (a.description !== undefined) out.description = a.description;
  if (a.permissions !== undefined) out.permissions = a.permissions;
  return out;
}

export function readGroup({ data }: GroupDocument, id?: string): GroupChanges {
  assertTarget(data, GROUP_TYPE, id);
  const a = data.attributes ?? {};
  const conditions = (a.bindings ?? []).flatMap((b, i) => (b.condition === undefined ? [] : [i]));
  if (conditions.length) {
    throw invalid(
      conditions.map((i) => ({
        field: `bindings[${i}].condition`,
        pointer: `/data/attributes/bindings/${i}/condition`,
        message: 'is not supported: a binding applies unconditionally',
      })),
    );
  }
  const out: GroupChanges = {};
  if (a.name !== undefined) out.name = a.name;
  if (a.description !== undefined) out.description = a.description;
  if (a.bindings !== undefined) out.bindings = a.bindings.map((b) => ({ id: b.id && canonicalId(b.id), roleId: canonicalId(b.role) }));
  return out;
}

/** Resource identifiers of service accounts (any other type → 409, as JSON:API requires). */
export function readMembers({ data }: MemberDocument): string[] {
  data.forEach((d, i) => {
    if (d.type !== ACCOUNT_TYPE) {
      throw conflict(`A group's members are ${ACCOUNT_TYPE}`, [
        { field: `data[${i}].type`, pointer: `/data/${i}/type`, message: `must be "${ACCOUNT_TYPE}" (got "${d.type}")` },
      ]);
    }
  });
  return data.map((d) => canonicalId(d.id));
}
