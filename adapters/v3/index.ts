import { Router } from 'express';
import type { Dialect } from '../../src/http/dialect';
import { renderV2Error } from '../v2/errors';

/** Ctrl-Hub-style JSON:API 1.1 under /v3/orgs/{orgId}/iam. (Being built: issue 4.) */
export const v3Dialect: Dialect = {
  name: 'v3',
  basePath: '/v3/orgs/:orgId/iam',
  mediaTypes: ['application/vnd.api+json', 'application/json'],
  routes: () => Router(),
  renderError: renderV2Error,
};
