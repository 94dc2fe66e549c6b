// v3 dialect usage query (issue 18): filter[dialect] is required.
export { usageCollection } from './responses';

const pageLimit = { type: 'integer', minimum: 1, maximum: 100 } as const;
const pageOffset = { type: 'integer', minimum: 0, maximum: 1_000_000 } as const;

export const usageQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['filter[dialect]'],
  properties: {
    'filter[dialect]': { type: 'string', pattern: '^[a-z][a-z0-9-]{0,19}$' },
    'filter[since_days]': { type: 'integer', minimum: 1, maximum: 400 },
    limit: pageLimit, offset: pageOffset, 'page[limit]': pageLimit, 'page[offset]': pageOffset,
  },
};
