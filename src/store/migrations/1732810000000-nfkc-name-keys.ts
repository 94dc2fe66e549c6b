// Issue 12: names are unique by their NFKC case-folded key (`nameKey` in src/core/rules.ts). Keys
// written before were only lower-cased, so a stored "ＡＣＭＥ" kept the key "ａｃｍｅ" and "ACME" could
// still be made (and a search for "acme" missed it). Every key that now differs is recomputed,
// oldest row first; a row whose new key another row already holds keeps its old key (the two exist
// already and stay; only new look-alikes are refused). Names themselves are left as written.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { nameKey } from '../../core/rules';

const TABLES = ['service_accounts', 'workspaces'];
/** The widest name_key (varchar(400) on PostgreSQL). */
const MAX_KEY = 400;

interface NameRow {
  id: string;
  organization_id: string;
  name: string;
  name_key: string;
}

export class NfkcNameKeys1732810000000 implements MigrationInterface {
  name = 'NfkcNameKeys1732810000000';

  async up(q: QueryRunner): Promise<void> {
    await rekey(q, nameKey);
  }

  /** Back to the keys the code before computed. */
  async down(q: QueryRunner): Promise<void> {
    await rekey(q, (name) => name.trim().toLowerCase());
  }
}

async function rekey(q: QueryRunner, keyOf: (name: string) => string): Promise<void> {
  const pg = q.connection.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  // An ASCII name's key is unchanged (case folding and NFKC leave ASCII as lower-casing did).
  const nonAscii = pg ? "name ~ '[^ -~]'" : "name GLOB '*[^ -~]*'";
  for (const table of TABLES) {
    const rows = (await q.query(
      `SELECT id, organization_id, name, name_key FROM ${table} WHERE ${nonAscii} ORDER BY created_at, id`,
    )) as NameRow[];
    for (const row of rows) {
      const key = keyOf(row.name);
      if (key === row.name_key || key.length > MAX_KEY) continue;
      const taken = (await q.query(`SELECT 1 FROM ${table} WHERE organization_id = ${p(1)} AND name_key = ${p(2)}`, [
        row.organization_id,
        key,
      ])) as unknown[];
      if (!taken.length) await q.query(`UPDATE ${table} SET name_key = ${p(1)} WHERE id = ${p(2)}`, [key, row.id]);
    }
  }
}
