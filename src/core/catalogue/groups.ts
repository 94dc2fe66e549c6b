// Role groups: the roles they bind reach every service account in them; and their members.
import type { GroupChanges, MemberChange } from '../groups';
import type { GroupFilter } from '../ports';
import type { Page } from '../roles';
import { entry } from './entry';
import { withMembers } from './related-reads';

/** `includeMembers`: the accounts the groups name are read too (v3's `include=service_accounts`). */
interface MemberReads {
  includeMembers?: boolean;
}

export const listGroups = entry({
  operationId: 'listGroups',
  summary: "The organization's role groups",
  description: 'In pages with a total; the groups of one account when `memberId` is given.',
  needs: 'read',
  resource: 'groups',
  run: async (core, p, input: Page & MemberReads & { filter: GroupFilter }) => {
    const page = await core.listGroups(p, { limit: input.limit, offset: input.offset }, input.filter);
    return { ...page, ...(await withMembers(core, p, page.items, input.includeMembers)) };
  },
});

export const createGroup = entry({
  operationId: 'createGroup',
  summary: 'Create a role group binding roles',
  description: 'A group whose bindings name roles by id; its name unique in the organization (409).',
  needs: 'write',
  resource: 'groups',
  run: async (core, p, input: MemberReads & { group: GroupChanges & { name: string } }) => {
    const view = await core.createGroup(p, input.group);
    return { ...view, ...(await withMembers(core, p, [view], input.includeMembers)) };
  },
});

export const getGroup = entry({
  operationId: 'getGroup',
  summary: 'A role group',
  description: 'The group, with the version a later `If-Match` can name.',
  needs: 'read',
  resource: 'groups',
  run: async (core, p, input: MemberReads & { id: string }) => {
    const view = await core.getGroup(p, input.id);
    return { ...view, ...(await withMembers(core, p, [view], input.includeMembers)) };
  },
});

export const updateGroup = entry({
  operationId: 'updateGroup',
  summary: 'Change a group; new bindings reach its members at once',
  description:
    'Changes the name, description or bindings (the new list replaces the old one). The caller must be able to use what the ' +
    'group grants, before and after, and to manage its members (403). With `If-Match`, only at that version (412).',
  needs: 'write',
  resource: 'groups',
  ifMatch: true,
  run: async (core, p, input: MemberReads & { id: string; changes: GroupChanges }, expectedVersion) => {
    const view = await core.updateGroup(p, input.id, input.changes, expectedVersion);
    return { ...view, ...(await withMembers(core, p, [view], input.includeMembers)) };
  },
});

export const deleteGroup = entry({
  operationId: 'deleteGroup',
  summary: 'Delete a group (its members lose what it granted)',
  description: 'The group is gone, and its members lose what it granted on their next request.',
  needs: 'write',
  resource: 'groups',
  run: (core, p, input: { id: string }) => core.deleteGroup(p, input.id),
});

export const listGroupMembers = entry({
  operationId: 'getGroupMembers',
  summary: "The group's service accounts",
  description: 'A page of the members, in id order.',
  needs: 'read',
  resource: 'groups',
  run: (core, p, input: Page & { id: string }) => core.listGroupMembers(p, input.id, { limit: input.limit, offset: input.offset }),
});

export const changeGroupMembers = entry({
  operationId: 'changeGroupMembers',
  summary: "Add, replace or remove the group's service accounts",
  description: 'The caller must be able to use what the group grants and to manage each account added or removed (403).',
  needs: 'write',
  resource: 'groups',
  run: (core, p, input: { id: string; change: MemberChange; accountIds: string[] }) =>
    core.changeGroupMembers(p, input.id, input.change, input.accountIds),
});
