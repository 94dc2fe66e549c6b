// /service-accounts/{id}/logs: the account's audit log as `logs` resources, oldest first, paged
// like every v3 list.
import { Router } from 'express';
import type { IamCore } from '../../src/core';
import { principalOf } from '../../src/http/context';
import { lowerCaseIds } from '../../src/http/path-ids';
import * as queries from '../../schemas/v3/queries';
import { sendDocument } from './document';
import { urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions } from './query';
import { queryReader } from './query-reader';
import { logResource } from './resources';
import { LOG_TYPE } from './resource-types';

const validate = queryReader(queries.logQuery);

export function logRoutes(core: IamCore): Router {
  const r = lowerCaseIds(Router({ mergeParams: true }), 'id');

  r.get('/service-accounts/:id/logs', async (req, res) => {
    const q = validate(req.query);
    const options = resourceOptions(q, LOG_TYPE);
    const page = parsePage(q);
    // The core pages a log by keyset (after an event id), but an offset names no event to start
    // after: the log is read from its start to the page's end, which MAX_LOG_OFFSET keeps small.
    // Entries are only ever appended, so an offset always names the same entry.
    const read = await core.listAuditEvents(principalOf(req), req.params.id, page.offset + page.limit);
    const urls = urlsOf(req);
    // Past MAX_LOG_OFFSET no page can be asked for, so no `next` points there.
    const hasMore = read.hasMore && page.offset + page.limit <= queries.MAX_LOG_OFFSET;
    sendDocument(req, res, 200, {
      data: read.items.slice(page.offset).map((e) => logResource(e, urls, options.fields)),
      ...paginate(req, page, { hasMore }),
    });
  });

  return r;
}
