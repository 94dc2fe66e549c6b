// Role groups under /v3/orgs/{orgId}/iam/groups, and their members through the relationship
// endpoint …/groups/{groupId}/relationships/service-accounts (POST adds, PATCH replaces, DELETE removes).
import { groups } from '../../src/core/catalogue';
import type { AccountsBeside } from '../../src/core/catalogue/related-reads';
import type { GroupView } from '../../src/core/model';
import { etag, type WireRequest } from '../../src/http/kernel/wire';
import { canonicalId } from '../../src/http/path-ids';
import { created, deleted, ok, okVersioned, ORG_IAM } from '../../schemas/v3/api';
import * as iam from '../../schemas/v3/iam-requests';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { deleted as deletedAnswer, document } from './document';
import { groupsWithMembers } from './compound';
import { readGroup, readMembers } from './iam-documents';
import { memberChangeAt, membersAt, type MemberEndpoint } from './member-changes';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Query, type ResourceOptions } from './query';
import { GROUP_TYPE } from './resource-types';
import { bind } from './bind';

const GROUPS = `${ORG_IAM}/groups`;
const GROUP = `${GROUPS}/{groupId}`;
const MEMBERS = `${GROUP}/relationships/service-accounts`;

/** What the query asks to show, and whether the members are read to include them. */
function shown(query: Query) {
  const options = resourceOptions(query, GROUP_TYPE);
  return { options, includeMembers: options.include.has('service_accounts') };
}

/** One group, what `include` asked for, and the ETag a later If-Match can name. */
function answerGroup(request: WireRequest, status: number, view: GroupView & AccountsBeside, options: ResourceOptions, headers = {}) {
  const { data, included } = groupsWithMembers([view], urlsOf(request), options, view.includedAccounts);
  const doc = { data: data[0], ...(included ? { included } : {}), links: { self: selfLink(request) } };
  return document(request, status, doc, { ...headers, ...etag(view.group.version) });
}

const SERVICE_ACCOUNTS: MemberEndpoint = { path: MEMBERS, body: iam.memberIdentifiers, read: readMembers };
const memberChange = memberChangeAt(SERVICE_ACCOUNTS);

export const groupOperations = [
  bind(groups.listGroups, {
    method: 'get',
    path: GROUPS,
    description:
      'Offset pages with counts; `filter[service_account]` lists the groups of one account; `include=service_accounts` adds the ' +
      'members. Each group names at most 100 members (`meta.truncated` and `links.related` when there are more), and ' +
      '`included` holds at most 1,000.',
    query: queries.groupListQuery,
    responses: ok('A page of groups', res.groupCollection),
    parse: ({ query }) => {
      const { options, includeMembers } = shown(query);
      const page = parsePage(query);
      const member = query['filter[service_account]'];
      return { ...page, filter: { memberId: member && canonicalId(member) }, includeMembers, options };
    },
    reply: ({ items, total, includedAccounts }, request, page) =>
      document(request, 200, {
        ...groupsWithMembers(items, urlsOf(request), page.options, includedAccounts),
        ...paginate(request, page, { total }),
      }),
  }),
  bind(groups.createGroup, {
    method: 'post',
    path: GROUPS,
    description:
      'A group whose `bindings` name roles by id; add members through its relationship endpoint. The name must be unique in ' +
      'the organization (409). `Location` names it.',
    query: queries.groupQuery,
    body: iam.createGroup,
    example: { data: { type: 'groups', attributes: { name: 'billing', bindings: [{ role: EXAMPLE_IDS.role }] } } },
    responses: created('The group', res.groupDocument),
    // The document is read first, then what the query asks to show: both before anything is written.
    parse: ({ query, body }) => ({ group: { ...readGroup(body), name: body.data.attributes!.name! }, ...shown(query) }),
    reply: (view, request, { options }) => answerGroup(request, 201, view, options, { Location: urlsOf(request).group(view.group.id) }),
  }),
  bind(groups.getGroup, {
    method: 'get',
    path: GROUP,
    description: 'The group, with the `ETag` a later `If-Match` can name; `include=service_accounts` adds the members.',
    query: queries.groupQuery,
    responses: okVersioned('The group', res.groupDocument),
    parse: ({ params, query }) => ({ id: params.groupId, ...shown(query) }),
    reply: (view, request, { options }) => answerGroup(request, 200, view, options),
  }),
  bind(groups.updateGroup, {
    method: 'patch',
    path: GROUP,
    description:
      'Changes `name`, `description` or `bindings` (the new list replaces the old one). Any change needs the caller to be able to ' +
      'use what the group grants now (403), as creating it did; what new bindings grant reaches the ' +
      "members at once, so the caller must be able to use it and to manage them (403). A binding's `condition` is 400. With " +
      '`If-Match`, only while the group is still at that version (412).',
    query: queries.groupQuery,
    body: iam.updateGroup,
    example: { data: { type: 'groups', id: EXAMPLE_IDS.group, attributes: { description: 'Billing readers' } } },
    responses: okVersioned('The group', res.groupDocument),
    parse: ({ params, query, body }) => ({ id: params.groupId, changes: readGroup(body, params.groupId), ...shown(query) }),
    reply: (view, request, { options }) => answerGroup(request, 200, view, options),
  }),
  bind(groups.deleteGroup, {
    method: 'delete',
    path: GROUP,
    description:
      'The group is gone, and its members lose what it granted on their next request. The caller must be able to use what the ' +
      'group grants and to manage its members (403).',
    query: queries.noQuery,
    responses: deleted('Deleted'),
    parse: ({ params }) => ({ id: params.groupId }),
    reply: (_gone, request, { id }) => deletedAnswer(request, GROUP_TYPE, id),
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
