// GET /v3/iam/permissions and /v3/iam/permissions/{permission}: Ctrl-Hub's permission catalogue
// (its SDK's PermissionsService, issue 26), as `permissions` resources whose id is the name.
import type { PermissionInfo } from '../../src/core/permissions';
import { operation } from '../../src/http/operation';
import { ok, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import { selfLink, urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Fieldsets, type Query } from './query';
import { sparse } from './resources';
import { PERMISSION_TYPE } from './resource-types';

type PermissionListQuery = Query & {
  sort?: 'name' | '-name';
  'filter[name]'?: string;
  'filter[category]'?: string;
  'filter[component]'?: string;
};

const PERMISSIONS = '/iam/permissions';

function permissionResource(p: PermissionInfo, urls: V3Urls, fields: Fieldsets) {
  return {
    type: PERMISSION_TYPE,
    id: p.name,
    attributes: sparse(
      { name: p.name, description: p.description, category: p.category, component: p.component, verb: p.verb },
      fields[PERMISSION_TYPE],
    ),
    links: { self: urls.permission(p.name) },
  };
}

export const permissionOperations = [
  operation<unknown, PermissionListQuery>({
    method: 'get',
    path: PERMISSIONS,
    summary: 'The permissions iamgate knows',
    needs: 'read',
    operationId: 'listPermissions',
    tag: TAGS.permissions,
    description:
      'Every permission iamgate grants something with (`category: iam`: `service-accounts:read`, `service-accounts:write` and ' +
      "the dialects' spellings of them) and every permission the organization's roles and service accounts name, by name. " +
      'Offset pages with counts; `filter[name]` (contains), `filter[category]`, `filter[component]`, `sort=-name`.',
    query: queries.permissionListQuery,
    responses: ok('A page of permissions', res.permissionCollection),
    async handle({ req, res: out, core, principal, query: q }) {
      const page = parsePage(q);
      const fields = resourceOptions(q, PERMISSION_TYPE).fields;
      const all = await core.listPermissions(principal, {
        nameContains: q['filter[name]'],
        category: q['filter[category]'],
        component: q['filter[component]'],
      });
      if (q.sort === '-name') all.reverse();
      const urls = urlsOf(req);
      sendDocument(req, out, 200, {
        data: all.slice(page.offset, page.offset + page.limit).map((p) => permissionResource(p, urls, fields)),
        ...paginate(req, page, { total: all.length }),
      });
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: `${PERMISSIONS}/{permission}`,
    summary: 'One permission, by name',
    needs: 'read',
    operationId: 'getPermission',
    tag: TAGS.permissions,
    description: 'A permission by its name (`service-accounts:read`); one iamgate neither grants nor finds in the organization is 404.',
    query: queries.permissionQuery,
    responses: ok('The permission', res.permissionDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      const found = await core.getPermission(principal, params.permission);
      sendDocument(req, out, 200, {
        data: permissionResource(found, urlsOf(req), resourceOptions(query, PERMISSION_TYPE).fields),
        links: { self: selfLink(req) },
      });
    },
  }),
];
