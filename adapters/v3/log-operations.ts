// /service-accounts/{id}/logs: the requests the account made (request logs, newest first), paged like
// every v3 list, filtered by status or method; and one of them by id.
import { operation } from '../../src/http/operation';
import type { RequestLogFilter } from '../../src/core/request-logs';
import { ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { sendDocument } from './document';
import { features } from './features';
import { selfLink, urlsOf } from './links';
import { logResource } from './log-resources';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Query } from './query';
import { LOG_TYPE } from './resource-types';

type LogQuery = Query & { 'filter[status]'?: string; 'filter[method]'?: string };

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
  operation<unknown, LogQuery>({
    method: 'get',
    path: LOGS,
    needs: 'read',
    query: queries.logQuery,
    operationId: 'listRequestLogs',
    tag: TAGS.logs,
    description:
      `What the account sent and what it was answered, newest first, in offset pages up to offset ${queries.MAX_LOG_OFFSET} ` +
      '(no total is counted, so no `last` link); `filter[status]` (`404`, `4xx`) and `filter[method]`. Every secret, in headers and ' +
      'bodies, reads `redacted`.',
    summary: `The requests an account made, newest first (offsets up to ${queries.MAX_LOG_OFFSET}); secrets read "redacted"`,
    responses: ok('A page of request logs', res.logCollection),
    async handle({ req, res: out, core, principal, params, query }) {
      const options = resourceOptions(query, LOG_TYPE);
      const page = parsePage(query);
      const read = await core.listRequestLogs(principal, params.id, { ...page, filter: filterOf(query) });
      // Past MAX_LOG_OFFSET no page can be asked for, so no `next` points there.
      const hasMore = read.hasMore && page.offset + page.limit <= queries.MAX_LOG_OFFSET;
      const urls = urlsOf(req);
      const parts = paginate(req, page, { hasMore });
      sendDocument(req, out, 200, {
        data: read.items.map((l) => logResource(l, urls, options.fields)),
        links: parts.links,
        meta: { ...parts.meta, ...features(LOG_TYPE) },
      });
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: `${LOGS}/{logId}`,
    needs: 'read',
    query: queries.logItemQuery,
    operationId: 'getRequestLog',
    tag: TAGS.logs,
    description: "One of the account's requests, by its id.",
    summary: 'One request the account made',
    responses: ok('The request log', res.logDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      const options = resourceOptions(query, LOG_TYPE);
      const log = await core.getRequestLog(principal, params.id, params.logId);
      sendDocument(req, out, 200, { data: logResource(log, urlsOf(req), options.fields), links: { self: selfLink(req) } });
    },
  }),
];
