import { v3Api } from '../../schemas/v3/api';
import type { Dialect } from '../../src/http/dialect';
import { renderV3Error } from './errors';
import { checkAccept, checkContentType, JSONAPI_MEDIA_TYPE } from './media-type';
import { v3Routes } from './routes';

/** Ctrl-Hub-style JSON:API 1.1 under /v3/orgs/{orgId}/iam (contract section 5). */
export const v3Dialect: Dialect = {
  name: 'v3',
  basePath: '/v3/orgs/:orgId/iam',
  fallbackPrefix: '/v3',
  mediaTypes: [JSONAPI_MEDIA_TYPE, 'application/json'],
  before: [checkContentType, checkAccept],
  routes: v3Routes,
  renderError: renderV3Error,
  api: v3Api,
};
