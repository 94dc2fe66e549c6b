// v3 dialect usage query (issue 18): filter[dialect] is required.
import { about } from '../common/fields';

export { usageCollection } from './responses';

const pageLimit = about('How many accounts a page holds (default 10); `limit` and `page[limit]` are one parameter: send one.', {
  type: 'integer',
  minimum: 1,
  maximum: 100,
} as const);
const pageOffset = about('How many accounts to skip (default 0); `offset` and `page[offset]` are one parameter: send one.', {
  type: 'integer',
  minimum: 0,
  maximum: 1_000_000,
} as const);

export const usageQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['filter[dialect]'],
  properties: {
    'filter[dialect]': about('The dialect (`v1`, `v2`, `v3` …, or `oauth2`, `forward-auth`).', {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,19}$',
    }),
    'filter[since_days]': about('Over how many days, up to today (default 30).', { type: 'integer', minimum: 1, maximum: 400 }),
    limit: pageLimit,
    offset: pageOffset,
    'page[limit]': pageLimit,
    'page[offset]': pageOffset,
  },
};
