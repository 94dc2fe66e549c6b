// Roles: the built-in ones and the organization's at /v3/iam/roles, the organization's own (to
// create, change and delete) under /v3/orgs/{orgId}/iam/roles.
import type { Request, Response } from 'express';
import type { IamRole } from '../../src/core/model';
import { operation } from '../../src/http/operation';
import type { OperationSpec } from '../../src/http/openapi/api-description';
import { deleted, ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as iam from '../../schemas/v3/iam-requests';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { sendDeleted, sendDocument } from './document';
import { readRole, type RoleDocument } from './iam-documents';
import { roleResource } from './iam-resources';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Query } from './query';
import { ROLE_TYPE } from './resource-types';

const ALL_ROLES = '/iam/roles';
const ORG_ROLES = `${ORG_IAM}/roles`;
const ORG_ROLE = `${ORG_ROLES}/{roleId}`;

function sendRole(req: Request, out: Response, status: number, role: IamRole, query: Query): void {
  sendDocument(req, out, status, {
    data: roleResource(role, urlsOf(req), resourceOptions(query, ROLE_TYPE).fields),
    links: { self: selfLink(req) },
  });
}

/** What the document says of a listing or a read, which differ only in that. */
type Words = Pick<OperationSpec, 'summary' | 'operationId' | 'description'>;

const list = (path: string, words: Words, builtIn: boolean) =>
  operation<unknown, Query>({
    method: 'get',
    path,
    ...words,
    tag: TAGS.roles,
    needs: 'read',
    query: queries.roleListQuery,
    responses: ok('A page of roles', res.roleCollection),
    async handle({ req, res: out, core, principal, query }) {
      const page = parsePage(query);
      const { items, total } = await core.listRoles(principal, page, builtIn);
      const fields = resourceOptions(query, ROLE_TYPE).fields;
      sendDocument(req, out, 200, { data: items.map((r) => roleResource(r, urlsOf(req), fields)), ...paginate(req, page, { total }) });
    },
  });

const get = (path: string, words: Words, builtIn: boolean) =>
  operation<unknown, Query>({
    method: 'get',
    path,
    ...words,
    tag: TAGS.roles,
    needs: 'read',
    query: queries.roleQuery,
    responses: ok('The role', res.roleDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      sendRole(req, out, 200, await core.getRole(principal, params.roleId, builtIn), query);
    },
  });

export const roleOperations = [
  list(
    ALL_ROLES,
    {
      summary: "The built-in roles, then the organization's own",
      operationId: 'listRoles',
      description: "Every role the organization's groups may bind: the built-in ones (`custom: false`) first, in offset pages with counts.",
    },
    true,
  ),
  get(
    `${ALL_ROLES}/{roleId}`,
    {
      summary: "A built-in role or one of the organization's",
      operationId: 'getRole',
      description: 'Any role a group may bind, by its id.',
    },
    true,
  ),
  list(
    ORG_ROLES,
    {
      summary: "The organization's own roles",
      operationId: 'listOrganizationRoles',
      description: 'Only the roles the organization made (`custom: true`), in offset pages with counts.',
    },
    false,
  ),
  get(
    ORG_ROLE,
    {
      summary: "One of the organization's own roles",
      operationId: 'getOrganizationRole',
      description: "One of the roles the organization made; a built-in role's id is 404 here.",
    },
    false,
  ),
  operation<RoleDocument, Query>({
    method: 'post',
    path: ORG_ROLES,
    summary: 'Create a role (a named bundle of permissions)',
    needs: 'write',
    operationId: 'createRole',
    tag: TAGS.roles,
    description:
      "A role with a name unique among the organization's roles and the permissions it grants, every one of which the " +
      "caller's credential must be able to use (403). `Location` names it.",
    query: queries.roleQuery,
    body: iam.createRole,
    example: {
      data: { type: 'roles', attributes: { name: 'billing-reader', description: 'Read billing', permissions: ['billing:read'] } },
    },
    responses: { 201: { description: 'The role', schema: res.roleDocument, headers: ['Location'] } },
    async handle({ req, res: out, core, principal, query, body }) {
      const role = await core.createRole(principal, { ...readRole(body), name: body.data.attributes!.name! });
      out.location(urlsOf(req).role(role.id, true));
      sendRole(req, out, 201, role, query);
    },
  }),
  operation<RoleDocument, Query>({
    method: 'patch',
    path: ORG_ROLE,
    summary: 'Change a role; its new permissions reach every group binding it at once',
    needs: 'write',
    operationId: 'updateRole',
    tag: TAGS.roles,
    description:
      'Changes `name`, `description` or `permissions`. Any change needs the caller to be able to use what the role grants now ' +
      '(403), as creating it did; new permissions reach every account of every group that binds the role at once, so the caller ' +
      'must be able to use them and to manage those accounts (403). A built-in role cannot change (403).',
    query: queries.roleQuery,
    body: iam.updateRole,
    example: { data: { type: 'roles', id: EXAMPLE_IDS.role, attributes: { description: 'Read billing' } } },
    responses: ok('The role', res.roleDocument),
    async handle({ req, res: out, core, principal, params, query, body }) {
      sendRole(req, out, 200, await core.updateRole(principal, params.roleId, readRole(body, params.roleId)), query);
    },
  }),
  operation({
    method: 'delete',
    path: ORG_ROLE,
    summary: 'Delete a role (409 while a group binds it)',
    needs: 'write',
    operationId: 'deleteRole',
    tag: TAGS.roles,
    description:
      "A role a group binds cannot be deleted (409): change the group's bindings first. The caller must be able to use what the " +
      'role grants (403); built-in roles cannot be deleted (403).',
    query: queries.noQuery,
    responses: deleted('Deleted'),
    async handle({ req, res: out, core, principal, params }) {
      await core.deleteRole(principal, params.roleId);
      sendDeleted(req, out, ROLE_TYPE, params.roleId);
    },
  }),
];
