// Roles: named bundles of permissions, the built-in ones and the organization's own.
import type { Page, RoleChanges } from '../roles';
import { entry } from './entry';

/** `builtIn`: the built-in roles count too (before the organization's own); else only the organization's. */
interface Scope {
  builtIn: boolean;
}

export const listRoles = entry({
  operationId: 'listRoles',
  summary: "The built-in roles, then the organization's own",
  description: "Every role the organization's groups may bind: the built-in ones first, in pages with a total.",
  needs: 'read',
  resource: 'roles',
  run: (core, p, input: Page & Scope) => core.listRoles(p, { limit: input.limit, offset: input.offset }, input.builtIn),
});

export const getRole = entry({
  operationId: 'getRole',
  summary: "A built-in role or one of the organization's",
  description: 'Any role a group may bind, by its id.',
  needs: 'read',
  resource: 'roles',
  run: (core, p, input: Scope & { id: string }) => core.getRole(p, input.id, input.builtIn),
});

export const createRole = entry({
  operationId: 'createRole',
  summary: 'Create a role (a named bundle of permissions)',
  description:
    "A role with a name unique among the organization's roles and the permissions it grants, every one of which the caller's " +
    'credential must be able to use (403).',
  needs: 'write',
  resource: 'roles',
  run: (core, p, input: RoleChanges & { name: string }) => core.createRole(p, input),
});

export const updateRole = entry({
  operationId: 'updateRole',
  summary: 'Change a role; its new permissions reach every group binding it at once',
  description:
    'Changes the name, description or permissions. Any change needs the caller to be able to use what the role grants now ' +
    '(403); new permissions reach every account of every group that binds the role at once. A built-in role cannot change (403).',
  needs: 'write',
  resource: 'roles',
  run: (core, p, input: { id: string; changes: RoleChanges }) => core.updateRole(p, input.id, input.changes),
});

export const deleteRole = entry({
  operationId: 'deleteRole',
  summary: 'Delete a role (409 while a group binds it)',
  description:
    'A role a group binds cannot be deleted (409). The caller must be able to use what it grants (403); built-in roles cannot be deleted.',
  needs: 'write',
  resource: 'roles',
  run: (core, p, input: { id: string }) => core.deleteRole(p, input.id),
});
