// v2 dialect usage (issue 18): who called which dialect, from the daily sums.
import { about, closed, text, timestamp, uuid } from '../common/fields';
import { USAGE_DIALECTS } from '../../src/core/usage';

/** A dialect's name, or oauth2 / forward-auth: any dialect listed in src/dialects.ts may appear. */
const dialectName = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,19}$' } as const;
const use = closed({
  requests: about('How many requests.', { type: 'integer', minimum: 0 }),
  lastUsedAt: about('When the last one was made.', timestamp),
});
const perDialect = { type: 'object', propertyNames: dialectName, additionalProperties: use } as const;

export const accountUsage = about(
  "One account's use of every dialect over the days asked for.",
  closed({
    dialects: about('Requests per dialect (and `oauth2`, `forward-auth`), over all its keys.', perDialect),
    keys: about('The same, per key.', {
      type: 'array',
      items: closed({
        id: about("The key's id.", uuid),
        clientSecretPrefix: about('The first characters of its secret; null once the key is gone.', { type: ['string', 'null'] }),
        dialects: about('Its requests per dialect.', perDialect),
      }),
    }),
    days: about('Requests per dialect, day by day (UTC), oldest first.', {
      type: 'array',
      // Requests per dialect that day: every one of USAGE_DIALECTS, and any other dialect that was called.
      items: {
        type: 'object',
        required: ['date', ...USAGE_DIALECTS],
        properties: { date: about('The day, `YYYY-MM-DD` (UTC).', { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
        additionalProperties: { type: 'integer', minimum: 0 },
      },
    }),
  }),
);

export const dialectUser = about(
  'An account that called the dialect, with how often, through which keys and routes.',
  closed({
    serviceAccountId: about("The service account's id (v2's `accountId` is the organization's).", uuid),
    name: about('Its name; null when the account has been deleted since.', { type: ['string', 'null'] }),
    requests: about('How many requests it made through the dialect.', { type: 'integer', minimum: 1 }),
    lastUsedAt: about('When it last did.', timestamp),
    keys: about('The keys it called with.', {
      type: 'array',
      items: closed({
        id: about("The key's id.", text),
        requests: about('How many requests with it.', { type: 'integer', minimum: 1 }),
        lastUsedAt: about('When it was last used so.', timestamp),
      }),
    }),
    routes: about('The routes it called.', {
      type: 'array',
      items: closed({
        method: about('The HTTP method.', text),
        route: about('The route as express names it (`/api/v2/service-accounts/:id`).', text),
        requests: about('How many requests.', { type: 'integer', minimum: 1 }),
      }),
    }),
  }),
);

export const usageQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['dialect'],
  properties: {
    dialect: about('The dialect (`v1`, `v2`, `v3` …, or `oauth2`, `forward-auth`).', dialectName),
    sinceDays: about('Over how many days, up to today (default 30).', { type: 'integer', minimum: 1, maximum: 400 }),
    limit: about('How many accounts a page holds (default 50).', { type: 'integer', minimum: 1, maximum: 100 }),
    continuationToken: about("The previous page's `pagination.continuationToken`, for the next page.", {
      type: 'string',
      minLength: 1,
      maxLength: 512,
    }),
  },
};

export const accountUsageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { days: about('Over how many days, up to today (default 90).', { type: 'integer', minimum: 1, maximum: 400 }) },
};
