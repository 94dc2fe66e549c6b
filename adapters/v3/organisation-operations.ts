// GET /v3/orgs and /v3/orgs/{orgId}: the caller's organization as Ctrl-Hub's `organisations`
// (its SDK's OrganisationsService, issue 26). A credential sees its own only: any other id is 404.
import { organizations } from '../../src/core/catalogue';
import type { Organization } from '../../src/core/model';
import { ok } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { selfLink, urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Fieldsets } from './query';
import { sparse } from './resources';
import { ORGANISATION_TYPE } from './resource-types';
import { bind } from './bind';

function organisationResource(org: Organization, urls: V3Urls, fields: Fieldsets) {
  return {
    type: ORGANISATION_TYPE,
    id: org.id,
    attributes: sparse({ name: org.name }, fields[ORGANISATION_TYPE]),
    meta: { created_at: org.createdAt },
    links: { self: urls.organisation(org.id) },
  };
}

export const organisationOperations = [
  bind(organizations.listOrganizations, {
    method: 'get',
    path: '/orgs',
    operationId: 'listOrganisations',
    query: queries.organisationListQuery,
    responses: ok("A page holding the caller's organization", res.organisationCollection),
    parse: ({ query }) => parsePage(query),
    // A credential sees one organization: the first page holds it, later pages are empty.
    reply: (own, request, page) => {
      const fields = resourceOptions(request.query, ORGANISATION_TYPE).fields;
      return document(request, 200, {
        data: page.offset === 0 ? [organisationResource(own, urlsOf(request), fields)] : [],
        ...paginate(request, page, { total: 1 }),
      });
    },
  }),
  bind(organizations.getOrganization, {
    method: 'get',
    path: '/orgs/{orgId}',
    operationId: 'getOrganisation',
    query: queries.organisationQuery,
    responses: ok('The organization', res.organisationDocument),
    parse: ({ params }) => ({ id: params.orgId }),
    reply: (own, request) =>
      document(request, 200, {
        data: organisationResource(own, urlsOf(request), resourceOptions(request.query, ORGANISATION_TYPE).fields),
        links: { self: selfLink(request) },
      }),
  }),
];
