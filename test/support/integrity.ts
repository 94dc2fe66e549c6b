// What must hold between the stored tables whatever happened (a race, a crash): every account that
// a v2/v3 create made has its first key, no key outlives its account, every account, key and
// revocation has its audit event, and no audit event names something that never came to be.

type Query = <T>(sql: string) => Promise<T[]>;

export interface IntegrityViolations {
  accountsWithoutFirstKey: string[];
  keysWithoutAccount: string[];
  unaudited: string[];
  auditOfNothing: string[];
}

export async function integrityViolations(query: Query): Promise<IntegrityViolations> {
  const ids = async (sql: string) => (await query<{ id: string }>(sql)).map((r) => r.id);
  const [accountsWithoutFirstKey, keysWithoutAccount, unaudited, auditOfNothing] = await Promise.all([
    // v1 makes accounts without keys; v2, v3 and the bootstrap ('system') make the first key in the same transaction.
    ids(`SELECT a.id FROM service_accounts a JOIN audit_events e ON e.target_id = a.id AND e.action = 'service-account.create'
         WHERE e.dialect IN ('v2', 'v3', 'system') AND NOT EXISTS (SELECT 1 FROM keys k WHERE k.service_account_id = a.id)`),
    ids('SELECT k.id FROM keys k LEFT JOIN service_accounts a ON a.id = k.service_account_id WHERE a.id IS NULL'),
    ids(`SELECT a.id FROM service_accounts a
           WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = a.id AND e.action = 'service-account.create')
         UNION ALL SELECT k.id FROM keys k
           WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = k.id AND e.action = 'key.create')
         UNION ALL SELECT k.id FROM keys k WHERE k.revoked_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = k.id AND e.action = 'key.revoke')`),
    // An event about an account or key that does not exist is fine only when the account was deleted.
    ids(`SELECT e.id FROM audit_events e WHERE e.target_type IN ('service-account', 'key')
           AND NOT EXISTS (SELECT 1 FROM service_accounts a WHERE a.id = e.target_id)
           AND NOT EXISTS (SELECT 1 FROM keys k WHERE k.id = e.target_id)
           AND NOT EXISTS (SELECT 1 FROM audit_events d WHERE d.action = 'service-account.delete' AND d.target_id = e.service_account_id)`),
  ]);
  return { accountsWithoutFirstKey, keysWithoutAccount, unaudited, auditOfNothing };
}

export const NO_VIOLATIONS: IntegrityViolations = {
  accountsWithoutFirstKey: [],
  keysWithoutAccount: [],
  unaudited: [],
  auditOfNothing: [],
};
