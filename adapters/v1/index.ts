import { Router } from 'express';
import type { Dialect } from '../../src/http/dialect';
import { renderV2Error } from '../v2/errors';

/** Legacy v1: `{code, data, message, requestId}` envelope. (Being built: issue 3.) */
export const v1Dialect: Dialect = {
  name: 'v1',
  basePath: '/v1',
  mediaTypes: ['application/json'],
  routes: () => Router(),
  renderError: renderV2Error,
};
