// Core roles and groups → v3 resource objects (type `roles` and `groups`), the first 100 members listed.
import type { GroupView, IamRole } from '../../src/core/model';
import type { V3Urls } from './links';
import type { Fieldsets } from './query';
import { sparse, toMany, type ResourceObject } from './resources';
import { ACCOUNT_TYPE, GROUP_TYPE, ROLE_TYPE } from './resource-types';

/** Every role is generally available; Ctrl-Hub's `launch_stage` is there for clients that read it. */
const LAUNCH_STAGE = 'GA';

export function roleResource(role: IamRole, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const custom = role.organizationId !== null;
  return {
    type: ROLE_TYPE,
    id: role.id,
    attributes: sparse(
      {
        name: role.name,
        description: role.description,
        custom,
        launch_stage: LAUNCH_STAGE,
        permissions: role.permissions,
      },
      fields[ROLE_TYPE],
    ),
    meta: { created_at: role.createdAt, updated_at: role.updatedAt },
    relationships: {},
    links: { self: urls.role(role) },
  };
}

export function groupResource({ group, members }: GroupView, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  return {
    type: GROUP_TYPE,
    id: group.id,
    attributes: sparse(
      {
        name: group.name,
        description: group.description,
        bindings: group.bindings.map((b) => ({ id: b.id, role: b.roleId })),
      },
      fields[GROUP_TYPE],
    ),
    meta: { created_at: group.createdAt, updated_at: group.updatedAt },
    relationships: sparse(
      { service_accounts: toMany(ACCOUNT_TYPE, members, { self: urls.groupMembers(group.id), related: urls.accountsInGroup(group.id) }) },
      fields[GROUP_TYPE],
    ),
    links: { self: urls.group(group.id) },
  };
}
