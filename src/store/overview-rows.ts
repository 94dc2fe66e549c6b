// The Repositories' `overview`: figures and catalogues over one organization's rows, one statement
// each (issue 26: `…/service-accounts/stats`, `/v3/iam/permissions`).
import type { EntityManager } from 'typeorm';
import type { Repositories } from '../core/ports';

export function overviewRows(m: EntityManager): Repositories['overview'] {
  const pg = m.connection.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  // Permissions are JSON arrays in text columns. Accounts mostly share a few arrays: each distinct
  // one is expanded once (on a synthetic million-account SQLite table, 0.2-0.3 s instead of 2 s),
  // then UNION keeps each name once.
  const permissionsSql = pg
    ? `SELECT json_array_elements_text(a.permissions::json) AS permission
         FROM (SELECT DISTINCT permissions FROM service_accounts WHERE organization_id = ${p(1)}) a
       UNION SELECT json_array_elements_text(r.permissions::json) FROM roles r WHERE r.organization_id = ${p(2)}`
    : `SELECT j.value AS permission
         FROM (SELECT DISTINCT permissions FROM service_accounts WHERE organization_id = ${p(1)}) a, json_each(a.permissions) j
       UNION SELECT j.value FROM roles r, json_each(r.permissions) j WHERE r.organization_id = ${p(2)}`;
  return {
    keyCounts: async (orgId) => {
      const [row]: { total: number | string; enabled: number | string | null }[] = await m.query(
        `SELECT COUNT(*) AS total, SUM(CASE WHEN k.enabled THEN 1 ELSE 0 END) AS enabled
         FROM keys k WHERE k.organization_id = ${p(1)} AND k.revoked_at IS NULL`,
        [orgId],
      );
      return { total: Number(row.total), enabled: Number(row.enabled ?? 0) };
    },
    permissionsInUse: async (orgId) => {
      const rows: { permission: string }[] = await m.query(permissionsSql, [orgId, orgId]);
      return rows.map((r) => r.permission);
    },
  };
}
