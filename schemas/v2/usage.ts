// v2 dialect usage (issue 18): who called which dialect, from the daily sums.
import { closed, text, timestamp, uuid } from '../common/fields';
import { USAGE_DIALECTS } from '../../src/core/usage';

/** A dialect's name, or oauth2 / forward-auth: any dialect listed in src/dialects.ts may appear. */
const dialectName = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,19}$' } as const;
const use = closed({ requests: { type: 'integer', minimum: 0 }, lastUsedAt: timestamp });
const perDialect = { type: 'object', propertyNames: dialectName, additionalProperties: use } as const;

export const accountUsage = closed({
  dialects: perDialect,
  keys: { type: 'array', items: closed({ id: uuid, clientSecretPrefix: { type: ['string', 'null'] }, dialects: perDialect }) },
  days: {
    type: 'array',
    // Requests per dialect that day: every one of USAGE_DIALECTS, and any other dialect that was called.
    items: {
      type: 'object',
      required: ['date', ...USAGE_DIALECTS],
      properties: { date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
      additionalProperties: { type: 'integer', minimum: 0 },
    },
  },
});

export const dialectUser = closed({
  accountId: uuid,
  /** Null when the account has been deleted since. */
  name: { type: ['string', 'null'] },
  requests: { type: 'integer', minimum: 1 },
  lastUsedAt: timestamp,
  keys: { type: 'array', items: closed({ id: text, requests: { type: 'integer', minimum: 1 }, lastUsedAt: timestamp }) },
  routes: { type: 'array', items: closed({ method: text, route: text, requests: { type: 'integer', minimum: 1 } }) },
});

export const usageQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['dialect'],
  properties: {
    dialect: dialectName,
    sinceDays: { type: 'integer', minimum: 1, maximum: 400 },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    continuationToken: { type: 'string', minLength: 1, maxLength: 512 },
  },
};

export const accountUsageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 1, maximum: 400 } },
};
