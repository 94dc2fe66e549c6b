// Request logs and audit events as v3 resources, in Ctrl-Hub's shapes (vendors.md): a log is one
// request an account made (already redacted when it was stored), an audit event one change.
import type { AuditEvent } from '../../src/core/model';
import type { RequestLog } from '../../src/core/request-logs';
import type { Json } from './document';
import type { V3Urls } from './links';
import type { Fieldsets } from './query';
import { identifier, sparse, type ResourceObject } from './resources';
import { ACCOUNT_TYPE, AUDIT_EVENT_TYPE, LOG_TYPE } from './resource-types';

/** A raw query string as name → values, decoded as a server reads it. */
function queryMap(rawQuery: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) (out[name] ??= []).push(value);
  return out;
}

export function logResource(log: RequestLog, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  const wanted = fields[LOG_TYPE];
  const actor = identifier(ACCOUNT_TYPE, log.serviceAccountId);
  const toActor = { data: actor, links: { related: urls.account(log.serviceAccountId) } };
  return {
    type: LOG_TYPE,
    id: log.id,
    attributes: sparse(
      {
        actor,
        duration: log.durationUs / 1000,
        request: {
          time: log.requestedAt,
          headers: log.requestHeaders,
          body: log.requestBody,
          path: log.path,
          query: queryMap(log.rawQuery),
          raw_query: log.rawQuery,
          method: log.method,
          content_length: log.contentLength,
        },
        response: { time: log.respondedAt, body: log.responseBody, headers: log.responseHeaders, status: log.status },
      },
      wanted,
    ),
    meta: {
      created_at: log.requestedAt,
      request_id: log.requestId,
      dialect: log.dialect,
      route: log.route,
      key_id: log.keyId,
      client_ip: log.clientIp,
    },
    relationships: sparse({ service_account: toActor, actor: toActor }, wanted),
    links: { self: urls.log(log.serviceAccountId, log.id) },
  };
}

/** Core target types → the v3 (Ctrl-Hub) names of the resources; `filter[resource.type]` maps back. */
export const AUDIT_RESOURCE_TYPE: Record<string, string> = {
  'service-account': 'service-accounts',
  key: 'service-account-keys',
  workspace: 'workspaces',
  organization: 'organisations',
  role: 'roles',
  group: 'groups',
  'federated-credential': 'federated-credentials',
  'credential-policy': 'credential-policies',
  webhook: 'webhooks',
};

/** `service-account.create` → `create`; `group.member.add` → `add`. */
export const operationOf = (action: string) => action.slice(action.lastIndexOf('.') + 1);

function dataType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The account that acted; null for the system; a report's kind (`secret-scanning` …) with no id: no account acted. */
function principalOf(e: AuditEvent): Json {
  if (e.principalType !== 'service-accounts') return { type: e.principalType, id: null };
  return e.actorId ? identifier(ACCOUNT_TYPE, e.actorId) : null;
}

/** Where a secret-scanning report says the leaked secret was found. */
function reportOf(e: AuditEvent): { report?: Json } {
  const report = e.changes.report;
  if (e.principalType !== 'secret-scanning' || typeof report !== 'object' || report === null) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { report: { url: text('url' in report ? report.url : null), source: text('source' in report ? report.source : null) } };
}

export function auditEventResource(e: AuditEvent, fields: Fieldsets = {}): ResourceObject {
  const wanted = fields[AUDIT_EVENT_TYPE];
  return {
    type: AUDIT_EVENT_TYPE,
    id: e.id,
    attributes: sparse(
      {
        time: e.createdAt,
        operation: operationOf(e.action),
        resource: { type: AUDIT_RESOURCE_TYPE[e.targetType] ?? e.targetType, id: e.targetId, name: e.targetName },
        values: e.values.map((v) => ({
          field: v.field,
          before: v.before ?? null,
          after: v.after ?? null,
          data_type: dataType(v.after ?? v.before),
        })),
        principal: principalOf(e),
        request_id: e.requestId,
        context: { client_ip: e.clientIp, user_agent: e.userAgent, ...reportOf(e) },
      },
      wanted,
    ),
    meta: { created_at: e.createdAt },
    relationships: sparse({ organisation: { data: { type: 'organisations', id: e.organizationId } } }, wanted),
  };
}
