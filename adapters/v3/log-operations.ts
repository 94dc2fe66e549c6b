// /service-accounts/{id}/logs: the requests the account made (request logs, newest first), paged like
// every v3 list, filtered by status or method; and one of them by id.
import type { Static } from '@sinclair/typebox';
import { logs } from '../../src/core/catalogue';
import type { RequestLogFilter } from '../../src/core/request-logs';
import { ok, ORG_IAM } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { features } from './features';
import { selfLink, urlsOf } from './links';
import { logResource } from './log-resources';
import { paginate, parsePage } from './pagination';
import { resourceOptions } from './query';
import { LOG_TYPE } from './resource-types';
import { bind } from './bind';

type LogQuery = Static<typeof queries.logQuery>;

const LOGS = `${ORG_IAM}/service-accounts/{id}/logs`;

/** `404` → 404 only; `4xx` → 400–499. */
function filterOf(q: LogQuery): RequestLogFilter {
  const filter: RequestLogFilter = {};
  const status = q['filter[status]'];
  if (status !== undefined) {
    const from = status.endsWith('xx') ? Number(status[0]) * 100 : Number(status);
    filter.status = { from, to: status.endsWith('xx') ? from + 99 : from };
  }
  if (q['filter[method]'] !== undefined) filter.method = q['filter[method]'].toUpperCase();
  return filter;
}

export const logOperations = [
  bind(logs.listRequestLogs, {
    method: 'get',
    path: LOGS,
    query: queries.logQuery,
    description:
      `What the account sent and what it was answered, newest first, in offset pages up to offset ${queries.MAX_LOG_OFFSET} ` +
      '(no total is counted, so no `last` link); `filter[status]` (`404`, `4xx`) and `filter[method]`. Every secret, in headers and ' +
      'bodies, reads `redacted`.',
    summary: `The requests an account made, newest first (offsets up to ${queries.MAX_LOG_OFFSET}); secrets read "redacted"`,
    responses: ok('A page of request logs', res.logCollection),
    parse: ({ params, query }) => {
      const options = resourceOptions(query, LOG_TYPE);
      const page = parsePage(query);
      return { accountId: params.id, page: { ...page, filter: filterOf(query) }, options };
    },
    reply: (read, request, { page, options }) => {
      // Past MAX_LOG_OFFSET no page can be asked for, so no `next` points there.
      const hasMore = read.hasMore && page.offset + page.limit <= queries.MAX_LOG_OFFSET;
      const urls = urlsOf(request);
      const parts = paginate(request, page, { hasMore });
      return document(request, 200, {
        data: read.items.map((l) => logResource(l, urls, options.fields)),
        links: parts.links,
        meta: { ...parts.meta, ...features(LOG_TYPE) },
      });
    },
  }),
  bind(logs.getRequestLog, {
    method: 'get',
    path: `${LOGS}/{logId}`,
    query: queries.logItemQuery,
    description: "One of the account's requests, by its id.",
    responses: ok('The request log', res.logDocument),
    parse: ({ params, query }) => ({ accountId: params.id, id: params.logId, options: resourceOptions(query, LOG_TYPE) }),
    reply: (log, request, { options }) =>
      document(request, 200, { data: logResource(log, urlsOf(request), options.fields), links: { self: selfLink(request) } }),
  }),
];
