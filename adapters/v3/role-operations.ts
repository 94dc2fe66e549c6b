// Roles: the built-in ones and the organization's at /v3/iam/roles, the organization's own (to
// create, change and delete) under /v3/orgs/{orgId}/iam/roles.
import { roles } from '../../src/core/catalogue';
import type { IamRole } from '../../src/core/model';
import type { WireRequest } from '../../src/http/kernel/wire';
import { deleted, ok, ORG_IAM } from '../../schemas/v3/api';
import * as iam from '../../schemas/v3/iam-requests';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { deleted as deletedAnswer, document } from './document';
import { readRole } from './iam-documents';
import { roleResource } from './iam-resources';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Fieldsets, type Query } from './query';
import { ROLE_TYPE } from './resource-types';
import { bind } from './bind';

const ALL_ROLES = '/iam/roles';
const ORG_ROLES = `${ORG_IAM}/roles`;
const ORG_ROLE = `${ORG_ROLES}/{roleId}`;

const answerRole = (request: WireRequest, status: number, role: IamRole, fields: Fieldsets, headers: Record<string, string> = {}) =>
  document(request, status, { data: roleResource(role, urlsOf(request), fields), links: { self: selfLink(request) } }, headers);
const fieldsOf = (query: Query) => resourceOptions(query, ROLE_TYPE).fields;

/** What the document says of a listing or a read, which differ only in that. */
interface Words {
  operationId: string;
  summary: string;
  description: string;
}

const list = (path: string, words: Words, builtIn: boolean) =>
  bind(roles.listRoles, {
    method: 'get',
    path,
    ...words,
    query: queries.roleListQuery,
    responses: ok('A page of roles', res.roleCollection),
    parse: ({ query }) => ({ ...parsePage(query), builtIn }),
    // The fields asked for are read after the roles, as they always were (a read changes nothing).
    reply: ({ items, total }, request, page) => {
      const fields = fieldsOf(request.query);
      return document(request, 200, {
        data: items.map((r) => roleResource(r, urlsOf(request), fields)),
        ...paginate(request, page, { total }),
      });
    },
  });

const get = (path: string, words: Words, builtIn: boolean) =>
  bind(roles.getRole, {
    method: 'get',
    path,
    ...words,
    query: queries.roleQuery,
    responses: ok('The role', res.roleDocument),
    parse: ({ params }) => ({ id: params.roleId, builtIn }),
    reply: (role, request) => answerRole(request, 200, role, fieldsOf(request.query)),
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
  bind(roles.createRole, {
    method: 'post',
    path: ORG_ROLES,
    description:
      "A role with a name unique among the organization's roles and the permissions it grants, every one of which the " +
      "caller's credential must be able to use (403). `Location` names it.",
    query: queries.roleQuery,
    body: iam.createRole,
    example: {
      data: { type: 'roles', attributes: { name: 'billing-reader', description: 'Read billing', permissions: ['billing:read'] } },
    },
    responses: { 201: { description: 'The role', schema: res.roleDocument, headers: ['Location'] } },
    // The document is read first, then the fields asked for: both before anything is written.
    parse: ({ query, body }) => ({ ...readRole(body), name: body.data.attributes!.name!, fields: fieldsOf(query) }),
    reply: (role, request, { fields }) => answerRole(request, 201, role, fields, { Location: urlsOf(request).role(role) }),
  }),
  bind(roles.updateRole, {
    method: 'patch',
    path: ORG_ROLE,
    description:
      'Changes `name`, `description` or `permissions`. Any change needs the caller to be able to use what the role grants now ' +
      '(403), as creating it did; new permissions reach every account of every group that binds the role at once, so the caller ' +
      'must be able to use them and to manage those accounts (403). A built-in role cannot change (403).',
    query: queries.roleQuery,
    body: iam.updateRole,
    example: { data: { type: 'roles', id: EXAMPLE_IDS.role, attributes: { description: 'Read billing' } } },
    responses: ok('The role', res.roleDocument),
    parse: ({ params, query, body }) => ({ id: params.roleId, changes: readRole(body, params.roleId), fields: fieldsOf(query) }),
    reply: (role, request, { fields }) => answerRole(request, 200, role, fields),
  }),
  bind(roles.deleteRole, {
    method: 'delete',
    path: ORG_ROLE,
    description:
      "A role a group binds cannot be deleted (409): change the group's bindings first. The caller must be able to use what the " +
      'role grants (403); built-in roles cannot be deleted (403).',
    query: queries.noQuery,
    responses: deleted('Deleted'),
    parse: ({ params }) => ({ id: params.roleId }),
    reply: (_gone, request, { id }) => deletedAnswer(request, ROLE_TYPE, id),
  }),
];
