// The caller's organization: a credential sees its own only (any other id is 404).
import { entry } from './entry';

export const listOrganizations = entry({
  operationId: 'listOrganizations',
  summary: "The caller's organization, as a page of one",
  description: 'A credential belongs to one organization: the first page holds it, later pages are empty. Any working credential may ask.',
  // Any working credential of the organization may read it, as it may learn who it is (issue 26).
  needs: 'authenticated',
  resource: 'organizations',
  run: (core, p, _input: unknown) => core.getOwnOrganization(p),
});

export const getOrganization = entry({
  operationId: 'getOrganization',
  summary: "The caller's organization (any other id: 404)",
  description: "The caller's organization by its id, for any working credential of it; any other id is 404.",
  needs: 'authenticated',
  resource: 'organizations',
  run: (core, p, input: { id: string }) => core.getOwnOrganization(p, input.id),
});
