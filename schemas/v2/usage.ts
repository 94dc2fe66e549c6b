// v2 dialect usage (issue 18): who called which dialect, from the daily sums.
import { Type, type Static } from '@sinclair/typebox';
import { about, closedObject, optionalText, text, timestamp, uuid } from '../common/fields';
import { USAGE_DIALECTS } from '../../src/core/usage';
import { pageLimit, pageToken } from './requests';

/** A dialect's name, or oauth2 / forward-auth: any dialect listed in src/dialects.ts may appear. */
const dialectName = Type.String({ pattern: '^[a-z][a-z0-9-]{0,19}$' });
const use = closedObject({
  requests: about('How many requests.', Type.Integer({ minimum: 0 })),
  lastUsedAt: about('When the last one was made.', timestamp),
});
const perDialect = Type.Unsafe<Record<string, Static<typeof use>>>({
  type: 'object',
  propertyNames: dialectName,
  additionalProperties: use,
});

export const accountUsage = about(
  "One account's use of every dialect over the days asked for.",
  closedObject({
    dialects: about('Requests per dialect (and `oauth2`, `forward-auth`), over all its keys.', perDialect),
    keys: about(
      'The same, per key.',
      Type.Array(
        closedObject({
          id: about("The key's id.", uuid),
          clientSecretPrefix: about('The first characters of its secret; null once the key is gone.', optionalText),
          dialects: about('Its requests per dialect.', perDialect),
        }),
      ),
    ),
    days: about(
      'Requests per dialect, day by day (UTC), oldest first.',
      Type.Array(
        // Requests per dialect that day: every one of USAGE_DIALECTS, and any other dialect that was called.
        Type.Unsafe<{ date: string } & Record<string, string | number>>({
          type: 'object',
          required: ['date', ...USAGE_DIALECTS],
          properties: { date: about('The day, `YYYY-MM-DD` (UTC).', Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
          additionalProperties: { type: 'integer', minimum: 0 },
        }),
      ),
    ),
  }),
);

export const dialectUser = about(
  'An account that called the dialect, with how often, through which keys and routes.',
  closedObject({
    serviceAccountId: about("The service account's id (v2's `accountId` is the organization's).", uuid),
    name: about('Its name; null when the account has been deleted since.', optionalText),
    requests: about('How many requests it made through the dialect.', Type.Integer({ minimum: 1 })),
    lastUsedAt: about('When it last did.', timestamp),
    keys: about(
      'The keys it called with.',
      Type.Array(
        closedObject({
          id: about("The key's id.", text),
          requests: about('How many requests with it.', Type.Integer({ minimum: 1 })),
          lastUsedAt: about('When it was last used so.', timestamp),
        }),
      ),
    ),
    routes: about(
      'The routes it called.',
      Type.Array(
        closedObject({
          method: about('The HTTP method.', text),
          route: about('The route as express names it (`/api/v2/service-accounts/:id`).', text),
          requests: about('How many requests.', Type.Integer({ minimum: 1 })),
        }),
      ),
    ),
  }),
);

export const usageQuery = Type.Object(
  {
    dialect: about('The dialect (`v1`, `v2`, `v3` …, or `oauth2`, `forward-auth`).', dialectName),
    sinceDays: Type.Optional(about('Over how many days, up to today (default 30).', Type.Integer({ minimum: 1, maximum: 400 }))),
    limit: Type.Optional(pageLimit('accounts')),
    continuationToken: Type.Optional(pageToken("The previous page's `pagination.continuationToken`, for the next page.")),
  },
  { additionalProperties: false },
);

export const accountUsageQuery = Type.Object(
  { days: Type.Optional(about('Over how many days, up to today (default 90).', Type.Integer({ minimum: 1, maximum: 400 }))) },
  { additionalProperties: false },
);

export type V2AccountUsage = Static<typeof accountUsage>;
export type V2DialectUser = Static<typeof dialectUser>;
