// Who calls which dialect (issue 18), from the daily sums every process keeps.
import { entry } from './entry';

export const accountUsage = entry({
  operationId: 'getAccountUsage',
  summary: "An account's use of every dialect, per key and per day (default 90 days)",
  description:
    'How often the account called each dialect (and `oauth2`, `forward-auth`) over the last `days` days, in all, per key ' +
    'and per day (UTC), from the daily sums every process keeps.',
  needs: 'read',
  resource: 'usage',
  run: (core, p, input: { accountId: string; days: number }) => core.accountUsage(p, input.accountId, input.days),
});

export const dialectUsers = entry({
  operationId: 'listDialectUsers',
  summary: 'The accounts that called a dialect, most recently used first',
  description:
    'Every account that called `dialect` in the last `sinceDays` days, with how often and through which keys and routes: ' +
    'who to tell before retiring it.',
  needs: 'read',
  resource: 'usage',
  run: (core, p, input: { dialect: string; sinceDays: number }) => core.dialectUsers(p, input.dialect, input.sinceDays),
});
