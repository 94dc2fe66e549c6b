// A group's members through a JSON:API relationship endpoint: …/relationships/service-accounts and
// Ctrl-Hub's …/relationships/members (issue 26) differ only in their path and how they read the
// identifiers sent. GET pages the members (100 at most, issue 25); POST adds, PATCH replaces, DELETE
// removes, and each change answers the first page of the members after it (200 with a document, so
// a POST's answer is kept for its Idempotency-Key as any other).
import type { TSchema } from '@sinclair/typebox';
import { groups } from '../../src/core/catalogue';
import { MAX_RELATED, type Group } from '../../src/core/model';
import type { WireRequest } from '../../src/http/kernel/wire';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { ok } from '../../schemas/v3/api';
import type { MemberDocument } from '../../schemas/v3/iam-requests';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { urlsOf } from './links';
import { paginate, parsePage, type PageRequest } from './pagination';
import { identifier } from './resources';
import { ACCOUNT_TYPE } from './resource-types';
import { bind } from './bind';

export interface MemberEndpoint {
  path: string;
  /** The request body's schema. */
  body: TSchema & { static: MemberDocument };
  /** The identifiers sent → account ids (or the refusal). */
  read(doc: MemberDocument): string[];
}

/** A page of the group's members as resource identifiers (a change answers with the first page). */
function answerMembers(request: WireRequest, group: Group, members: string[], page: PageRequest, hasMore: boolean) {
  const { links, meta } = paginate(request, page, { hasMore });
  return document(request, 200, {
    data: members.map((id) => identifier(ACCOUNT_TYPE, id)),
    links: { ...links, related: urlsOf(request).group(group.id) },
    meta,
  });
}

/** What the document says of a change of members, which differ only in that. */
interface Words {
  operationId: string;
  summary: string;
  description: string;
}

export const memberChangeAt =
  (endpoint: MemberEndpoint) => (method: 'post' | 'patch' | 'delete', change: 'add' | 'replace' | 'remove', words: Words) =>
    bind(groups.changeGroupMembers, {
      method,
      path: endpoint.path,
      ...words,
      query: queries.noQuery,
      body: endpoint.body,
      example: { data: [{ type: 'service-accounts', id: EXAMPLE_IDS.account }] },
      responses: ok("The group's members, after the change", res.groupMembers),
      parse: ({ params, body }) => ({ id: params.groupId, change, accountIds: endpoint.read(body) }),
      // The members after the change: the first page, as the relationship endpoint would answer it.
      reply: ({ group, members }, request) =>
        answerMembers(request, group, members.ids, { limit: MAX_RELATED, offset: 0 }, members.truncated),
    });

/** GET on the relationship endpoint: a page of the members as resource identifiers. */
export const membersAt = (endpoint: MemberEndpoint, words: Words) =>
  bind(groups.listGroupMembers, {
    method: 'get',
    path: endpoint.path,
    ...words,
    query: queries.memberPageQuery,
    responses: ok('Resource identifiers', res.groupMembers),
    parse: ({ params, query }) => ({ id: params.groupId, ...parsePage(query, MAX_RELATED) }),
    reply: ({ group, members, hasMore }, request, page) => answerMembers(request, group, members, page, hasMore),
  });
