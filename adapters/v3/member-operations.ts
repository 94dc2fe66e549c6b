// The organization's members as Ctrl-Hub names them (issue 26): GET …/iam/members (its service
// accounts: iamgate has no users) and a group's members through …/relationships/members (the SDK's
// `patchMembers`), which work as …/relationships/service-accounts for service-account identifiers.
// A `users` identifier names someone iamgate cannot have: 422 naming each, and nothing changes.
import { unprocessable, type FieldError } from '../../src/core/errors';
import { accounts } from '../../src/core/catalogue';
import { ORG_IAM } from '../../schemas/v3/api';
import * as iam from '../../schemas/v3/iam-requests';
import type { MemberDocument } from '../../schemas/v3/iam-requests';
import { accountPage } from './account-operations';
import { readMembers } from './iam-documents';
import { memberChangeAt, membersAt, type MemberEndpoint } from './member-changes';
import { ACCOUNT_TYPE, USER_TYPE } from './resource-types';

const MEMBERS = `${ORG_IAM}/groups/{groupId}/relationships/members`;

/** Service-account identifiers → their ids; any `users` identifier → 422 naming each; another type → 409 (readMembers). */
export function readMemberIdentifiers(doc: MemberDocument): string[] {
  const users: FieldError[] = doc.data.flatMap((d, i) =>
    d.type === USER_TYPE
      ? [
          {
            field: `data[${i}].type`,
            pointer: `/data/${i}/type`,
            message: `is "${USER_TYPE}": member ${d.id} is a user, and iamgate has no users (a group's members are ${ACCOUNT_TYPE})`,
          },
        ]
      : [],
  );
  if (users.length) {
    // A type that is neither is the 409 JSON:API asks for, before anything about users (indices kept).
    readMembers({ data: doc.data.map((d) => (d.type === USER_TYPE ? { ...d, type: ACCOUNT_TYPE } : d)) });
    throw unprocessable('iamgate has no users: only service accounts can be members of a group', users);
  }
  return readMembers(doc);
}

const MEMBERS_ALIAS: MemberEndpoint = {
  path: MEMBERS,
  body: iam.memberOrUserIdentifiers,
  read: readMemberIdentifiers,
};
const memberChange = memberChangeAt(MEMBERS_ALIAS);

const USERS_ARE_422 = 'A `users` identifier is 422 naming it (iamgate has no users) and nothing changes.';

export const memberOperations = [
  accountPage(
    accounts.listMembers,
    `${ORG_IAM}/members`,
    'iamgate has no users, so the members are the service accounts, as `service-accounts` resources and exactly as ' +
      '`…/service-accounts` lists them: offset pages with counts, `filter[name]`, `filter[enabled]`, `sort`, `include=keys,groups`.',
    'A page of members',
  ),
  membersAt(MEMBERS_ALIAS, {
    summary: "The group's members as resource identifiers (Ctrl-Hub's name)",
    operationId: 'getGroupMembersAlias',
    description: 'The same as `…/relationships/service-accounts`: the members as `{type: "service-accounts", id}`.',
  }),
  memberChange('post', 'add', {
    summary: "Add members to the group (Ctrl-Hub's name)",
    operationId: 'addGroupMembersAlias',
    description: `As POST \`…/relationships/service-accounts\`: the accounts listed join the group. ${USERS_ARE_422}`,
  }),
  memberChange('patch', 'replace', {
    summary: "Replace the group's members (Ctrl-Hub's `patchMembers`)",
    operationId: 'replaceGroupMembersAlias',
    description: `As PATCH \`…/relationships/service-accounts\`: the members from now on are the accounts listed. ${USERS_ARE_422}`,
  }),
  memberChange('delete', 'remove', {
    summary: "Remove members from the group (Ctrl-Hub's name)",
    operationId: 'removeGroupMembersAlias',
    description: `As DELETE \`…/relationships/service-accounts\`: the accounts listed leave the group. ${USERS_ARE_422}`,
  }),
];
