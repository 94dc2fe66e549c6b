// The permissions iamgate knows: those it grants something with, and those the organization names.
import type { PermissionFilter } from '../permissions';
import { entry } from './entry';

export const listPermissions = entry({
  operationId: 'listPermissions',
  summary: 'The permissions iamgate knows',
  description: "Every permission iamgate grants something with and every permission the organization's roles and accounts name, by name.",
  needs: 'read',
  resource: 'permissions',
  run: (core, p, input: PermissionFilter) =>
    core.listPermissions(p, { nameContains: input.nameContains, category: input.category, component: input.component }),
});

export const getPermission = entry({
  operationId: 'getPermission',
  summary: 'One permission, by name',
  description: 'A permission by its name (`service-accounts:read`); one iamgate neither grants nor finds in the organization is 404.',
  needs: 'read',
  resource: 'permissions',
  run: (core, p, input: { name: string }) => core.getPermission(p, input.name),
});
