// A group's members through a JSON:API relationship endpoint: …/relationships/service-accounts and
// Ctrl-Hub's …/relationships/members (issue 26) differ only in their path and how they read the
// identifiers sent. GET pages the members (100 at most, issue 25); POST adds, PATCH replaces, DELETE
// removes, and each change answers the first page of the members after it.
import type { Request, Response } from 'express';
import { MAX_RELATED, type Group, type GroupView } from '../../src/core/model';
import { operation } from '../../src/http/operation';
import type { OperationSpec } from '../../src/http/openapi/api-description';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { ok, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import type { MemberDocument } from './iam-documents';
import { urlsOf } from './links';
import { paginate, parsePage, type PageRequest } from './pagination';
import type { Query } from './query';
import { identifier } from './resources';
import { ACCOUNT_TYPE } from './resource-types';

export interface MemberEndpoint {
  path: string;
  /** The request body's schema. */
  body: object;
  /** The identifiers sent → account ids (or the refusal). */
  read(doc: MemberDocument): string[];
}

/** A page of the group's members as resource identifiers (a change answers with the first page). */
function sendMembers(req: Request, out: Response, group: Group, members: string[], page: PageRequest, hasMore: boolean): void {
  const urls = urlsOf(req);
  const { links, meta } = paginate(req, page, { hasMore });
  sendDocument(req, out, 200, {
    data: members.map((id) => identifier(ACCOUNT_TYPE, id)),
    links: { ...links, related: urls.group(group.id) },
    meta,
  });
}

/** The members a change answers with: the first page, as the relationship endpoint would. */
const afterChange = (req: Request, out: Response, { group, members }: GroupView) =>
  sendMembers(req, out, group, members.ids, { limit: MAX_RELATED, offset: 0 }, members.truncated);

/** What the document says of a change of members, which differ only in that. */
type Words = Pick<OperationSpec, 'summary' | 'operationId' | 'description'>;

export const memberChangeAt =
  (endpoint: MemberEndpoint) => (method: 'post' | 'patch' | 'delete', change: 'add' | 'replace' | 'remove', words: Words) =>
    operation<MemberDocument>({
      method,
      path: endpoint.path,
      ...words,
      tag: TAGS.groups,
      needs: 'write',
      query: queries.noQuery,
      body: endpoint.body,
      example: { data: [{ type: 'service-accounts', id: EXAMPLE_IDS.account }] },
      responses: ok("The group's members, after the change", res.groupMembers),
      async handle({ req, res: out, core, principal, params, body }) {
        afterChange(req, out, await core.changeGroupMembers(principal, params.groupId, change, endpoint.read(body)));
      },
    });

/** GET on the relationship endpoint: a page of the members as resource identifiers. */
export const membersAt = (endpoint: MemberEndpoint, words: Words) =>
  operation<unknown, Query>({
    method: 'get',
    path: endpoint.path,
    ...words,
    needs: 'read',
    tag: TAGS.groups,
    query: queries.memberPageQuery,
    responses: ok('Resource identifiers', res.groupMembers),
    async handle({ req, res: out, core, principal, params, query }) {
      const page = parsePage(query, MAX_RELATED);
      const { group, members, hasMore } = await core.listGroupMembers(principal, params.groupId, page);
      sendMembers(req, out, group, members, page, hasMore);
    },
  });
