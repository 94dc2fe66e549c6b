// GET /v3/iam/permissions and /v3/iam/permissions/{permission}: Ctrl-Hub's permission catalogue
// (its SDK's PermissionsService, issue 26), as `permissions` resources whose id is the name.
import { permissions } from '../../src/core/catalogue';
import type { PermissionInfo } from '../../src/core/permissions';
import { ok } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { selfLink, urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Fieldsets } from './query';
import { sparse } from './resources';
import { PERMISSION_TYPE } from './resource-types';
import { bind } from './bind';

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
  bind(permissions.listPermissions, {
    method: 'get',
    path: PERMISSIONS,
    description:
      'Every permission iamgate grants something with (`category: iam`: `service-accounts:read`, `service-accounts:write` and ' +
      "the dialects' spellings of them) and every permission the organization's roles and service accounts name, by name. " +
      'Offset pages with counts; `filter[name]` (contains), `filter[category]`, `filter[component]`, `sort=-name`.',
    query: queries.permissionListQuery,
    responses: ok('A page of permissions', res.permissionCollection),
    parse: ({ query: q }) => {
      const page = parsePage(q);
      const fields = resourceOptions(q, PERMISSION_TYPE).fields;
      return { nameContains: q['filter[name]'], category: q['filter[category]'], component: q['filter[component]'], page, fields };
    },
    reply: (found, request, { page, fields }) => {
      const all = request.query.sort === '-name' ? [...found].reverse() : found;
      const urls = urlsOf(request);
      return document(request, 200, {
        data: all.slice(page.offset, page.offset + page.limit).map((p) => permissionResource(p, urls, fields)),
        ...paginate(request, page, { total: all.length }),
      });
    },
  }),
  bind(permissions.getPermission, {
    method: 'get',
    path: `${PERMISSIONS}/{permission}`,
    query: queries.permissionQuery,
    responses: ok('The permission', res.permissionDocument),
    parse: ({ params }) => ({ name: params.permission }),
    reply: (found, request) =>
      document(request, 200, {
        data: permissionResource(found, urlsOf(request), resourceOptions(request.query, PERMISSION_TYPE).fields),
        links: { self: selfLink(request) },
      }),
  }),
];
