// Workspaces exist so that v2 workspace assignments can point at something real.
import { requireCapability, type Principal } from './authorization';
import { recordAudit } from './audit';
import type { CoreDeps } from './deps';
import { conflict } from './errors';
import type { Workspace } from './model';
import { UniqueViolation } from './ports';
import { FieldChecks, normalizeName } from './rules';

export async function createWorkspace(deps: CoreDeps, p: Principal, rawName: string): Promise<Workspace> {
  requireCapability(p, 'write');
  const checks = new FieldChecks();
  const name = normalizeName(rawName, checks);
  checks.throwIfAny();
  const ws: Workspace = { id: deps.ids.next(), organizationId: p.organizationId, name, createdAt: deps.clock.now().toISOString() };
  try {
    await deps.store.transaction(async (repos) => {
      await repos.workspaces.insert(ws);
      await recordAudit(
        deps,
        repos,
        p,
        { action: 'workspace.create', targetType: 'workspace', targetId: ws.id, serviceAccountId: null, changes: { name } },
        p.organizationId,
      );
    });
  } catch (err) {
    if (err instanceof UniqueViolation)
      throw conflict(`A workspace named "${name}" already exists`, [{ field: 'name', message: 'is already taken' }]);
    throw err;
  }
  return ws;
}

export async function listWorkspaces(deps: CoreDeps, p: Principal): Promise<Workspace[]> {
  requireCapability(p, 'read');
  return deps.store.run((repos) => repos.workspaces.list(p.organizationId));
}
