// v1's caller and organization: who the credential is (the B3OS client's diagnose call), and the
// caller's own organization (B3OS docs read it to check a token). Any working credential may ask.
import { caller, organizations } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/requests';
import * as res from '../../schemas/v1/responses';
import { DEFAULT_LIMIT } from './account-operations';
import { ok, success } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);

export const callerOperations = [
  bind(caller.whoami, {
    method: 'get',
    path: '/whoami',
    description:
      'The account and key behind the credential, and the permissions it can use right now (a read key or a narrowed token ' +
      'shows fewer than the account holds). Any working credential may ask.',
    query: schema.noQuery,
    responses: ok('The caller', res.whoami),
    parse: () => undefined,
    reply: ({ principal, view }, request) => success(request, map.renderWhoami(principal, view)),
  }),
  bind(organizations.listOrganizations, {
    method: 'get',
    path: '/organizations',
    summary: "The caller's organization, as a one-item page",
    description:
      'A credential belongs to one organization: the page at offset 0 holds it, later pages are empty. `slug` is made from the name. ' +
      'Any working credential of the organization may ask, whatever its permissions.',
    query: schema.listOrganizationsQuery,
    responses: ok("A page holding the caller's organization", res.organizationPage),
    parse: ({ query: q }) => ({ limit: q.limit ?? DEFAULT_LIMIT, offset: q.offset ?? 0 }),
    reply: (own, request, { limit, offset }) =>
      // A credential sees one organization: the page at offset 0 holds it, later pages are empty.
      success(request, { items: offset === 0 ? [map.renderOrganization(own)] : [], limit, offset, hasMore: false }),
  }),
  bind(organizations.getOrganization, {
    method: 'get',
    path: '/organizations/{id}',
    description:
      "The caller's organization by its id, for any working credential of it; any other id is 404 (what belongs to another " +
      'organization is not found either).',
    query: schema.noQuery,
    responses: ok('The organization', res.organization),
    parse: (request) => ({ id: request.params.id }),
    reply: (own, request) => success(request, map.renderOrganization(own)),
  }),
];
