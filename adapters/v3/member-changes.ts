// A group's members through a JSON:API relationship endpoint: …/relationships/service-accounts and
// Ctrl-Hub's …/relationships/members (issue 26) differ only in their path, their self link and how
// they read the identifiers sent. POST adds, PATCH replaces, DELETE removes; each answers the members.
import type { Request, Response } from 'express';
import type { GroupView } from '../../src/core/model';
import { operation } from '../../src/http/operation';
import type { OperationSpec } from '../../src/http/openapi/api-description';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { ok, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import type { MemberDocument } from './iam-documents';
import { urlsOf, type V3Urls } from './links';
import { identifier } from './resources';
import { ACCOUNT_TYPE } from './resource-types';

export interface MemberEndpoint {
  path: string;
  /** The request body's schema. */
  body: object;
  /** The identifiers sent → account ids (or the refusal). */
  read(doc: MemberDocument): string[];
  self(urls: V3Urls, groupId: string): string;
}

export function sendMembers(req: Request, out: Response, view: GroupView, endpoint: MemberEndpoint): void {
  const urls = urlsOf(req);
  sendDocument(req, out, 200, {
    data: view.members.map((id) => identifier(ACCOUNT_TYPE, id)),
    links: { self: endpoint.self(urls, view.group.id), related: urls.group(view.group.id) },
  });
}

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
        sendMembers(req, out, await core.changeGroupMembers(principal, params.groupId, change, endpoint.read(body)), endpoint);
      },
    });

/** GET on the relationship endpoint: the members as resource identifiers. */
export const membersAt = (endpoint: MemberEndpoint, words: Words) =>
  operation({
    method: 'get',
    path: endpoint.path,
    ...words,
    needs: 'read',
    tag: TAGS.groups,
    query: queries.noQuery,
    responses: ok('Resource identifiers', res.groupMembers),
    async handle({ req, res: out, core, principal, params }) {
      sendMembers(req, out, await core.getGroup(principal, params.groupId), endpoint);
    },
  });
