'use strict';
// Databases for the benchmark: fresh SQLite files in a temp directory, or fresh schemas when
// DATABASE_URL is a PostgreSQL URL. drop() removes whatever was made.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

async function openDatabases(url = process.env.DATABASE_URL ?? '') {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { Client } = require('pg');
    const base = new URL(url);
    base.searchParams.delete('schema');
    const prefix = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const made = [];
    const admin = async (sql) => {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    const open = async (name) => {
      const schema = `${prefix}_${name}`;
      await admin(`CREATE SCHEMA ${schema}`);
      made.push(schema);
      const withSchema = new URL(base.toString());
      withSchema.searchParams.set('schema', schema);
      return { engine: 'postgres', url: base.toString(), schema, serverUrl: withSchema.toString(), where: `schema ${schema}` };
    };
    return {
      open,
      async drop() {
        for (const s of made) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'iamgate-bench-'));
  return {
    open: async (name) => {
      const file = join(dir, name, 'iamgate.sqlite');
      return { engine: 'sqlite', file, serverUrl: `sqlite:${file}`, where: file };
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { openDatabases };
