// v3 dialect usage query (issue 18): filter[dialect] is required.
import { Type } from '@sinclair/typebox';
import { about } from '../common/fields';

export { usageCollection } from './responses';

const { Optional } = Type;
const pageLimit = Optional(
  about(
    'How many accounts a page holds (default 10); `limit` and `page[limit]` are one parameter: send one.',
    Type.Integer({ minimum: 1, maximum: 100 }),
  ),
);
const pageOffset = Optional(
  about(
    'How many accounts to skip (default 0); `offset` and `page[offset]` are one parameter: send one.',
    Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  ),
);

export const usageQuery = Type.Object(
  {
    'filter[dialect]': about(
      'The dialect (`v1`, `v2`, `v3` …, or `oauth2`, `forward-auth`).',
      Type.String({ pattern: '^[a-z][a-z0-9-]{0,19}$' }),
    ),
    'filter[since_days]': Optional(about('Over how many days, up to today (default 30).', Type.Integer({ minimum: 1, maximum: 400 }))),
    limit: pageLimit,
    offset: pageOffset,
    'page[limit]': pageLimit,
    'page[offset]': pageOffset,
  },
  { additionalProperties: false },
);
