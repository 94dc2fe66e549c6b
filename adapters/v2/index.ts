import { v2Api } from '../../schemas/v2/api';
import type { Dialect } from '../../src/http/dialect';
import { renderV2Error } from './errors';
import { v2Routes } from './routes';

/** Contraforce-style v2: `{data, meta}` envelopes and RFC 7807 problems. */
export const v2Dialect: Dialect = {
  name: 'v2',
  basePath: '/api/v2',
  mediaTypes: ['application/json'],
  routes: v2Routes,
  renderError: renderV2Error,
  api: v2Api,
};
