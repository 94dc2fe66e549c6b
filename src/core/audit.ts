// The audit log: each use case records what it changed inside its own transaction, so a change
// and its record land together or not at all.
import type { Principal } from './authorization';
import type { CoreDeps } from './deps';
import { requireCapability } from './authorization';
import type { AuditEvent } from './model';
import type { Repositories } from './ports';
import { getAccountOr404 } from './views';

export type AuditFact = Pick<AuditEvent, 'action' | 'targetType' | 'targetId' | 'serviceAccountId' | 'changes'>;

/** The acting principal, or null for the system (bootstrap, CLI). */
export async function recordAudit(deps: CoreDeps, repos: Repositories, actor: Principal | null, fact: AuditFact, organizationId: string): Promise<void> {
  await repos.audit.insert({
    id: deps.ids.next(),
    organizationId,
    actorId: actor?.accountId ?? null,
    actorKeyId: actor?.keyId ?? null,
    dialect: actor?.via?.dialect ?? 'system',
    requestId: actor?.via?.requestId ?? null,
    createdAt: deps.clock.now().toISOString(),
    ...fact,
  });
}

export async function listAuditEvents(
  deps: CoreDeps, p: Principal, accountId: string, limit: number, afterId?: string,
): Promise<{ items: AuditEvent[]; hasMore: boolean }> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    await getAccountOr404(repos, p.organizationId, accountId);
    const rows = await repos.audit.listForAccount(p.organizationId, accountId, limit + 1, afterId);
    return { items: rows.slice(0, limit), hasMore: rows.length > limit };
  });
}
