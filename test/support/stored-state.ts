// What a refused request must leave as it was: accounts, keys, tokens, workspaces and the audit
// log, as comparable text. last_used_at is left out: every authenticated request moves it.
import type { TestServer } from './server';

const SQL = [
  'SELECT id, organization_id, name, name_key, description, role, permissions, status, version FROM service_accounts ORDER BY id',
  'SELECT id, service_account_id, name, description, scopes, enabled, expires_at, revoked_at FROM keys ORDER BY id',
  'SELECT id, revoked_at FROM access_tokens ORDER BY id',
  'SELECT id, organization_id, name, name_key FROM workspaces ORDER BY id',
  'SELECT COUNT(*) AS n FROM audit_events',
  'SELECT id, name, permissions FROM roles ORDER BY id',
  'SELECT id, name, bindings, version FROM groups ORDER BY id',
  'SELECT group_id, service_account_id FROM group_members ORDER BY group_id, service_account_id',
  'SELECT id, inherited_permissions FROM service_accounts ORDER BY id',
];

export async function storedState(t: TestServer): Promise<string> {
  return JSON.stringify(await Promise.all(SQL.map((sql) => t.query(sql))));
}

/** Runs `request` and checks that nothing stored changed; returns its response. */
export async function changesNothing<T>(t: TestServer, request: () => PromiseLike<T>): Promise<T> {
  const before = await storedState(t);
  const res = await request();
  expect(await storedState(t)).toBe(before);
  return res;
}
