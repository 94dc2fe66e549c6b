// The audit log: each use case records what it changed inside its own transaction, so a change
// and its record land together or not at all.
import type { Principal } from './authorization';
import type { CoreDeps } from './deps';
import { requireCapability } from './authorization';
import type { AuditEvent, AuditValue } from './model';
import type { AuditFilter, Repositories } from './ports';
import { getAccountOr404 } from './views';
import { enqueueWebhooks } from './webhook-outbox';

export type AuditFact = Pick<AuditEvent, 'action' | 'targetType' | 'targetId' | 'serviceAccountId' | 'changes'> & {
  /** Who acted when not a service account's credential (the janitor: `policy`). */
  principalType?: AuditEvent['principalType'];
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
 * The acting principal, or null for the system (bootstrap, CLI, the janitor). Every audit write goes
 * through here, and so does every webhook event: the outbox rows are written in the same transaction.
 */
export async function recordAudit(
  deps: CoreDeps,
  repos: Repositories,
  actor: Principal | null,
  fact: AuditFact,
  organizationId: string,
): Promise<void> {
  const event: AuditEvent = {
    id: deps.ids.next(),
    organizationId,
    actorId: actor?.accountId ?? null,
    actorKeyId: actor?.keyId ?? null,
    dialect: actor?.via?.dialect ?? 'system',
    requestId: actor?.via?.requestId ?? null,
    clientIp: actor?.via?.clientIp ?? null,
    userAgent: actor?.via?.userAgent ?? null,
    createdAt: deps.clock.now().toISOString(),
    action: fact.action,
    targetType: fact.targetType,
    targetId: fact.targetId,
    serviceAccountId: fact.serviceAccountId,
    changes: fact.changes,
    values: valuesOf(fact),
    targetName: fact.targetName !== undefined ? fact.targetName : typeof fact.changes.name === 'string' ? fact.changes.name : null,
    principalType: fact.principalType ?? null,
  };
  await repos.audit.insert(event);
  await enqueueWebhooks(deps, repos, event);
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
