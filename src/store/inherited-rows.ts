// What accounts inherit through their groups, and the scopes of the keys that follow their accounts,
// written for many accounts in a few statements whatever their number (issue 25: a change to a
// group wrote two rows per member, one statement each, so a large group held the database for as
// long as it had members). One UPDATE with a CASE per 200 accounts.
import type { EntityManager } from 'typeorm';

const ACCOUNTS_PER_STATEMENT = 200;

export interface Following {
  accountId: string;
  /** The scopes of its keys made without scopes. */
  readWrite: string[];
  /** The same for its read-only keys (only read permissions). */
  readOnly: string[];
}

export interface InheritedRows {
  setInherited(orgId: string, inherited: Map<string, string[]>): Promise<void>;
  follow(orgId: string, following: Following[]): Promise<void>;
}

export function inheritedRows(m: EntityManager, placeholder: (n: number) => string): InheritedRows {
  const pg = m.connection.options.type === 'postgres';
  const [yes, no] = pg ? ['true', 'false'] : ['1', '0'];

  /** Runs `build` on each chunk with a fresh parameter list; `at` adds a value and names its placeholder. */
  async function inChunks<T>(items: T[], build: (chunk: T[], at: (value: unknown) => string) => string): Promise<void> {
    for (let start = 0; start < items.length; start += ACCOUNTS_PER_STATEMENT) {
      const params: unknown[] = [];
      const at = (value: unknown) => (params.push(value), placeholder(params.length));
      await m.query(build(items.slice(start, start + ACCOUNTS_PER_STATEMENT), at), params);
    }
  }

  return {
    setInherited: (orgId, inherited) =>
      inChunks([...inherited], (chunk, at) => {
        const value = chunk.map(([id, permissions]) => `WHEN ${at(id)} THEN ${at(JSON.stringify(permissions))}`).join(' ');
        return `UPDATE service_accounts SET inherited_permissions = CASE id ${value} END
          WHERE organization_id = ${at(orgId)} AND id IN (${chunk.map(([id]) => at(id)).join(', ')})`;
      }),
    follow: (orgId, following) =>
      inChunks(following, (chunk, at) => {
        const scopes = (pick: (f: Following) => string[]) =>
          `CASE service_account_id ${chunk.map((f) => `WHEN ${at(f.accountId)} THEN ${at(JSON.stringify(pick(f)))}`).join(' ')} END`;
        return `UPDATE keys SET scopes = CASE WHEN read_only = ${yes} THEN ${scopes((f) => f.readOnly)} ELSE ${scopes((f) => f.readWrite)} END
          WHERE organization_id = ${at(orgId)} AND scopes_explicit = ${no}
            AND service_account_id IN (${chunk.map((f) => at(f.accountId)).join(', ')})`;
      }),
  };
}
