// GET /v3/orgs and /v3/orgs/{orgId}: the caller's organization as Ctrl-Hub's `organisations`
// (its SDK's OrganisationsService, issue 26). A credential sees its own only: any other id is 404.
import type { Organization } from '../../src/core/model';
import { operation } from '../../src/http/operation';
import { ok, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import { selfLink, urlsOf, type V3Urls } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Fieldsets, type Query } from './query';
import { sparse } from './resources';
import { ORGANISATION_TYPE } from './resource-types';

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
  operation<unknown, Query>({
    method: 'get',
    path: '/orgs',
    summary: "The caller's organization, as a page of one",
    // Any working credential may read its own organization, as it may learn who it is (issue 26).
    needs: 'authenticated',
    operationId: 'listOrganisations',
    tag: TAGS.organisations,
    description:
      'A credential belongs to one organization: the first page holds it, later pages are empty. Any working credential may ask.',
    query: queries.organisationListQuery,
    responses: ok("A page holding the caller's organization", res.organisationCollection),
    async handle({ req, res: out, core, principal, query }) {
      const page = parsePage(query);
      const own = await core.getOwnOrganization(principal);
      const fields = resourceOptions(query, ORGANISATION_TYPE).fields;
      sendDocument(req, out, 200, {
        data: page.offset === 0 ? [organisationResource(own, urlsOf(req), fields)] : [],
        ...paginate(req, page, { total: 1 }),
      });
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: '/orgs/{orgId}',
    summary: "The caller's organization (any other id: 404)",
    needs: 'authenticated',
    operationId: 'getOrganisation',
    tag: TAGS.organisations,
    description: "The caller's organization by its id, for any working credential of it; any other id is 404.",
    query: queries.organisationQuery,
    responses: ok('The organization', res.organisationDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      const own = await core.getOwnOrganization(principal, params.orgId);
      sendDocument(req, out, 200, {
        data: organisationResource(own, urlsOf(req), resourceOptions(query, ORGANISATION_TYPE).fields),
        links: { self: selfLink(req) },
      });
    },
  }),
];
