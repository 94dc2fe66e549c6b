// The requests an account made (request logs), newest first; every secret in them reads "redacted".
import type { RequestLogPageQuery } from '../request-logs';
import { entry } from './entry';

export const listRequestLogs = entry({
  operationId: 'listRequestLogs',
  summary: 'The requests an account made, newest first',
  description: 'What the account sent and what it was answered, newest first, a page at a time. Every secret reads `redacted`.',
  needs: 'read',
  resource: 'logs',
  run: (core, p, input: { accountId: string; page: RequestLogPageQuery }) => core.listRequestLogs(p, input.accountId, input.page),
});

export const getRequestLog = entry({
  operationId: 'getRequestLog',
  summary: 'One request the account made',
  description: "One of the account's requests, by its id.",
  needs: 'read',
  resource: 'logs',
  run: (core, p, input: { accountId: string; id: string }) => core.getRequestLog(p, input.accountId, input.id),
});
