// Role groups under /v3/orgs/{orgId}/iam/groups, and their members through the relationship
// endpoint …/groups/{groupId}/relationships/service-accounts (POST adds, PATCH replaces, DELETE removes).
import type { Request, Response } from 'express';
import type { GroupView } from '../../src/core/model';
import { expectedVersion, setEtag } from '../../src/http/etag';
import { operation } from '../../src/http/operation';
import { canonicalId } from '../../src/http/path-ids';
import { created, deleted, ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as iam from '../../schemas/v3/iam-requests';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { sendDeleted, sendDocument } from './document';
import { groupsWithMembers } from './compound';
import { readGroup, readMembers, type GroupDocument } from './iam-documents';
import { memberChangeAt, membersAt, type MemberEndpoint } from './member-changes';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Query } from './query';
import { GROUP_TYPE } from './resource-types';
import type { IamCore, Principal } from '../../src/core';

const GROUPS = `${ORG_IAM}/groups`;
const GROUP = `${GROUPS}/{groupId}`;
const MEMBERS = `${GROUP}/relationships/service-accounts`;

async function sendGroup(
  req: Request,
  out: Response,
  status: number,
  view: GroupView,
  call: { core: IamCore; principal: Principal; query: Query },
) {
  const options = resourceOptions(call.query, GROUP_TYPE);
  const { data, included } = await groupsWithMembers([view], urlsOf(req), options, call);
  setEtag(out, view.group.version);
  sendDocument(req, out, status, { data: data[0], ...(included ? { included } : {}), links: { self: selfLink(req) } });
}

const SERVICE_ACCOUNTS: MemberEndpoint = { path: MEMBERS, body: iam.memberIdentifiers, read: readMembers };
const memberChange = memberChangeAt(SERVICE_ACCOUNTS);

export const groupOperations = [
  operation<unknown, Query>({
    method: 'get',
    path: GROUPS,
    summary: "The organization's role groups",
    needs: 'read',
    operationId: 'listGroups',
    tag: TAGS.groups,
    description:
      'Offset pages with counts; `filter[service_account]` lists the groups of one account; `include=service_accounts` adds the ' +
      'members. Each group names at most 100 members (`meta.truncated` and `links.related` when there are more), and ' +
      '`included` holds at most 1,000.',
    query: queries.groupListQuery,
    responses: ok('A page of groups', res.groupCollection),
    async handle({ req, res: out, core, principal, query }) {
      const options = resourceOptions(query, GROUP_TYPE);
      const page = parsePage(query);
      const member = query['filter[service_account]'] as string | undefined;
      const { items, total } = await core.listGroups(principal, page, { memberId: member && canonicalId(member) });
      sendDocument(req, out, 200, {
        ...(await groupsWithMembers(items, urlsOf(req), options, { core, principal })),
        ...paginate(req, page, { total }),
      });
    },
  }),
  operation<GroupDocument, Query>({
    method: 'post',
    path: GROUPS,
    summary: 'Create a role group binding roles',
    needs: 'write',
    operationId: 'createGroup',
    tag: TAGS.groups,
    description:
      'A group whose `bindings` name roles by id; add members through its relationship endpoint. The name must be unique in ' +
      'the organization (409). `Location` names it.',
    query: queries.groupQuery,
    body: iam.createGroup,
    example: { data: { type: 'groups', attributes: { name: 'billing', bindings: [{ role: EXAMPLE_IDS.role }] } } },
    responses: created('The group', res.groupDocument),
    async handle({ req, res: out, core, principal, query, body }) {
      const view = await core.createGroup(principal, { ...readGroup(body), name: body.data.attributes!.name! });
      out.location(urlsOf(req).group(view.group.id));
      await sendGroup(req, out, 201, view, { core, principal, query });
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: GROUP,
    summary: 'A role group',
    needs: 'read',
    operationId: 'getGroup',
    tag: TAGS.groups,
    description: 'The group, with the `ETag` a later `If-Match` can name; `include=service_accounts` adds the members.',
    query: queries.groupQuery,
    responses: ok('The group', res.groupDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query }) {
      await sendGroup(req, out, 200, await core.getGroup(principal, params.groupId), { core, principal, query });
    },
  }),
  operation<GroupDocument, Query>({
    method: 'patch',
    path: GROUP,
    summary: 'Change a group; new bindings reach its members at once',
    needs: 'write',
    operationId: 'updateGroup',
    tag: TAGS.groups,
    ifMatch: true,
    description:
      'Changes `name`, `description` or `bindings` (the new list replaces the old one). Any change needs the caller to be able to ' +
      'use what the group grants now (403), as creating it did; what new bindings grant reaches the ' +
      "members at once, so the caller must be able to use it and to manage them (403). A binding's `condition` is 400. With " +
      '`If-Match`, only while the group is still at that version (412).',
    query: queries.groupQuery,
    body: iam.updateGroup,
    example: { data: { type: 'groups', id: EXAMPLE_IDS.group, attributes: { description: 'Billing readers' } } },
    responses: ok('The group', res.groupDocument, ['ETag']),
    async handle({ req, res: out, core, principal, params, query, body }) {
      const view = await core.updateGroup(principal, params.groupId, readGroup(body, params.groupId), expectedVersion(req));
      await sendGroup(req, out, 200, view, { core, principal, query });
    },
  }),
  operation({
    method: 'delete',
    path: GROUP,
    summary: 'Delete a group (its members lose what it granted)',
    needs: 'write',
    operationId: 'deleteGroup',
    tag: TAGS.groups,
    description:
      'The group is gone, and its members lose what it granted on their next request. The caller must be able to use what the ' +
      'group grants and to manage its members (403).',
    query: queries.noQuery,
    responses: deleted('Deleted'),
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteGroup(principal, params.groupId);
      sendDeleted(req, out, GROUP_TYPE, params.groupId);
    },
  }),
  membersAt(SERVICE_ACCOUNTS, {
    summary: "The group's service accounts as resource identifiers",
    operationId: 'getGroupMembers',
    description:
      "JSON:API's relationship endpoint: the members as `{type, id}`, in pages of up to 100 (`page[limit]`, `page[offset]`; " +
      'default 100); POST adds, PATCH replaces, DELETE removes.',
  }),
  memberChange('post', 'add', {
    summary: 'Add service accounts to the group',
    operationId: 'addGroupMembers',
    description:
      'The accounts listed join the group (those already in it stay); the caller must be able to manage each and to use what ' +
      'the group grants (403).',
  }),
  memberChange('patch', 'replace', {
    summary: "Replace the group's service accounts",
    operationId: 'replaceGroupMembers',
    description:
      'The members from now on are the accounts listed, no others (`{data: []}` empties the group); the caller must be able to ' +
      'use what the group grants and to manage each account added or removed (403).',
  }),
  memberChange('delete', 'remove', {
    summary: 'Remove service accounts from the group',
    operationId: 'removeGroupMembers',
    description:
      'The accounts listed leave the group (others stay) and lose what it granted; the caller must be able to use what the group ' +
      'grants and to manage each of them (403).',
  }),
];
