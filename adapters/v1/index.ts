import { v1Api } from '../../schemas/v1/api';
import type { Dialect } from '../../src/http/dialect';
import { renderV1Error } from './errors';
import { v1Routes } from './routes';

/** Legacy v1 (B3OS-style): `{code, data, message, requestId}` envelopes, errors in the same shape. */
export const v1Dialect: Dialect = {
  name: 'v1',
  basePath: '/v1',
  mediaTypes: ['application/json'],
  routes: v1Routes,
  renderError: renderV1Error,
  api: v1Api,
};
