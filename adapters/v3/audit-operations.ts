// GET /v3/audit-events: the caller's organization's audit trail, newest first (Ctrl-Hub's place for
// it; no {orgId} in the path: it is always the caller's own organization).
import type { Static } from '@sinclair/typebox';
import { audit } from '../../src/core/catalogue';
import type { AuditEvent } from '../../src/core/model';
import type { AuditFilter } from '../../src/core/ports';
import { ok } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as res from '../../schemas/v3/responses';
import { document } from './document';
import { features } from './features';
import { AUDIT_RESOURCE_TYPE, auditEventResource } from './log-resources';
import { paginate, parsePage } from './pagination';
import { resourceOptions } from './query';
import { AUDIT_EVENT_TYPE } from './resource-types';
import { bind } from './bind';

type AuditQuery = Static<typeof queries.auditEventQuery>;

const CORE_TARGET_TYPE = Object.fromEntries(Object.entries(AUDIT_RESOURCE_TYPE).map(([core, v3]) => [v3, core])) as Record<
  string,
  AuditEvent['targetType']
>;

function filterOf(q: AuditQuery): AuditFilter {
  const filter: AuditFilter = {};
  if (q['filter[resource.id]'] !== undefined) filter.targetId = q['filter[resource.id]'].toLowerCase();
  if (q['filter[resource.type]'] !== undefined) filter.targetType = CORE_TARGET_TYPE[q['filter[resource.type]']];
  if (q['filter[operation]'] !== undefined) filter.verb = q['filter[operation]'];
  return filter;
}

export const auditOperations = [
  bind(audit.listOrganizationAuditEvents, {
    method: 'get',
    path: '/audit-events',
    query: queries.auditEventQuery,
    description:
      "Always the caller's own organization. Who (`principal`), what (`resource`, `operation`), from where (`context`) and each " +
      'value before and after; `filter[resource.id]`, `filter[resource.type]`, `filter[operation]`. No total is counted, so no `last` ' +
      'link. Secrets never appear.',
    summary: `The organization's audit events, newest first (offsets up to ${queries.MAX_LOG_OFFSET}): before and after values, who, from where`,
    responses: ok('A page of audit events', res.auditEventCollection),
    parse: ({ query }) => {
      const options = resourceOptions(query, AUDIT_EVENT_TYPE);
      return { ...parsePage(query), filter: filterOf(query), options };
    },
    reply: (read, request, page) => {
      // Past MAX_LOG_OFFSET no page can be asked for, so no `next` points there.
      const hasMore = read.hasMore && page.offset + page.limit <= queries.MAX_LOG_OFFSET;
      const parts = paginate(request, page, { hasMore });
      return document(request, 200, {
        data: read.items.map((e) => auditEventResource(e, page.options.fields)),
        links: parts.links,
        meta: { ...parts.meta, ...features(AUDIT_EVENT_TYPE) },
      });
    },
  }),
];
