// The audit log: each use case records what it changed inside its own transaction, so a change
// and its record land together or not at all.
import type { Principal } from './authorization';
import type { CoreDeps } from './deps';
import { requireCapability } from './authorization';
import type { AuditEvent, AuditValue, PrincipalType } from './model';
import type { AuditFilter, Repositories } from './ports';
import { getAccountOr404 } from './views';
import { enqueueWebhooks } from './webhook-outbox';

export type AuditFact = Pick<AuditEvent, 'action' | 'targetType' | 'targetId' | 'serviceAccountId' | 'changes'> & {
  /** Who acted when it was not a request's credential nor a reporter (the janitor: `policy`). */
  principalType?: PrincipalType;
  /** Before and after of each changed field; derived from `changes` when a producer gives none. */
  values?: AuditValue[];
  /** The target's name; taken from `changes.name` when not given. */
  targetName?: string | null;
};

/** A field whose name says it could hold a credential never reaches the log, whoever produced it. */
const SECRET_FIELD = /secret|hash|password|token/i;

/** Without explicit values, `changes` are new values (a deletion's are the old ones). */
function valuesOf(fact: AuditFact): AuditValue[] {
  const values =
    fact.values ??
    Object.entries(fact.changes).map(([field, value]) =>
      fact.action.endsWith('.delete') ? { field, before: value, after: null } : { field, before: null, after: value },
    );
  return values.filter((v) => !SECRET_FIELD.test(v.field));
}

/** Field-by-field values of a change: every audited field that differs between `before` and `after`. */
export function changedValues<T extends object>(fields: readonly (keyof T & string)[], before: T | null, after: T | null): AuditValue[] {
  const out: AuditValue[] = [];
  for (const field of fields) {
    const was = before ? (before[field] ?? null) : null;
    const is = after ? (after[field] ?? null) : null;
    if (JSON.stringify(was) !== JSON.stringify(is)) out.push({ field, before: was, after: is });
  }
  return out;
}

/**
/**
 * Who acted when no service account did (issue 30): a secret-scanning partner's report or an
 * anonymous public revocation, with where the request came from (the platform routes).
 */
export interface Reporter {
  principalType: Exclude<PrincipalType, 'service-accounts'>;
  requestId: string;
  clientIp?: string;
  userAgent?: string;
}

/**
 * The acting principal, a reporter, or null for the system (bootstrap, CLI, the janitor: its facts
 * say `policy`). Every audit write goes through here, and so does every webhook event: the outbox rows
 * are written in the same transaction.
 */
export async function recordAudit(
  deps: CoreDeps,
  repos: Repositories,
  actor: Principal | Reporter | null,
  fact: AuditFact,
  organizationId: string,
): Promise<void> {
  const event = auditEvent(deps, actor, fact, organizationId);
  await repos.audit.insert(event);
  await enqueueWebhooks(deps, repos, [event]);
}

/** recordAudit for many facts at once (a change of a group's members records one per account). */
export async function recordAudits(
  deps: CoreDeps,
  repos: Repositories,
  actor: Principal | Reporter | null,
  facts: AuditFact[],
  organizationId: string,
): Promise<void> {
  if (!facts.length) return;
  const events = facts.map((fact) => auditEvent(deps, actor, fact, organizationId));
  await repos.audit.insertMany(events);
  await enqueueWebhooks(deps, repos, events);
}

function auditEvent(deps: CoreDeps, actor: Principal | Reporter | null, fact: AuditFact, organizationId: string): AuditEvent {
  const account = actor && 'accountId' in actor ? actor : null;
  const reporter = actor && 'principalType' in actor ? actor : null;
  const via = account?.via ?? (reporter ? { dialect: 'platform', ...reporter } : undefined);
  return {
    id: deps.ids.next(),
    organizationId,
    principalType: fact.principalType ?? reporter?.principalType ?? 'service-accounts',
    actorId: account?.accountId ?? null,
    actorKeyId: account?.keyId ?? null,
    dialect: via?.dialect ?? 'system',
    requestId: via?.requestId ?? null,
    clientIp: via?.clientIp ?? null,
    userAgent: via?.userAgent ?? null,
    createdAt: deps.clock.now().toISOString(),
    action: fact.action,
    targetType: fact.targetType,
    targetId: fact.targetId,
    serviceAccountId: fact.serviceAccountId,
    changes: fact.changes,
    values: valuesOf(fact),
    targetName: fact.targetName !== undefined ? fact.targetName : typeof fact.changes.name === 'string' ? fact.changes.name : null,
  };
}

/** A page of an account's events, oldest first: after an event id (keyset) or from an offset. */
export interface AuditPageQuery {
  limit: number;
  afterId?: string;
  offset?: number;
}

export async function listAuditEvents(
  deps: CoreDeps,
  p: Principal,
  accountId: string,
  q: AuditPageQuery,
): Promise<{ items: AuditEvent[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    await getAccountOr404(repos, p.organizationId, accountId);
    const rows = await repos.audit.listForAccount(p.organizationId, accountId, { ...q, limit: q.limit + 1 });
    return { items: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
  });
}

/** A page of the organization's events, newest first, optionally of one target, kind of target or operation. */
export interface OrganizationAuditQuery {
  limit: number;
  offset: number;
  filter?: AuditFilter;
}

export async function listOrganizationAuditEvents(
  deps: CoreDeps,
  p: Principal,
  q: OrganizationAuditQuery,
): Promise<{ items: AuditEvent[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    const rows = await repos.audit.listForOrganization(p.organizationId, { ...q, limit: q.limit + 1 });
    return { items: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
  });
}
