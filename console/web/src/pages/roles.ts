/** v2's organizational roles, most powerful first (src/core/model.ts ROLES; the console imports no server code). */
export const ROLES = ['Admin', 'UserAdmin', 'WorkspaceAdmin', 'AgentAdmin', 'Member'] as const;
