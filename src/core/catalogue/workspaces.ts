// The organization's workspaces, which workspace assignments name.
import { entry } from './entry';

export const listWorkspaces = entry({
  operationId: 'listWorkspaces',
  summary: 'List workspaces',
  description: 'Every workspace of the organization, for `workspaceAssignments`.',
  needs: 'read',
  resource: 'workspaces',
  run: (core, p, _input: void) => core.listWorkspaces(p),
});

export const createWorkspace = entry({
  operationId: 'createWorkspace',
  summary: 'Create a workspace',
  description: 'A workspace with a name unique in the organization (409 otherwise).',
  needs: 'write',
  resource: 'workspaces',
  run: (core, p, input: { name: string }) => core.createWorkspace(p, input.name),
});
